#pragma once
/// Indexing ops beyond indexing.hpp, as torch's: writing slices or elements into a copy of a
/// tensor (scatter, scatter_add, index_add, index_copy, index_fill), selecting by mask
/// (masked_select), finding non-zeros (nonzero, argwhere) and take_along_dim. Indices are Int64;
/// masks are non-zero where true. The out-of-place forms return a new tensor.
#include <cstdint>
#include <optional>
#include <string>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

/// self with src[i][j] written at self[i][index[i][j]] (for dim 1; likewise for any dim); with
/// `reduce` "add", added there instead, and with "multiply", multiplied in (repeated indices
/// accumulate). Indices must not repeat without a reduce (torch leaves that unspecified).
/// "multiply" has no gradient (torch 1.13 has none either): with inputs that require grad it throws.
Tensor scatter(const Tensor& self, std::int64_t dim, const Tensor& index, const Tensor& src,
               const std::string& reduce = "");
/// self with every src[i][j] folded into self[i][index[i][j]] (for dim 1) by `reduce`: "sum",
/// "prod", "mean", "amax" or "amin"; with include_self false, self's own values at the written
/// positions take no part (torch.scatter_reduce, 1.13). Integer mean rounds down, as torch. No
/// gradient: with grad mode on and an input that requires grad it throws (use scatter_add for sums).
Tensor scatter_reduce(const Tensor& self, std::int64_t dim, const Tensor& index, const Tensor& src,
                      const std::string& reduce, bool include_self = true);
/// self + src added at `index` along `dim`, repeated indices accumulating (torch.scatter_add).
Tensor scatter_add(const Tensor& self, std::int64_t dim, const Tensor& index, const Tensor& src);
/// self with alpha * source's slices added at positions `index` (1-D) along `dim`. self and
/// source must have one dtype, as torch; for integer and bool tensors (exact, wrapping on
/// overflow as torch; no gradient) alpha must be integral, and for bools adding is or-ing.
Tensor index_add(const Tensor& self, std::int64_t dim, const Tensor& index, const Tensor& source,
                 const Scalar& alpha = 1);
/// self with the slices at `index` along `dim` replaced by source's (indices must not repeat);
/// self and source of one dtype, any (integers and bools too, without gradient).
Tensor index_copy(const Tensor& self, std::int64_t dim, const Tensor& index, const Tensor& source);
/// self with the slices at `index` along `dim` set to `value`.
Tensor index_fill(const Tensor& self, std::int64_t dim, const Tensor& index, double value);
/// The elements of x where mask (broadcast with x) is non-zero, as a 1-D tensor.
Tensor masked_select(const Tensor& x, const Tensor& mask);
/// The coordinates of x's non-zero elements, [count, x.dim()] Int64, in row-major order.
Tensor nonzero(const Tensor& x);
Tensor argwhere(const Tensor& x);  ///< nonzero, under NumPy's name
/// gather with `indices` broadcast against x except along `dim`; without dim, of the flattened x.
Tensor take_along_dim(const Tensor& x, const Tensor& indices, std::optional<std::int64_t> dim = std::nullopt);

}  // namespace tapegrad
