#pragma once
/// Adam (Kingma & Ba) with optional AMSGrad and L2 weight decay: torch.optim.Adam's update.
///
///     tg::optim::Adam opt(net->parameters(), tg::optim::AdamOptions(1e-3).betas({0.9, 0.999}));
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/optim/optimizer.hpp>

namespace tapegrad {
namespace optim {

namespace detail {
/// The hyper-parameters Adam and AdamW share, with chainable setters that return the concrete
/// options class `Self` (so `AdamWOptions(1e-3).betas(...)` stays an AdamWOptions).
template <typename Self>
class AdamFamilyOptions : public ChainableOptions<Self> {
 public:
  /// Decay rates of the first and second moment averages, each in [0, 1).
  Self& betas(const std::tuple<double, double>& value) { return this->set(betas_, value); }
  /// Added to the denominator for numerical stability (>= 0).
  Self& eps(double value) { return this->set(eps_, value); }
  /// Weight decay (>= 0): an L2 term for Adam, decoupled (p *= 1 - lr * weight_decay) for AdamW.
  Self& weight_decay(double value) { return this->set(weight_decay_, value); }
  /// Normalise by the running maximum of the second moment (AMSGrad).
  Self& amsgrad(bool value) { return this->set(amsgrad_, value); }
  const std::tuple<double, double>& betas() const { return betas_; }  ///< (beta1, beta2)
  double eps() const { return eps_; }                                 ///< denominator term
  double weight_decay() const { return weight_decay_; }               ///< decay
  bool amsgrad() const { return amsgrad_; }                           ///< AMSGrad on?
  /// Throws tapegrad::Error, starting with `optimizer`, for the first option out of range (what the
  /// optimizer's constructor and add_param_group call).
  void check(const char* optimizer) const;

 protected:
  AdamFamilyOptions(double lr, double weight_decay) : ChainableOptions<Self>(lr), weight_decay_(weight_decay) {}

 private:
  std::tuple<double, double> betas_{0.9, 0.999};
  double eps_ = 1e-8;
  double weight_decay_;
  bool amsgrad_ = false;
};
}  // namespace detail

/// Adam's hyper-parameters, with chainable setters:
/// `AdamOptions(1e-3).betas({0.9, 0.999}).eps(1e-8).weight_decay(0).amsgrad(false)`.
class AdamOptions : public detail::AdamFamilyOptions<AdamOptions> {
 public:
  /// Learning rate (>= 0, default 1e-3); weight decay (an L2 term added to the gradient)
  /// defaults to 0. See AdamW for the decoupled form.
  /* implicit, as LibTorch */ AdamOptions(double lr = 1e-3) : AdamFamilyOptions(lr, 0.0) {}
};
extern template class detail::AdamFamilyOptions<AdamOptions>;  // defined in optim/adam.cpp

namespace detail {
/// Where an Adam-family optimizer applies its weight decay.
enum class AdamWeightDecay {
  l2,         ///< Adam: g = g + weight_decay * p
  decoupled,  ///< AdamW: p = p * (1 - lr * weight_decay), then Adam's update without an L2 term
};

/// Adam and AdamW, written once: the same state ("step", "exp_avg", "exp_avg_sq", and
/// "max_exp_avg_sq" with amsgrad) and the same update but for where weight decay enters.
template <typename Options, AdamWeightDecay decay>
class AdamFamily : public OptimizerWith<Options> {
 public:
  void step() override;  ///< one update of every parameter that has a gradient

 protected:
  using OptimizerWith<Options>::OptimizerWith;  ///< (name, params or param_groups, defaults)
  std::vector<std::string> state_names(const OptimizerOptions& options) const override;
};
}  // namespace detail
extern template class detail::AdamFamily<AdamOptions, detail::AdamWeightDecay::l2>;  // defined in optim/adam.cpp

/// Adam. Per parameter p with gradient g, at step t (state "step", "exp_avg", "exp_avg_sq",
/// and "max_exp_avg_sq" with amsgrad):
///
///     g = g + weight_decay * p
///     m = beta1 * m + (1 - beta1) * g;   v = beta2 * v + (1 - beta2) * g^2
///     v_hat = amsgrad ? (v_max = max(v_max, v)) : v
///     p = p - lr / (1 - beta1^t) * m / (sqrt(v_hat) / sqrt(1 - beta2^t) + eps)
class Adam : public detail::AdamFamily<AdamOptions, detail::AdamWeightDecay::l2> {
 public:
  /// Optimizes `params` with `defaults`. Throws "Adam: got an empty parameter list" when empty.
  explicit Adam(std::vector<Tensor> params, AdamOptions defaults = AdamOptions());
  /// Groups with their own AdamOptions; groups without options use `defaults`.
  explicit Adam(const std::vector<OptimizerParamGroup>& param_groups, AdamOptions defaults = AdamOptions());
};

}  // namespace optim
}  // namespace tapegrad
