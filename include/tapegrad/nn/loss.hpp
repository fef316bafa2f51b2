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

/// Declares the Impl of a loss with options beyond its reduction.
#define TG_OPTIONS_LOSS_BODY(Impl, Options)                          \
 public:                                                             \
  explicit Impl(const Options& options_ = {}) : options(options_) {} \
  void reset() override {}                                           \
  /* The loss of `input` against `target`. */                        \
  Tensor forward(const Tensor& input, const Tensor& target);         \
  std::string extra_repr() const override;                           \
  Options options

/// Smooth L1: functional::smooth_l1_loss (`SmoothL1Loss(SmoothL1LossOptions().beta(0.5))`).
class SmoothL1LossImpl : public Cloneable<SmoothL1LossImpl> {
  TG_OPTIONS_LOSS_BODY(SmoothL1LossImpl, SmoothL1LossOptions);
};
TG_MODULE(SmoothL1Loss);

/// Huber: functional::huber_loss (`HuberLoss(HuberLossOptions().delta(2))`).
class HuberLossImpl : public Cloneable<HuberLossImpl> {
  TG_OPTIONS_LOSS_BODY(HuberLossImpl, HuberLossOptions);
};
TG_MODULE(HuberLoss);

/// KL divergence of log-probabilities from a target: functional::kl_div
/// (`KLDivLoss(KLDivLossOptions(tg::kBatchMean))`).
class KLDivLossImpl : public Cloneable<KLDivLossImpl> {
  TG_OPTIONS_LOSS_BODY(KLDivLossImpl, KLDivLossOptions);
};
TG_MODULE(KLDivLoss);

#undef TG_OPTIONS_LOSS_BODY

/// Ranking with a margin: functional::margin_ranking_loss; `criterion(x1, x2, y)`.
class MarginRankingLossImpl : public Cloneable<MarginRankingLossImpl> {
 public:
  explicit MarginRankingLossImpl(const MarginRankingLossOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  Tensor forward(const Tensor& input1, const Tensor& input2, const Tensor& target);
  std::string extra_repr() const override;  ///< "margin=0, reduction=mean"
  MarginRankingLossOptions options;
};
TG_MODULE(MarginRankingLoss);

}  // namespace tapegrad::nn
