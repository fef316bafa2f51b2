#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/optim/adam.hpp>
#include <tapegrad/optim/adamw.hpp>

namespace tapegrad {
namespace optim {

AdamW::AdamW(std::vector<Tensor> params, AdamWOptions defaults)
    : OptimizerWith("AdamW", std::move(params), std::move(defaults)) {}

AdamW::AdamW(const std::vector<OptimizerParamGroup>& param_groups, AdamWOptions defaults)
    : OptimizerWith("AdamW", param_groups, std::move(defaults)) {}

std::vector<std::string> AdamW::state_names(const OptimizerOptions& options) const {
  if (static_cast<const AdamWOptions&>(options).amsgrad()) return {"step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"};
  return {"step", "exp_avg", "exp_avg_sq"};
}

void AdamW::step() {
  NoGradGuard no_grad;
  for (std::size_t g = 0; g < param_groups().size(); ++g) {
    auto& group = param_groups()[g];
    const auto& o = static_cast<const AdamWOptions&>(group.options());
    const detail::AdamStep hyper{
        o.lr(), std::get<0>(o.betas()), std::get<1>(o.betas()), o.eps(), o.weight_decay(), o.amsgrad(), true};
    for (std::size_t i = 0; i < group.params().size(); ++i) {
      Tensor& p = group.params()[i];
      if (!p.grad().defined()) continue;
      detail::adam_update(p, p.grad(), mutable_state(g, i), hyper);
    }
  }
}

}  // namespace optim
}  // namespace tapegrad
