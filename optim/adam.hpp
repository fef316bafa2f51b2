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

/// Adam's hyper-parameters, with chainable setters:
/// `AdamOptions(1e-3).betas({0.9, 0.999}).eps(1e-8).weight_decay(0).amsgrad(false)`.
class AdamOptions : public OptimizerOptions {
 public:
  /// Learning rate (>= 0, default 1e-3).
  explicit AdamOptions(double lr = 1e-3) : lr_(lr) {}
  AdamOptions& lr(double value) { lr_ = value; return *this; }
  /// Decay rates of the first and second moment averages, each in [0, 1).
  AdamOptions& betas(const std::tuple<double, double>& value) { betas_ = value; return *this; }
  /// Added to the denominator for numerical stability (>= 0).
  AdamOptions& eps(double value) { eps_ = value; return *this; }
  /// L2 penalty added to the gradient (>= 0); see AdamW for the decoupled form.
  AdamOptions& weight_decay(double value) { weight_decay_ = value; return *this; }
  /// Normalise by the running maximum of the second moment (AMSGrad).
  AdamOptions& amsgrad(bool value) { amsgrad_ = value; return *this; }
  double lr() const { return lr_; }                                ///< learning rate
  const std::tuple<double, double>& betas() const { return betas_; }  ///< (beta1, beta2)
  double eps() const { return eps_; }                              ///< denominator term
  double weight_decay() const { return weight_decay_; }            ///< L2 penalty
  bool amsgrad() const { return amsgrad_; }                        ///< AMSGrad on?

  std::unique_ptr<OptimizerOptions> clone() const override { return std::make_unique<AdamOptions>(*this); }  ///< a copy
  double get_lr() const override { return lr_; }  ///< same as lr()
  void set_lr(double lr) override { lr_ = lr; }  ///< same as lr(value)

 private:
  double lr_;
  std::tuple<double, double> betas_{0.9, 0.999};
  double eps_ = 1e-8;
  double weight_decay_ = 0.0;
  bool amsgrad_ = false;
};

/// Adam. Per parameter p with gradient g, at step t (state "step", "exp_avg", "exp_avg_sq",
/// and "max_exp_avg_sq" with amsgrad):
///
///     g = g + weight_decay * p
///     m = beta1 * m + (1 - beta1) * g;   v = beta2 * v + (1 - beta2) * g^2
///     v_hat = amsgrad ? (v_max = max(v_max, v)) : v
///     p = p - lr / (1 - beta1^t) * m / (sqrt(v_hat) / sqrt(1 - beta2^t) + eps)
class Adam : public Optimizer {
 public:
  /// Optimizes `params` with `defaults`. Throws "Adam: got an empty parameter list" when empty.
  explicit Adam(std::vector<Tensor> params, AdamOptions defaults = AdamOptions());
  /// Groups with their own AdamOptions; groups without options use `defaults`.
  explicit Adam(const std::vector<OptimizerParamGroup>& param_groups, AdamOptions defaults = AdamOptions());
  void step() override;  ///< one update of every parameter that has a gradient

 protected:
  void check_options(const OptimizerOptions& options) const override;
  std::vector<std::string> state_names(const OptimizerOptions& options) const override;
};

namespace detail {
/// The hyper-parameters of one Adam or AdamW update.
struct AdamStep {
  double lr, beta1, beta2, eps, weight_decay;
  bool amsgrad;
  bool decoupled_weight_decay;  ///< AdamW: p *= 1 - lr * weight_decay instead of an L2 term
};
/// One Adam / AdamW update of `param` (shared by both optimizers; call under NoGradGuard).
void adam_update(Tensor& param, const Tensor& grad, Optimizer::ParamState& state, const AdamStep& hyper);
/// Checks Adam-family options, naming `optimizer` in the message.
void check_adam_options(const char* optimizer, double lr, const std::tuple<double, double>& betas,
                        double eps, double weight_decay);
}  // namespace detail

}  // namespace optim
}  // namespace tapegrad
