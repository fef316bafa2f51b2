#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/optim/sgd.hpp>

#include "fused_update.hpp"

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
    // one pass over param, grad and the momentum buffer when they are plain contiguous buffers
    Tensor* buf = nullptr;
    bool first = false;
    if (o.momentum() != 0) {
      auto found = state.find("momentum_buffer");
      first = found == state.end();
      if (first && detail::fusable({&p, &d_p}))
        found = state.emplace("momentum_buffer", zeros_like(p)).first;  // fused below: p, d_p checked
      if (found != state.end()) buf = &found->second;
    }
    auto fused = [&](auto tag) {
      using T = decltype(tag);
      const detail::SgdScalars<T> s{static_cast<T>(o.lr()),
                                    static_cast<T>(o.weight_decay()),
                                    static_cast<T>(o.momentum()),
                                    static_cast<T>(o.dampening()),
                                    o.nesterov(),
                                    first};
      detail::sgd_update<T>(static_cast<std::size_t>(p.numel()), p.data_ptr<T>(), d_p.data_ptr<T>(),
                            buf ? buf->data_ptr<T>() : nullptr, s);
    };
    if (o.momentum() == 0 ? detail::fused_update({&d_p}, {&p}, fused)
                          : buf && detail::fused_update({&d_p}, {&p, buf}, fused))
      return;
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
