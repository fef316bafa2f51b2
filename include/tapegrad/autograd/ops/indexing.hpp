#pragma once
/// Ops that pick elements by index or by mask, and the comparisons that make masks.
/// Index tensors are Int64 (tg::kInt64). Comparisons return kBool masks without gradient, as
/// in LibTorch; arithmetic promotes them (`x * (x > 0)` is x's dtype), and
/// `(pred == target).sum().item<int64_t>()` counts the matches.
#include <cstdint>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

/// The entries of `x` at positions `index` (1-D, Int64) along `dim`.
Tensor index_select(const Tensor& x, std::int64_t dim, const Tensor& index);
/// out[i][j] = x[i][index[i][j]] for dim 1 (and likewise for any dim), as torch.gather:
/// `logits.gather(1, labels.unsqueeze(1))` picks each row's label logit.
Tensor gather(const Tensor& x, std::int64_t dim, const Tensor& index);
/// Adds `src` into a zero tensor of `shape` at `index` along `dim` (the adjoint of gather).
Tensor scatter_add(const Shape& shape, std::int64_t dim, const Tensor& index, const Tensor& src);
/// Elementwise choice: a where the kBool `condition` is true, b elsewhere (all three broadcast;
/// a and b promote to a common dtype). Gradients flow to a and b.
Tensor where(const Tensor& condition, const Tensor& a, const Tensor& b);
/// x with `value` (cast to x's dtype) wherever mask is true (a bool mask, or non-zero values;
/// the mask broadcasts to x).
Tensor masked_fill(const Tensor& x, const Tensor& mask, double value);
/// Rows of the identity: shape [..., num_classes], dtype float32 unless asked otherwise.
/// `num_classes` < 0 means max(indices) + 1.
Tensor one_hot(const Tensor& indices, std::int64_t num_classes = -1, Dtype dtype = kFloat32);

/// Elementwise comparisons in the promoted dtype of the operands; kBool results.
Tensor eq(const Tensor& a, const Tensor& b);
Tensor ne(const Tensor& a, const Tensor& b);
Tensor gt(const Tensor& a, const Tensor& b);
Tensor lt(const Tensor& a, const Tensor& b);
Tensor ge(const Tensor& a, const Tensor& b);
Tensor le(const Tensor& a, const Tensor& b);
Tensor eq(const Tensor& a, double b);
Tensor ne(const Tensor& a, double b);
Tensor gt(const Tensor& a, double b);
Tensor lt(const Tensor& a, double b);
Tensor ge(const Tensor& a, double b);
Tensor le(const Tensor& a, double b);
Tensor operator==(const Tensor& a, const Tensor& b);
Tensor operator!=(const Tensor& a, const Tensor& b);
Tensor operator==(const Tensor& a, double b);
Tensor operator!=(const Tensor& a, double b);
Tensor operator>(const Tensor& a, const Tensor& b);
Tensor operator<(const Tensor& a, const Tensor& b);
Tensor operator>=(const Tensor& a, const Tensor& b);
Tensor operator<=(const Tensor& a, const Tensor& b);
Tensor operator>(const Tensor& a, double b);
Tensor operator<(const Tensor& a, double b);
Tensor operator>=(const Tensor& a, double b);
Tensor operator<=(const Tensor& a, double b);

}  // namespace tapegrad
