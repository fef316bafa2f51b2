#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/optim/sgd.hpp>

#include "option_checks.hpp"

namespace tapegrad {
namespace optim {

void SGDOptions::check(const char* optimizer) const {
  detail::check_non_negative(optimizer,
                             {{"learning rate", lr()}, {"momentum", momentum_}, {"weight_decay", weight_decay_}});
  TG_CHECK(!nesterov_ || (momentum_ > 0 && dampening_ == 0), optimizer,
           "nesterov momentum requires a momentum > 0 and zero dampening (got momentum ", momentum_, ", dampening ",
           dampening_, ")");
}

SGD::SGD(std::vector<Tensor> params, SGDOptions defaults)
    : OptimizerWith("SGD", std::move(params), std::move(defaults)) {}

SGD::SGD(const std::vector<OptimizerParamGroup>& param_groups, SGDOptions defaults)
    : OptimizerWith("SGD", param_groups, std::move(defaults)) {}

std::vector<std::string> SGD::state_names(const OptimizerOptions& options) const {
  if (static_cast<const SGDOptions&>(options).momentum() == 0) return {};
  return {"momentum_buffer"};
}

void SGD::step() {
  for_each_param_with_grad([](Tensor& p, Tensor& d_p, const SGDOptions& o, ParamState& state) {
    if (o.weight_decay() != 0) d_p = d_p + p * o.weight_decay();
    if (o.momentum() != 0) {
      auto found = state.find("momentum_buffer");
      if (found == state.end()) {
        found = state.emplace("momentum_buffer", d_p.detach().clone()).first;
      } else {
        found->second.mul_(o.momentum()).add_(d_p, 1.0 - o.dampening());
      }
      const Tensor& buf = found->second;
      d_p = o.nesterov() ? d_p + buf * o.momentum() : buf;
    }
    p.add_(d_p, -o.lr());
  });
}

}  // namespace optim
}  // namespace tapegrad
