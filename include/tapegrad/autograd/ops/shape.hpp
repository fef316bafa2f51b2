#pragma once
/// Ops that rearrange elements: reshape (a view when possible), transpose, slicing, joining.
#include <cstdint>
#include <optional>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

/// Same elements under a new shape; one size may be -1 (inferred). Shares storage.
Tensor reshape(const Tensor& x, const Shape& shape);
Tensor view(const Tensor& x, const Shape& shape);  ///< same as reshape (storage is always contiguous)
Tensor flatten(const Tensor& x, std::int64_t start_dim = 0, std::int64_t end_dim = -1);
Tensor squeeze(const Tensor& x);                    ///< drops every size-1 dimension
Tensor squeeze(const Tensor& x, std::int64_t dim);  ///< drops `dim` if its size is 1
Tensor unsqueeze(const Tensor& x, std::int64_t dim);
/// Broadcasts x to `shape` (NumPy rules; -1 keeps a size). Gradient: sum back.
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
/// Joins tensors of equal shape except along `dim`.
Tensor cat(const std::vector<Tensor>& tensors, std::int64_t dim = 0);
Tensor concat(const std::vector<Tensor>& tensors, std::int64_t dim = 0);  ///< alias of cat
/// Joins tensors of equal shape along a new dimension `dim`.
Tensor stack(const std::vector<Tensor>& tensors, std::int64_t dim = 0);

}  // namespace tapegrad
