#pragma once
/// Ops that rearrange elements: reshape (a view when possible), transpose, slicing, joining.
#include <cstdint>
#include <optional>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

/// Same elements under a new shape; one size may be -1 (inferred). Shares storage.
Tensor reshape(const Tensor& x, const Shape& shape);
/// Every op below but cat and stack returns a view that shares x's storage (writes through it
/// reach x), as in LibTorch; reshape does too whenever strides can express the new shape, and
/// copies otherwise. view() never copies: it throws when the strides do not allow the shape.
Tensor view(const Tensor& x, const Shape& shape);
Tensor flatten(const Tensor& x, std::int64_t start_dim = 0, std::int64_t end_dim = -1);
Tensor squeeze(const Tensor& x);                    ///< drops every size-1 dimension
Tensor squeeze(const Tensor& x, std::int64_t dim);  ///< drops `dim` if its size is 1
Tensor unsqueeze(const Tensor& x, std::int64_t dim);
/// Broadcasts x to `shape` (NumPy rules; -1 keeps a size) as a view with stride 0 along the
/// new dimensions: write to a clone(), not to it. Gradient: sum back.
Tensor expand(const Tensor& x, const Shape& shape);
Tensor permute(const Tensor& x, const Shape& dims);
Tensor transpose(const Tensor& x, std::int64_t dim0, std::int64_t dim1);
/// Elements start, start+step, ... < end along `dim` (Python's x[start:end:step]).
Tensor slice(const Tensor& x, std::int64_t dim, std::optional<std::int64_t> start = std::nullopt,
             std::optional<std::int64_t> end = std::nullopt, std::int64_t step = 1);
/// `length` elements from `start` along `dim`.
Tensor narrow(const Tensor& x, std::int64_t dim, std::int64_t start, std::int64_t length);
/// The slice at `index` along `dim`, with that dimension removed.
Tensor select(const Tensor& x, std::int64_t dim, std::int64_t index);
/// The diagonal of the (dim1, dim2) planes, `offset` above (> 0) or below (< 0) the main one,
/// as the last dimension: `tg::diagonal(tg::eye(3))` is [1, 1, 1].
Tensor diagonal(const Tensor& x, std::int64_t offset = 0, std::int64_t dim1 = 0, std::int64_t dim2 = 1);
/// Joins tensors of equal shape except along `dim`.
Tensor cat(const std::vector<Tensor>& tensors, std::int64_t dim = 0);
Tensor concat(const std::vector<Tensor>& tensors, std::int64_t dim = 0);  ///< alias of cat
/// Joins tensors of equal shape along a new dimension `dim`.
Tensor stack(const std::vector<Tensor>& tensors, std::int64_t dim = 0);

}  // namespace tapegrad
