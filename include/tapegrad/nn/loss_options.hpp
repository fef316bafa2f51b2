#pragma once
/// The options of the loss modules and of the functional losses, as LibTorch's
/// torch::nn::MSELossOptions / torch::nn::functional::MSELossFuncOptions (the same class). Every
/// options class converts from a Reduction, so `F::mse_loss(a, b, torch::kSum)` works as in
/// LibTorch. Options LibTorch has and tapegrad does not support (ignore_index, label_smoothing,
/// class weights of cross_entropy/nll_loss) are absent: setting one fails to compile.
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

}  // namespace tapegrad::nn
