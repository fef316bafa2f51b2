#pragma once
// Dimension arguments as PyTorch reads them: a 0-d tensor accepts dim 0 and -1 (it behaves as a
// tensor of one dimension of size 1), and a list of dims is wrapped, checked for repeats and
// sorted. Private to the op implementations.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "kernel_utils.hpp"

namespace tapegrad::detail {

/// wrap_axis for reductions and other dim arguments: rank 0 accepts [-1, 0], as torch does.
inline std::size_t wrap_dim(std::int64_t dim, std::size_t rank, const char* op) {
  return wrap_axis(dim, rank == 0 ? 1 : rank, op);
}

/// The dims of `dims` wrapped against `rank`, sorted, without repeats ("op: dim 1 appears
/// multiple times"). An empty list means every dimension, as LibTorch's sum(x, {}).
inline std::vector<std::size_t> wrap_dims(const std::vector<std::int64_t>& dims, std::size_t rank, const char* op) {
  std::vector<std::size_t> out;
  if (dims.empty()) {
    for (std::size_t d = 0; d < rank; ++d) out.push_back(d);
    return out;
  }
  for (std::int64_t d : dims) {
    std::size_t w = wrap_dim(d, rank, op);
    TG_CHECK(std::find(out.begin(), out.end(), w) == out.end(), op, "dim ", d,
             " appears multiple times in the list of dims");
    out.push_back(w);
  }
  std::sort(out.begin(), out.end());
  if (rank == 0) out.clear();  // a 0-d tensor has no dimension to reduce: the result is itself
  return out;
}

/// The shape left after reducing `dims` (sorted) of `shape`: size 1 there with keepdim, gone without.
inline Shape reduced_shape(const Shape& shape, const std::vector<std::size_t>& dims, bool keepdim) {
  Shape out;
  for (std::size_t d = 0; d < shape.size(); ++d) {
    bool reduced = std::binary_search(dims.begin(), dims.end(), d);
    if (!reduced)
      out.push_back(shape[d]);
    else if (keepdim)
      out.push_back(1);
  }
  return out;
}

/// max or min along one axis (values only, not recorded), for the reductions built on it
/// (reduction.cpp).
Tensor extremum_values(const Tensor& x, std::int64_t axis, bool keepdim, bool is_max);

/// How many elements of `shape` each reduced value covers.
inline std::int64_t reduced_count(const Shape& shape, const std::vector<std::size_t>& dims) {
  std::int64_t n = 1;
  for (std::size_t d : dims) n *= shape[d];
  return n;
}

}  // namespace tapegrad::detail
