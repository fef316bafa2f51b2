#pragma once
/// Reductions over the whole tensor or along one axis (negative axes count from the end).
#include <cstdint>
#include <tuple>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

Tensor sum(const Tensor& x);
Tensor sum(const Tensor& x, std::int64_t axis, bool keepdim = false);
/// The mean of a floating tensor. An integer or bool one throws as torch ("could not infer
/// output dtype"): pass the dtype to compute in, `mean(hits, tg::kFloat32)`, as LibTorch's
/// `mean(x, dtype)`.
Tensor mean(const Tensor& x);
Tensor mean(const Tensor& x, Dtype dtype);
Tensor mean(const Tensor& x, std::int64_t axis, bool keepdim = false);
/// The largest element, as a 0-d tensor. Ties share the gradient equally (as torch.max(x)).
Tensor max(const Tensor& x);
/// (values, indices) of the maxima along `dim`, as LibTorch's `std::tie(v, i) = x.max(1)`.
/// The gradient goes to the element at the index; amax (reduction_dims.hpp) shares it
/// between ties instead.
std::tuple<Tensor, Tensor> max(const Tensor& x, std::int64_t dim, bool keepdim = false);
Tensor min(const Tensor& x);
std::tuple<Tensor, Tensor> min(const Tensor& x, std::int64_t dim, bool keepdim = false);
/// Variance; unbiased (divides by n - 1) by default, as torch.var. NaN when there are too few
/// elements (one, with unbiased), as torch; reduction_dims.hpp has the `correction` form.
Tensor var(const Tensor& x, bool unbiased = true);
Tensor var(const Tensor& x, std::int64_t axis, bool unbiased = true, bool keepdim = false);
/// `tg::var(x, 1)` means the axis (an int would otherwise convert to `unbiased` as readily).
Tensor var(const Tensor& x, int axis, bool unbiased = true, bool keepdim = false);
/// Index of the first maximum (Int64, no gradient); without an axis, of the flattened tensor.
Tensor argmax(const Tensor& x);
Tensor argmax(const Tensor& x, std::int64_t axis, bool keepdim = false);
Tensor argmin(const Tensor& x);
Tensor argmin(const Tensor& x, std::int64_t axis, bool keepdim = false);
/// Sums `x` down to `shape`, undoing a NumPy broadcast (the tape's gradient reduction).
Tensor sum_to(const Tensor& x, const Shape& shape);

/// exp(x_i) / sum_j exp(x_j) along `axis`; the row maximum is subtracted first so that
/// inputs of +-1000 stay finite.
Tensor softmax(const Tensor& x, std::int64_t axis);
/// x_i - log(sum_j exp(x_j)) along `axis`, computed stably.
Tensor log_softmax(const Tensor& x, std::int64_t axis);
/// log(sum(exp(x))) along `axis`, computed stably.
Tensor logsumexp(const Tensor& x, std::int64_t axis, bool keepdim = false);

}  // namespace tapegrad
