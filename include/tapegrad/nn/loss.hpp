#pragma once
/// Loss modules, as torch::nn::MSELoss etc.: a reduction chosen once, then
/// `loss = criterion(input, target)` through forward(input, target). The formulas live in
/// tg::nn::functional (nn/functional.hpp).
///
///     tg::nn::CrossEntropyLoss criterion;
///     tg::Tensor loss = criterion(model->forward(x), labels);
#include <string>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/nn/functional.hpp>
#include <tapegrad/nn/module.hpp>
#include <tapegrad/nn/reduction.hpp>

namespace tapegrad::nn {

/// Common part of the loss modules: the reduction, printing, and operator().
class Loss : public Module {
 public:
  explicit Loss(Reduction reduction) : reduction_(reduction) {}
  using Module::forward;  // forward(Tensor) throws: a loss needs a target
  /// The loss of `input` against `target`.
  virtual Tensor forward(const Tensor& input, const Tensor& target) = 0;
  /// Same as forward(input, target).
  Tensor operator()(const Tensor& input, const Tensor& target) { return forward(input, target); }
  Reduction reduction() const { return reduction_; }  ///< as constructed
  std::string extra_repr() const override;            ///< "reduction=mean"

 private:
  Reduction reduction_;
};

/// Mean squared error: functional::mse_loss.
class MSELoss : public Loss {
 public:
  explicit MSELoss(Reduction reduction = Reduction::Mean) : Loss(reduction) {}
  using Loss::forward;
  Tensor forward(const Tensor& input, const Tensor& target) override;
};

/// Binary cross-entropy on probabilities: functional::binary_cross_entropy.
class BCELoss : public Loss {
 public:
  explicit BCELoss(Reduction reduction = Reduction::Mean, Tensor weight = Tensor())
      : Loss(reduction), weight_(std::move(weight)) {}
  using Loss::forward;
  Tensor forward(const Tensor& input, const Tensor& target) override;

 private:
  Tensor weight_;
};

/// Binary cross-entropy on logits: functional::binary_cross_entropy_with_logits.
class BCEWithLogitsLoss : public Loss {
 public:
  explicit BCEWithLogitsLoss(Reduction reduction = Reduction::Mean, Tensor weight = Tensor(),
                             Tensor pos_weight = Tensor())
      : Loss(reduction), weight_(std::move(weight)), pos_weight_(std::move(pos_weight)) {}
  using Loss::forward;
  Tensor forward(const Tensor& input, const Tensor& target) override;

 private:
  Tensor weight_;
  Tensor pos_weight_;
};

/// Softmax cross-entropy on logits: functional::cross_entropy.
class CrossEntropyLoss : public Loss {
 public:
  explicit CrossEntropyLoss(Reduction reduction = Reduction::Mean) : Loss(reduction) {}
  using Loss::forward;
  Tensor forward(const Tensor& input, const Tensor& target) override;
};

/// Negative log-likelihood on log-probabilities: functional::nll_loss.
class NLLLoss : public Loss {
 public:
  explicit NLLLoss(Reduction reduction = Reduction::Mean) : Loss(reduction) {}
  using Loss::forward;
  Tensor forward(const Tensor& input, const Tensor& target) override;
};

}  // namespace tapegrad::nn
