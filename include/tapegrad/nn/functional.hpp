#pragma once
/// tapegrad::nn::functional: the stateless forms of the layers and the losses, as
/// torch::nn::functional. Every function composes recorded Tensor ops, so gradients come from
/// the tape.
///
///     namespace F = tg::nn::functional;
///     tg::Tensor h = F::relu(F::linear(x, w1, b1));
///     tg::Tensor loss = F::cross_entropy(F::linear(h, w2, b2), labels);
#include <cstdint>
#include <vector>

#include <tapegrad/autograd/ops/activation.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/reduction.hpp>
#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/nn/activation_options.hpp>
#include <tapegrad/nn/loss_options.hpp>
#include <tapegrad/nn/reduction.hpp>

namespace tapegrad::nn {
class Module;
}

namespace tapegrad::nn::functional {

// ---- layers ------------------------------------------------------------------------------

/// x @ weight^T + bias, with weight [out, in] and bias [out] (undefined: no bias). `input` may
/// be 1-D [in], 2-D [N, in] or N-D [..., in], as torch.nn.functional.linear. A wrong last
/// dimension throws `linear: input [3,5] does not match weight [8,2] ...`.
Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias = Tensor());

/// Zeroes each element with probability p and scales the rest by 1/(1-p) when `training`;
/// returns `input` itself otherwise. The mask comes from tg's seeded generator
/// (tg::manual_seed). p must be in [0, 1).
Tensor dropout(const Tensor& input, double p = 0.5, bool training = true);
/// `F::dropout(x, F::DropoutFuncOptions().p(0.2).training(is_training()))`.
inline Tensor dropout(const Tensor& input, const DropoutFuncOptions& options) {
  return dropout(input, options.p(), options.training());
}

/// x / max(||x||_p, eps) along `options.dim()`: `F::normalize(x, F::NormalizeFuncOptions().dim(0))`.
inline Tensor normalize(const Tensor& input, const NormalizeFuncOptions& options) {
  return tapegrad::normalize(input, options.p(), options.dim(), options.eps());
}
using tapegrad::normalize;

/// sum(x1 x2) / max(||x1|| ||x2||, eps) along `options.dim()` (1 by default); x1 and x2
/// broadcast. `F::cosine_similarity(a, b, F::CosineSimilarityFuncOptions().dim(0))`.
Tensor cosine_similarity(const Tensor& x1, const Tensor& x2, const CosineSimilarityFuncOptions& options = {});

// ---- activations -------------------------------------------------------------------------
// The core ops themselves (autograd/ops), brought in by name: `F::relu` and `tg::relu` are the
// same function, so code that sees both namespaces is never ambiguous.

using tapegrad::celu;         ///< max(0, x) + min(0, alpha (e^(x / alpha) - 1))
using tapegrad::elu;          ///< x for x > 0, alpha (e^x - 1) otherwise
using tapegrad::gelu;         ///< x Phi(x); approximate "tanh" for the tanh form
using tapegrad::glu;          ///< a sigmoid(b) of the halves along a dim
using tapegrad::hardsigmoid;  ///< relu6(x + 3) / 6
using tapegrad::hardswish;    ///< x relu6(x + 3) / 6
using tapegrad::hardtanh;     ///< clamp(x, min_val, max_val)
using tapegrad::leaky_relu;   ///< x for x >= 0, negative_slope * x otherwise (slope 0.01 by default)
using tapegrad::log_softmax;  ///< x_i - log(sum_j e^x_j) along a dim
using tapegrad::logsigmoid;   ///< log(sigmoid(x))
using tapegrad::mish;         ///< x tanh(softplus(x))
using tapegrad::relu;         ///< max(x, 0)
using tapegrad::relu6;        ///< min(max(x, 0), 6)
using tapegrad::selu;         ///< scale elu(x, alpha), self-normalising constants
using tapegrad::sigmoid;      ///< 1 / (1 + e^-x)
using tapegrad::silu;         ///< x sigmoid(x)
using tapegrad::softmax;      ///< e^x_i / sum_j e^x_j along a dim
using tapegrad::softmin;      ///< softmax(-x) along a dim
using tapegrad::softplus;     ///< log(1 + e^(beta x)) / beta, and x itself where beta x > threshold
using tapegrad::softsign;     ///< x / (1 + |x|)
using tapegrad::tanh;         ///< tanh(x)
using tapegrad::tanhshrink;   ///< x - tanh(x)

// The LibTorch spellings with options objects: `F::elu(x, F::ELUFuncOptions().alpha(0.5))`.
inline Tensor relu(const Tensor& input, const ReLUFuncOptions&) { return tapegrad::relu(input); }
inline Tensor relu6(const Tensor& input, const ReLU6FuncOptions&) { return tapegrad::relu6(input); }
inline Tensor selu(const Tensor& input, const SELUFuncOptions&) { return tapegrad::selu(input); }
inline Tensor leaky_relu(const Tensor& input, const LeakyReLUFuncOptions& options) {
  return tapegrad::leaky_relu(input, options.negative_slope());
}
inline Tensor elu(const Tensor& input, const ELUFuncOptions& options) { return tapegrad::elu(input, options.alpha()); }
inline Tensor celu(const Tensor& input, const CELUFuncOptions& options) {
  return tapegrad::celu(input, options.alpha());
}
inline Tensor gelu(const Tensor& input, const GELUFuncOptions& options) {
  return tapegrad::gelu(input, options.approximate());
}
inline Tensor hardtanh(const Tensor& input, const HardtanhFuncOptions& options) {
  return tapegrad::hardtanh(input, options.min_val(), options.max_val());
}
inline Tensor softplus(const Tensor& input, const SoftplusFuncOptions& options) {
  return tapegrad::softplus(input, options.beta(), options.threshold());
}
inline Tensor glu(const Tensor& input, const GLUFuncOptions& options) { return tapegrad::glu(input, options.dim()); }
/// `F::softmax(x, F::SoftmaxFuncOptions(1).dtype(tg::kFloat64))`: the input is cast to dtype first.
inline Tensor softmax(const Tensor& input, const SoftmaxFuncOptions& options) {
  return tapegrad::softmax(options.dtype() ? input.to(*options.dtype()) : input, options.dim());
}
inline Tensor log_softmax(const Tensor& input, const LogSoftmaxFuncOptions& options) {
  return tapegrad::log_softmax(options.dtype() ? input.to(*options.dtype()) : input, options.dim());
}
inline Tensor softmin(const Tensor& input, const SoftminFuncOptions& options) {
  return tapegrad::softmin(options.dtype() ? input.to(*options.dtype()) : input, options.dim());
}

// ---- losses ------------------------------------------------------------------------------
// Every loss checks shapes and dtypes and names itself and both shapes on a mismatch, e.g.
// `mse_loss: input [4,1] and target [4] must have the same shape` (PyTorch would broadcast
// them into a [4,4] loss).

/// (input - target)^2, reduced.
Tensor mse_loss(const Tensor& input, const Tensor& target, Reduction reduction = Reduction::Mean);

/// |input - target|, reduced.
Tensor l1_loss(const Tensor& input, const Tensor& target, Reduction reduction = Reduction::Mean);

/// -w (y log p + (1 - y) log(1 - p)) on probabilities p in [0, 1]; each log is clamped at -100
/// as PyTorch does, so p = 0 or 1 gives a finite loss and gradient. `weight` (optional)
/// broadcasts to the input.
Tensor binary_cross_entropy(const Tensor& input, const Tensor& target, Reduction reduction = Reduction::Mean,
                            const Tensor& weight = Tensor());

/// binary_cross_entropy(sigmoid(x), y) computed from the logits x without overflow (finite for
/// x = +-1000): w ((1 - y) x + (1 + (pos_weight - 1) y) softplus(-x)), which for
/// pos_weight = 1 is max(x, 0) - x y + log(1 + e^-|x|). Gradient: w (sigmoid(x) - y) for
/// pos_weight = 1. `weight` and `pos_weight` (per class, over the last dim) are optional.
Tensor binary_cross_entropy_with_logits(const Tensor& input, const Tensor& target,
                                        Reduction reduction = Reduction::Mean, const Tensor& weight = Tensor(),
                                        const Tensor& pos_weight = Tensor());

/// Negative log-likelihood of class indices: -log_probs[n, target[n]] for log_probs [N, C]
/// (or [C] with a 0-D target) and Int64 target [N] with values in [0, C). Mean averages over N.
Tensor nll_loss(const Tensor& log_probs, const Tensor& target, Reduction reduction = Reduction::Mean);

/// Softmax cross-entropy from logits [N, C] (or [C]), through log_softmax (stable for any
/// logits). `target` is either Int64 class indices [N] (then nll_loss(log_softmax(x), t)) or
/// float class probabilities / one-hot rows of the logits' shape (then
/// -sum_c y_c log_softmax(x)_c per sample). Mean averages over the N samples.
///
///     tg::Tensor loss = F::cross_entropy(logits, tg::tensor({2, 0, 1}));  // Int64 labels
Tensor cross_entropy(const Tensor& logits, const Tensor& target, Reduction reduction = Reduction::Mean);

// The options forms, as LibTorch: `F::cross_entropy(x, t, F::CrossEntropyFuncOptions().reduction(tg::kSum))`.
inline Tensor mse_loss(const Tensor& input, const Tensor& target, const MSELossFuncOptions& options) {
  return mse_loss(input, target, options.reduction());
}
inline Tensor l1_loss(const Tensor& input, const Tensor& target, const L1LossFuncOptions& options) {
  return l1_loss(input, target, options.reduction());
}
inline Tensor binary_cross_entropy(const Tensor& input, const Tensor& target,
                                   const BinaryCrossEntropyFuncOptions& options) {
  return binary_cross_entropy(input, target, options.reduction(), options.weight());
}
inline Tensor binary_cross_entropy_with_logits(const Tensor& input, const Tensor& target,
                                               const BinaryCrossEntropyWithLogitsFuncOptions& options) {
  return binary_cross_entropy_with_logits(input, target, options.reduction(), options.weight(), options.pos_weight());
}
inline Tensor nll_loss(const Tensor& log_probs, const Tensor& target, const NLLLossFuncOptions& options) {
  return nll_loss(log_probs, target, options.reduction());
}
inline Tensor cross_entropy(const Tensor& logits, const Tensor& target, const CrossEntropyFuncOptions& options) {
  return cross_entropy(logits, target, options.reduction());
}

/// 0.5 d^2 / beta where |d| < beta, |d| - beta / 2 elsewhere (d = input - target); beta = 0 is
/// l1_loss. beta must be non-negative.
Tensor smooth_l1_loss(const Tensor& input, const Tensor& target, const SmoothL1LossFuncOptions& options = {});

/// 0.5 d^2 where |d| < delta, delta (|d| - delta / 2) elsewhere. delta must be positive.
Tensor huber_loss(const Tensor& input, const Tensor& target, const HuberLossFuncOptions& options = {});

/// Pointwise KL divergence of `input` (log-probabilities) from `target`: target (log target -
/// input), or e^target (target - input) with log_target; 0 where target is 0. kBatchMean
/// divides the sum by the batch size (input.size(0)), the mathematically right "mean".
Tensor kl_div(const Tensor& input, const Tensor& target, const KLDivFuncOptions& options = {});

/// max(0, -target (input1 - input2) + margin), target holding 1 or -1; all three of one shape.
Tensor margin_ranking_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                           const MarginRankingLossFuncOptions& options = {});

/// The L2 regularisation term of the classic course's cost: lambda / (2 m) * sum over the
/// given tensors of their squared entries, with m the number of training examples. Pass only
/// the weights (the classic cost excludes biases). A 0-D tensor of the first tensor's dtype
/// (float32 zero for an empty list); differentiable.
///
///     cost = F::binary_cross_entropy(a, y) + F::l2_penalty({w1, w2}, 0.7, m);
Tensor l2_penalty(const std::vector<Tensor>& tensors, double lambda, std::int64_t m);
/// l2_penalty over every parameter of `module` whose dotted name ends in "weight"
/// ("fc1.weight", "0.weight"): the weights of Linear layers, never their biases.
Tensor l2_penalty(const Module& module, double lambda, std::int64_t m);

}  // namespace tapegrad::nn::functional
