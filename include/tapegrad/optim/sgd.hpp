#pragma once
/// Stochastic gradient descent with optional momentum (heavy-ball or Nesterov), dampening and
/// L2 weight decay: torch.optim.SGD's update, step for step.
///
///     tg::optim::SGD opt(net->parameters(), tg::optim::SGDOptions(0.1).momentum(0.9).nesterov(true));
#include <memory>
#include <string>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/optim/optimizer.hpp>

namespace tapegrad {
namespace optim {

/// SGD's hyper-parameters, with chainable setters: `SGDOptions(0.1).momentum(0.9)`.
/// The learning rate has no default, as in PyTorch.
class SGDOptions : public detail::ChainableOptions<SGDOptions> {
 public:
  /// Learning rate (>= 0).
  /* implicit, as LibTorch */ SGDOptions(double lr) : ChainableOptions(lr) {}
  /// Momentum factor mu (>= 0; 0 turns momentum off): buf = mu * buf + (1 - dampening) * g.
  SGDOptions& momentum(double value) { return set(momentum_, value); }
  /// Dampening of the momentum (default 0).
  SGDOptions& dampening(double value) { return set(dampening_, value); }
  /// L2 penalty (>= 0): g += weight_decay * p before the momentum.
  SGDOptions& weight_decay(double value) { return set(weight_decay_, value); }
  /// Nesterov momentum: steps along g + mu * buf. Needs momentum > 0 and zero dampening.
  SGDOptions& nesterov(bool value) { return set(nesterov_, value); }
  double momentum() const { return momentum_; }          ///< momentum factor
  double dampening() const { return dampening_; }        ///< momentum dampening
  double weight_decay() const { return weight_decay_; }  ///< L2 penalty
  bool nesterov() const { return nesterov_; }            ///< Nesterov momentum on?
  /// Throws tapegrad::Error, starting with `optimizer`, for the first option out of range (what the
  /// optimizer's constructor and add_param_group call).
  void check(const char* optimizer) const;

 private:
  double momentum_ = 0.0;
  double dampening_ = 0.0;
  double weight_decay_ = 0.0;
  bool nesterov_ = false;
};

/// SGD. Per parameter p with gradient g (state "momentum_buffer" when momentum != 0):
///
///     g = g + weight_decay * p
///     buf = g (first step), else buf = momentum * buf + (1 - dampening) * g
///     g = nesterov ? g + momentum * buf : buf
///     p = p - lr * g
class SGD : public detail::OptimizerWith<SGDOptions> {
 public:
  /// Optimizes `params` with `defaults`. Throws "SGD: got an empty parameter list" when empty.
  SGD(std::vector<Tensor> params, SGDOptions defaults);
  /// Groups with their own SGDOptions; groups without options use `defaults`.
  SGD(const std::vector<OptimizerParamGroup>& param_groups, SGDOptions defaults);
  void step() override;  ///< one update of every parameter that has a gradient

 protected:
  std::vector<std::string> state_names(const OptimizerOptions& options) const override;
};

}  // namespace optim
}  // namespace tapegrad
