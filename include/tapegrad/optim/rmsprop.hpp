#pragma once
/// RMSprop (Hinton) with optional momentum, centering and L2 weight decay:
/// torch.optim.RMSprop's update.
///
///     tg::optim::RMSprop opt(net->parameters(), tg::optim::RMSpropOptions(1e-2).alpha(0.99));
#include <memory>
#include <string>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/optim/optimizer.hpp>

namespace tapegrad {
namespace optim {

/// RMSprop's hyper-parameters, with chainable setters:
/// `RMSpropOptions(1e-2).alpha(0.99).eps(1e-8).weight_decay(0).momentum(0).centered(false)`.
class RMSpropOptions : public detail::ChainableOptions<RMSpropOptions> {
 public:
  /// Learning rate (>= 0, default 1e-2).
  /* implicit, as LibTorch */ RMSpropOptions(double lr = 1e-2) : ChainableOptions(lr) {}
  /// Smoothing constant of the squared-gradient average (>= 0, default 0.99).
  RMSpropOptions& alpha(double value) { return set(alpha_, value); }
  /// Added to the denominator for numerical stability (>= 0, default 1e-8).
  RMSpropOptions& eps(double value) { return set(eps_, value); }
  /// L2 penalty added to the gradient (>= 0).
  RMSpropOptions& weight_decay(double value) { return set(weight_decay_, value); }
  /// Momentum factor (>= 0; 0 turns momentum off).
  RMSpropOptions& momentum(double value) { return set(momentum_, value); }
  /// Normalise by an estimate of the gradient's variance rather than its second moment.
  RMSpropOptions& centered(bool value) { return set(centered_, value); }
  double alpha() const { return alpha_; }                ///< smoothing constant
  double eps() const { return eps_; }                    ///< denominator term
  double weight_decay() const { return weight_decay_; }  ///< L2 penalty
  double momentum() const { return momentum_; }          ///< momentum factor
  bool centered() const { return centered_; }            ///< centered variant on?
  /// Throws tapegrad::Error, starting with `optimizer`, for the first option out of range (what the
  /// optimizer's constructor and add_param_group call).
  void check(const char* optimizer) const;

 private:
  double alpha_ = 0.99;
  double eps_ = 1e-8;
  double weight_decay_ = 0.0;
  double momentum_ = 0.0;
  bool centered_ = false;
};

/// RMSprop. Per parameter p with gradient g (state "step", "square_avg", plus
/// "momentum_buffer" with momentum > 0 and "grad_avg" when centered):
///
///     g = g + weight_decay * p
///     v = alpha * v + (1 - alpha) * g^2
///     avg = sqrt(v - m^2) + eps with m = alpha * m + (1 - alpha) * g when centered,
///           sqrt(v) + eps otherwise
///     buf = momentum * buf + g / avg; p = p - lr * buf    (momentum > 0)
///     p = p - lr * g / avg                                 (otherwise)
class RMSprop : public detail::OptimizerWith<RMSpropOptions> {
 public:
  /// Optimizes `params` with `defaults`. Throws "RMSprop: got an empty parameter list" when empty.
  explicit RMSprop(std::vector<Tensor> params, RMSpropOptions defaults = RMSpropOptions());
  /// Groups with their own RMSpropOptions; groups without options use `defaults`.
  explicit RMSprop(const std::vector<OptimizerParamGroup>& param_groups, RMSpropOptions defaults = RMSpropOptions());
  void step() override;  ///< one update of every parameter that has a gradient

 protected:
  std::vector<std::string> state_names(const OptimizerOptions& options) const override;
};

}  // namespace optim
}  // namespace tapegrad
