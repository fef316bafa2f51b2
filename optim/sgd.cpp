#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/optim/sgd.hpp>

namespace tapegrad {
namespace optim {

SGD::SGD(std::vector<Tensor> params, SGDOptions defaults)
    : SGD(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))}, std::move(defaults)) {}

SGD::SGD(const std::vector<OptimizerParamGroup>& param_groups, SGDOptions defaults)
    : Optimizer("SGD", std::make_unique<SGDOptions>(defaults)) {
  check_options(defaults);
  add_initial_param_groups(param_groups);
}

void SGD::check_options(const OptimizerOptions& options) const {
  const auto* o = dynamic_cast<const SGDOptions*>(&options);
  TG_CHECK(o != nullptr, "SGD", "a parameter group has options of another optimizer (expected SGDOptions)");
  TG_CHECK(o->lr() >= 0, "SGD", "invalid learning rate ", o->lr(), " (must be >= 0)");
  TG_CHECK(o->momentum() >= 0, "SGD", "invalid momentum ", o->momentum(), " (must be >= 0)");
  TG_CHECK(o->weight_decay() >= 0, "SGD", "invalid weight_decay ", o->weight_decay(), " (must be >= 0)");
  TG_CHECK(!o->nesterov() || (o->momentum() > 0 && o->dampening() == 0), "SGD",
           "nesterov momentum requires a momentum > 0 and zero dampening (got momentum ", o->momentum(), ", dampening ",
           o->dampening(), ")");
}

std::vector<std::string> SGD::state_names(const OptimizerOptions& options) const {
  if (static_cast<const SGDOptions&>(options).momentum() == 0) return {};
  return {"momentum_buffer"};
}

void SGD::step() {
  NoGradGuard no_grad;
  for (std::size_t g = 0; g < param_groups().size(); ++g) {
    auto& group = param_groups()[g];
    const auto& o = static_cast<const SGDOptions&>(group.options());
    for (std::size_t i = 0; i < group.params().size(); ++i) {
      Tensor& p = group.params()[i];
      Tensor d_p = p.grad();
      if (!d_p.defined()) continue;
      if (o.weight_decay() != 0) d_p = d_p + p * o.weight_decay();
      if (o.momentum() != 0) {
        ParamState& state = mutable_state(g, i);
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
    }
  }
}

}  // namespace optim
}  // namespace tapegrad
