#pragma once
/// The fused kernel behind nn::functional::cross_entropy with class indices.
#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad::detail {

/// log_softmax + nll_loss of logits [N,C] (contiguous float32/float64, N > 0) against Int64
/// classes [N], reduced by the mean (`mean`) or the sum, as one op: one pass forward (row max,
/// log-sum-exp, the picked logit), and a backward of its own, softmax - one_hot, in one pass
/// (written with tapegrad ops under create_graph, so double backward works). Returns an
/// undefined tensor when the inputs are not of that form, or a class is out of range: the
/// caller then takes the composite path, which reports the error.
Tensor fused_cross_entropy(const Tensor& logits, const Tensor& target, bool mean);

}  // namespace tapegrad::detail
