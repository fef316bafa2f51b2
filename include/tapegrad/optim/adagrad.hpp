#pragma once
/// Adagrad (Duchi et al.) with learning-rate decay and L2 weight decay: torch.optim.Adagrad's
/// update.
///
///     tg::optim::Adagrad opt(net->parameters(), tg::optim::AdagradOptions(1e-2).lr_decay(1e-4));
#include <memory>
#include <string>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/optim/optimizer.hpp>

namespace tapegrad {
namespace optim {

/// Adagrad's hyper-parameters, with chainable setters:
/// `AdagradOptions(1e-2).lr_decay(0).weight_decay(0).initial_accumulator_value(0).eps(1e-10)`.
class AdagradOptions : public detail::ChainableOptions<AdagradOptions> {
 public:
  /// Learning rate (>= 0, default 1e-2).
  /* implicit, as LibTorch */ AdagradOptions(double lr = 1e-2) : ChainableOptions(lr) {}
  /// Step t uses lr / (1 + (t - 1) * lr_decay) (>= 0).
  AdagradOptions& lr_decay(double value) { return set(lr_decay_, value); }
  /// L2 penalty added to the gradient (>= 0).
  AdagradOptions& weight_decay(double value) { return set(weight_decay_, value); }
  /// Starting value of the sum of squared gradients (>= 0).
  AdagradOptions& initial_accumulator_value(double value) { return set(initial_accumulator_value_, value); }
  /// Added to the denominator for numerical stability (>= 0, default 1e-10).
  AdagradOptions& eps(double value) { return set(eps_, value); }
  double lr_decay() const { return lr_decay_; }                                    ///< lr decay
  double weight_decay() const { return weight_decay_; }                            ///< L2 penalty
  double initial_accumulator_value() const { return initial_accumulator_value_; }  ///< initial sum
  double eps() const { return eps_; }                                              ///< denominator term
  /// Throws tapegrad::Error, starting with `optimizer`, for the first option out of range (what the
  /// optimizer's constructor and add_param_group call).
  void check(const char* optimizer) const;

 private:
  double lr_decay_ = 0.0;
  double weight_decay_ = 0.0;
  double initial_accumulator_value_ = 0.0;
  double eps_ = 1e-10;
};

/// Adagrad. Per parameter p with gradient g at step t (state "step" and "sum", created for
/// every parameter at construction, as in PyTorch):
///
///     g = g + weight_decay * p
///     sum = sum + g^2
///     p = p - lr / (1 + (t - 1) * lr_decay) * g / (sqrt(sum) + eps)
class Adagrad : public detail::OptimizerWith<AdagradOptions> {
 public:
  /// Optimizes `params` with `defaults`. Throws "Adagrad: got an empty parameter list" when empty.
  explicit Adagrad(std::vector<Tensor> params, AdagradOptions defaults = AdagradOptions());
  /// Groups with their own AdagradOptions; groups without options use `defaults`.
  explicit Adagrad(const std::vector<OptimizerParamGroup>& param_groups, AdagradOptions defaults = AdagradOptions());
  void step() override;  ///< one update of every parameter that has a gradient

 protected:
  std::vector<std::string> state_names(const OptimizerOptions& options) const override;
};

}  // namespace optim
}  // namespace tapegrad
