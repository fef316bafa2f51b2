#include <cmath>
#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/indexing.hpp>
#include <tapegrad/optim/adam.hpp>
#include <tapegrad/optim/adamw.hpp>

#include "option_checks.hpp"

namespace tapegrad {
namespace optim {

namespace detail {

template <typename Self>
void AdamFamilyOptions<Self>::check(const char* optimizer) const {
  check_non_negative(optimizer, {{"learning rate", this->lr()}, {"eps", eps_}});
  check_in_zero_to_one(optimizer, {{"betas[0]", std::get<0>(betas_)}, {"betas[1]", std::get<1>(betas_)}});
  check_non_negative(optimizer, {{"weight_decay", weight_decay_}});
}

// the one definition of the members Adam's and AdamW's options share
template class AdamFamilyOptions<AdamOptions>;
template class AdamFamilyOptions<AdamWOptions>;

}  // namespace detail

Adam::Adam(std::vector<Tensor> params, AdamOptions defaults)
    : OptimizerWith("Adam", std::move(params), std::move(defaults)) {}

Adam::Adam(const std::vector<OptimizerParamGroup>& param_groups, AdamOptions defaults)
    : OptimizerWith("Adam", param_groups, std::move(defaults)) {}

std::vector<std::string> Adam::state_names(const OptimizerOptions& options) const {
  if (static_cast<const AdamOptions&>(options).amsgrad()) return {"step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"};
  return {"step", "exp_avg", "exp_avg_sq"};
}

void Adam::step() {
  NoGradGuard no_grad;
  for (std::size_t g = 0; g < param_groups().size(); ++g) {
    auto& group = param_groups()[g];
    const auto& o = static_cast<const AdamOptions&>(group.options());
    const detail::AdamStep hyper{
        o.lr(), std::get<0>(o.betas()), std::get<1>(o.betas()), o.eps(), o.weight_decay(), o.amsgrad(), false};
    for (std::size_t i = 0; i < group.params().size(); ++i) {
      Tensor& p = group.params()[i];
      if (!p.grad().defined()) continue;
      detail::adam_update(p, p.grad(), mutable_state(g, i), hyper);
    }
  }
}

namespace detail {

void adam_update(Tensor& param, const Tensor& grad_in, Optimizer::ParamState& state, const AdamStep& h) {
  if (state.empty()) {
    state["step"] = scalar_tensor(0.0, kFloat64);
    state["exp_avg"] = zeros_like(param);
    state["exp_avg_sq"] = zeros_like(param);
  }
  // amsgrad may be switched on after the first steps (through param_groups())
  if (h.amsgrad && state.count("max_exp_avg_sq") == 0) state["max_exp_avg_sq"] = zeros_like(param);
  Tensor& step = state.at("step");
  Tensor& exp_avg = state.at("exp_avg");
  Tensor& exp_avg_sq = state.at("exp_avg_sq");
  step.add_(1.0);
  const double t = step.item<double>();

  Tensor grad = grad_in;
  if (h.decoupled_weight_decay) {
    param.mul_(1.0 - h.lr * h.weight_decay);
  } else if (h.weight_decay != 0) {
    grad = grad + param * h.weight_decay;
  }
  exp_avg.mul_(h.beta1).add_(grad, 1.0 - h.beta1);
  exp_avg_sq.mul_(h.beta2).addcmul_(grad, grad, 1.0 - h.beta2);

  const double bias_correction1 = 1.0 - std::pow(h.beta1, t);
  const double bias_correction2 = 1.0 - std::pow(h.beta2, t);
  const double step_size = h.lr / bias_correction1;
  Tensor second_moment = exp_avg_sq;
  if (h.amsgrad) {
    Tensor& max_exp_avg_sq = state.at("max_exp_avg_sq");
    max_exp_avg_sq = where(exp_avg_sq > max_exp_avg_sq, exp_avg_sq, max_exp_avg_sq);
    second_moment = max_exp_avg_sq;
  }
  Tensor denom = second_moment.sqrt();
  denom.div_(std::sqrt(bias_correction2)).add_(h.eps);
  param.addcdiv_(exp_avg, denom, -step_size);
}

}  // namespace detail

}  // namespace optim
}  // namespace tapegrad
