#pragma once
/// Loss modules, as torch::nn::MSELoss etc.: options chosen once, then
/// `loss = criterion(input, target)` (the holder's operator() calls forward(input, target)).
/// The formulas live in tg::nn::functional (nn/functional.hpp).
///
///     tg::nn::CrossEntropyLoss criterion(tg::nn::CrossEntropyLossOptions().reduction(tg::kSum));
///     tg::Tensor loss = criterion(model->forward(x), labels);
#include <string>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/nn/arg.hpp>
#include <tapegrad/nn/cloneable.hpp>
#include <tapegrad/nn/functional.hpp>
#include <tapegrad/nn/pimpl.hpp>
#include <tapegrad/nn/reduction.hpp>

namespace tapegrad::nn {

/// Declares the Impl of a loss whose only option is its reduction (and options `Options`).
#define TG_LOSS_IMPL_BODY(Impl, Options)                                                                 \
 public:                                                                                                 \
  explicit Impl(const Options& options_ = {}) : options(options_) {}                                     \
  void reset() override {}                                                                               \
  /* The loss of `input` against `target`. */                                                            \
  Tensor forward(const Tensor& input, const Tensor& target);                                             \
  std::string extra_repr() const override { return "reduction=" + reduction_name(options.reduction()); } \
  Options options

/// Mean squared error: functional::mse_loss.
class MSELossImpl : public Cloneable<MSELossImpl> {
  TG_LOSS_IMPL_BODY(MSELossImpl, MSELossOptions);
};
TG_MODULE(MSELoss);

/// Mean absolute error: functional::l1_loss.
class L1LossImpl : public Cloneable<L1LossImpl> {
  TG_LOSS_IMPL_BODY(L1LossImpl, L1LossOptions);
};
TG_MODULE(L1Loss);

/// Binary cross-entropy on probabilities: functional::binary_cross_entropy.
class BCELossImpl : public Cloneable<BCELossImpl> {
  TG_LOSS_IMPL_BODY(BCELossImpl, BCELossOptions);
};
TG_MODULE(BCELoss);

/// Binary cross-entropy on logits: functional::binary_cross_entropy_with_logits.
class BCEWithLogitsLossImpl : public Cloneable<BCEWithLogitsLossImpl> {
  TG_LOSS_IMPL_BODY(BCEWithLogitsLossImpl, BCEWithLogitsLossOptions);
};
TG_MODULE(BCEWithLogitsLoss);

/// Softmax cross-entropy on logits: functional::cross_entropy.
class CrossEntropyLossImpl : public Cloneable<CrossEntropyLossImpl> {
  TG_LOSS_IMPL_BODY(CrossEntropyLossImpl, CrossEntropyLossOptions);
};
TG_MODULE(CrossEntropyLoss);

/// Negative log-likelihood on log-probabilities: functional::nll_loss.
class NLLLossImpl : public Cloneable<NLLLossImpl> {
  TG_LOSS_IMPL_BODY(NLLLossImpl, NLLLossOptions);
};
TG_MODULE(NLLLoss);

#undef TG_LOSS_IMPL_BODY

}  // namespace tapegrad::nn
