#pragma once
/// AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, torch.optim.AdamW's update.
///
///     tg::optim::AdamW opt(net->parameters(), tg::optim::AdamWOptions(1e-3).weight_decay(1e-2));
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/optim/optimizer.hpp>

namespace tapegrad {
namespace optim {

/// AdamW's hyper-parameters: Adam's, with weight decay 1e-2 by default.
class AdamWOptions : public OptimizerOptions {
 public:
  /// Learning rate (>= 0, default 1e-3).
  explicit AdamWOptions(double lr = 1e-3) : lr_(lr) {}
  AdamWOptions& lr(double value) { lr_ = value; return *this; }
  /// Decay rates of the first and second moment averages, each in [0, 1).
  AdamWOptions& betas(const std::tuple<double, double>& value) { betas_ = value; return *this; }
  /// Added to the denominator for numerical stability (>= 0).
  AdamWOptions& eps(double value) { eps_ = value; return *this; }
  /// Decoupled decay (>= 0): each step multiplies p by 1 - lr * weight_decay.
  AdamWOptions& weight_decay(double value) { weight_decay_ = value; return *this; }
  /// Normalise by the running maximum of the second moment (AMSGrad).
  AdamWOptions& amsgrad(bool value) { amsgrad_ = value; return *this; }
  double lr() const { return lr_; }                                ///< learning rate
  const std::tuple<double, double>& betas() const { return betas_; }  ///< (beta1, beta2)
  double eps() const { return eps_; }                              ///< denominator term
  double weight_decay() const { return weight_decay_; }            ///< decoupled decay
  bool amsgrad() const { return amsgrad_; }                        ///< AMSGrad on?

  std::unique_ptr<OptimizerOptions> clone() const override { return std::make_unique<AdamWOptions>(*this); }  ///< a copy
  double get_lr() const override { return lr_; }  ///< same as lr()
  void set_lr(double lr) override { lr_ = lr; }  ///< same as lr(value)

 private:
  double lr_;
  std::tuple<double, double> betas_{0.9, 0.999};
  double eps_ = 1e-8;
  double weight_decay_ = 1e-2;
  bool amsgrad_ = false;
};

/// AdamW: p = p * (1 - lr * weight_decay), then Adam's update without an L2 term (same state).
class AdamW : public Optimizer {
 public:
  /// Optimizes `params` with `defaults`. Throws "AdamW: got an empty parameter list" when empty.
  explicit AdamW(std::vector<Tensor> params, AdamWOptions defaults = AdamWOptions());
  /// Groups with their own AdamWOptions; groups without options use `defaults`.
  explicit AdamW(const std::vector<OptimizerParamGroup>& param_groups, AdamWOptions defaults = AdamWOptions());
  void step() override;  ///< one update of every parameter that has a gradient

 protected:
  void check_options(const OptimizerOptions& options) const override;
  std::vector<std::string> state_names(const OptimizerOptions& options) const override;
};

}  // namespace optim
}  // namespace tapegrad
