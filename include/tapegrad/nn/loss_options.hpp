#pragma once
/// The options of the loss modules and of the functional losses, as LibTorch's
/// torch::nn::MSELossOptions / torch::nn::functional::MSELossFuncOptions (the same class). Every
/// options class converts from a Reduction, so `F::mse_loss(a, b, torch::kSum)` works as in
/// LibTorch. Options LibTorch has and tapegrad does not support (ignore_index, label_smoothing,
/// class weights of cross_entropy/nll_loss) are absent: setting one fails to compile.
#include <string>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/nn/arg.hpp>
#include <tapegrad/nn/reduction.hpp>

namespace tapegrad::nn {

// The options classes with nothing but a reduction: `MSELossOptions().reduction(tg::kSum)`.
#define TG_REDUCTION_OPTIONS(Name)                                                        \
  struct Name {                                                                           \
    /* implicit */ Name(Reduction reduction = Reduction::Mean) : reduction_(reduction) {} \
    TG_ARG(Reduction, reduction);                                                         \
  }
TG_REDUCTION_OPTIONS(MSELossOptions);
TG_REDUCTION_OPTIONS(L1LossOptions);
TG_REDUCTION_OPTIONS(CrossEntropyLossOptions);
TG_REDUCTION_OPTIONS(NLLLossOptions);
#undef TG_REDUCTION_OPTIONS

/// `BCELossOptions().weight(w).reduction(tg::kSum)`; weight broadcasts to the input.
struct BCELossOptions {
  /* implicit */ BCELossOptions(Reduction reduction = Reduction::Mean) : reduction_(reduction) {}  // NOLINT
  TG_ARG(Tensor, weight) = {};
  TG_ARG(Reduction, reduction);
};

/// `BCEWithLogitsLossOptions().pos_weight(pw)`; weight and pos_weight are optional.
struct BCEWithLogitsLossOptions {
  /* implicit */ BCEWithLogitsLossOptions(Reduction reduction = Reduction::Mean) : reduction_(reduction) {}  // NOLINT
  TG_ARG(Tensor, weight) = {};
  TG_ARG(Reduction, reduction);
  TG_ARG(Tensor, pos_weight) = {};
};

/// `SmoothL1LossOptions().beta(0.5)`: 0.5 d^2 / beta where |d| < beta, |d| - beta / 2 elsewhere.
struct SmoothL1LossOptions {
  /* implicit */ SmoothL1LossOptions(Reduction reduction = Reduction::Mean) : reduction_(reduction) {}  // NOLINT
  TG_ARG(Reduction, reduction);
  TG_ARG(double, beta) = 1.0;
};

/// `HuberLossOptions().delta(2)`: 0.5 d^2 where |d| < delta, delta (|d| - delta / 2) elsewhere.
struct HuberLossOptions {
  /* implicit */ HuberLossOptions(Reduction reduction = Reduction::Mean) : reduction_(reduction) {}  // NOLINT
  TG_ARG(Reduction, reduction);
  TG_ARG(double, delta) = 1.0;
};

/// `MarginRankingLossOptions().margin(0.5)`: max(0, -y (x1 - x2) + margin).
struct MarginRankingLossOptions {
  /* implicit */ MarginRankingLossOptions(Reduction reduction = Reduction::Mean) : reduction_(reduction) {}  // NOLINT
  TG_ARG(double, margin) = 0.0;
  TG_ARG(Reduction, reduction);
};

/// The tag type of torch::kBatchMean, which only kl_div accepts.
struct BatchMeanReduction {};

/// kl_div's reduction: one of Reduction, or kBatchMean (the sum divided by the batch size,
/// what the KL divergence's definition asks for).
class KLDivReduction {
 public:
  /* implicit */ KLDivReduction(Reduction reduction) : reduction_(reduction) {}                         // NOLINT
  /* implicit */ KLDivReduction(BatchMeanReduction) : reduction_(Reduction::Sum), batch_mean_(true) {}  // NOLINT
  bool is_batch_mean() const { return batch_mean_; }
  /// The elementwise reduction (Sum for kBatchMean, which then divides by the batch size).
  Reduction elementwise() const { return reduction_; }
  /// "none", "batchmean", "sum" or "mean".
  std::string name() const { return batch_mean_ ? "batchmean" : reduction_name(reduction_); }

 private:
  Reduction reduction_;
  bool batch_mean_ = false;
};

/// `KLDivLossOptions(tg::kBatchMean).log_target(true)`.
struct KLDivLossOptions {
  /* implicit */ KLDivLossOptions(Reduction reduction = Reduction::Mean) : reduction_(reduction) {}  // NOLINT
  /* implicit */ KLDivLossOptions(BatchMeanReduction batch_mean) : reduction_(batch_mean) {}         // NOLINT
  TG_ARG(KLDivReduction, reduction);
  /// Whether the target holds log-probabilities (else probabilities).
  TG_ARG(bool, log_target) = false;
};

namespace functional {
// The functional losses take the modules' options classes, under LibTorch's names:
// `F::mse_loss(x, y, F::MSELossFuncOptions().reduction(tg::kSum))`.
using MSELossFuncOptions = MSELossOptions;
using L1LossFuncOptions = L1LossOptions;
using CrossEntropyFuncOptions = CrossEntropyLossOptions;
using NLLLossFuncOptions = NLLLossOptions;
using BinaryCrossEntropyFuncOptions = BCELossOptions;
using BinaryCrossEntropyWithLogitsFuncOptions = BCEWithLogitsLossOptions;
using SmoothL1LossFuncOptions = SmoothL1LossOptions;
using HuberLossFuncOptions = HuberLossOptions;
using MarginRankingLossFuncOptions = MarginRankingLossOptions;
using KLDivFuncOptions = KLDivLossOptions;
}  // namespace functional

}  // namespace tapegrad::nn

namespace tapegrad {
/// LibTorch's torch::kBatchMean (only kl_div and KLDivLoss accept it).
constexpr nn::BatchMeanReduction kBatchMean{};
namespace nn {
using tapegrad::kBatchMean;
}
}  // namespace tapegrad
