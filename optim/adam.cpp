#include <cmath>
#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/indexing.hpp>
#include <tapegrad/optim/adam.hpp>
#include <tapegrad/optim/adamw.hpp>

#include "fused_update.hpp"
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

template <typename Options, AdamWeightDecay decay>
std::vector<std::string> AdamFamily<Options, decay>::state_names(const OptimizerOptions& options) const {
  if (static_cast<const Options&>(options).amsgrad()) return {"step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"};
  return {"step", "exp_avg", "exp_avg_sq"};
}

template <typename Options, AdamWeightDecay decay>
void AdamFamily<Options, decay>::step() {
  this->for_each_param_with_grad([](Tensor& param, Tensor& grad, const Options& o, Optimizer::ParamState& state) {
    if (state.empty()) {
      state["step"] = scalar_tensor(0.0, kFloat64);
      state["exp_avg"] = zeros_like(param);
      state["exp_avg_sq"] = zeros_like(param);
    }
    // amsgrad may be switched on after the first steps (through param_groups())
    if (o.amsgrad() && state.count("max_exp_avg_sq") == 0) state["max_exp_avg_sq"] = zeros_like(param);
    Tensor& step = state.at("step");
    Tensor& exp_avg = state.at("exp_avg");
    Tensor& exp_avg_sq = state.at("exp_avg_sq");
    step.add_(1.0);
    const double t = step.item<double>();
    const auto [beta1, beta2] = o.betas();

    const double bias_correction1 = 1.0 - std::pow(beta1, t);
    const double bias_correction2 = 1.0 - std::pow(beta2, t);
    const double step_size = o.lr() / bias_correction1;
    // one pass over param, grad and the moments when they are plain contiguous buffers
    Tensor* max_sq = o.amsgrad() ? &state.at("max_exp_avg_sq") : nullptr;
    const bool decoupled = decay == AdamWeightDecay::decoupled;
    auto fused = [&](auto tag) {
      using T = decltype(tag);
      const AdamScalars<T> s{static_cast<T>(beta1),
                             static_cast<T>(beta2),
                             static_cast<T>(step_size),
                             static_cast<T>(std::sqrt(bias_correction2)),
                             static_cast<T>(o.eps()),
                             static_cast<T>(o.weight_decay()),
                             static_cast<T>(decoupled ? 1.0 - o.lr() * o.weight_decay() : 1.0),
                             !decoupled && o.weight_decay() != 0};
      adam_update<T>(static_cast<std::size_t>(param.numel()), param.data_ptr<T>(), grad.data_ptr<T>(),
                     exp_avg.data_ptr<T>(), exp_avg_sq.data_ptr<T>(), max_sq ? max_sq->data_ptr<T>() : nullptr, s);
    };
    const bool done = max_sq ? fused_update({&grad}, {&param, &exp_avg, &exp_avg_sq, max_sq}, fused)
                             : fused_update({&grad}, {&param, &exp_avg, &exp_avg_sq}, fused);
    if (done) return;

    if constexpr (decay == AdamWeightDecay::decoupled) {
      param.mul_(1.0 - o.lr() * o.weight_decay());
    } else if (o.weight_decay() != 0) {
      grad = grad + param * o.weight_decay();
    }
    exp_avg.mul_(beta1).add_(grad, 1.0 - beta1);
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1.0 - beta2);
    Tensor second_moment = exp_avg_sq;
    if (o.amsgrad()) {
      Tensor& max_exp_avg_sq = state.at("max_exp_avg_sq");
      max_exp_avg_sq = where(exp_avg_sq > max_exp_avg_sq, exp_avg_sq, max_exp_avg_sq);
      second_moment = max_exp_avg_sq;
    }
    Tensor denom = second_moment.sqrt();
    denom.div_(std::sqrt(bias_correction2)).add_(o.eps());
    param.addcdiv_(exp_avg, denom, -step_size);
  });
}

// compiled here once for both optimizers; the headers declare these extern
template class AdamFamilyOptions<AdamOptions>;
template class AdamFamilyOptions<AdamWOptions>;
template class AdamFamily<AdamOptions, AdamWeightDecay::l2>;
template class AdamFamily<AdamWOptions, AdamWeightDecay::decoupled>;

}  // namespace detail

Adam::Adam(std::vector<Tensor> params, AdamOptions defaults)
    : AdamFamily("Adam", std::move(params), std::move(defaults)) {}

Adam::Adam(const std::vector<OptimizerParamGroup>& param_groups, AdamOptions defaults)
    : AdamFamily("Adam", param_groups, std::move(defaults)) {}

}  // namespace optim
}  // namespace tapegrad
