// Rearranging ops composed from views (reshape, permute, narrow, select, expand, diagonal),
// index_select, cat and where: no backward of their own, gradients of any order.
#include <tapegrad/autograd/ops/rearrange.hpp>

#include <algorithm>
#include <numeric>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/function.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/indexing.hpp>
#include <tapegrad/autograd/ops/shape.hpp>
#include "dim_utils.hpp"

namespace tapegrad {

using autograd::named_op;
using Dims = std::vector<std::int64_t>;

namespace {

std::int64_t wrapped(std::int64_t dim, const Tensor& x, const char* op) {
  return static_cast<std::int64_t>(detail::wrap_axis(dim, static_cast<std::size_t>(x.dim()), op));
}

Tensor indices(const std::vector<std::int64_t>& values) { return tensor(values, kInt64); }

}  // namespace

Tensor flip(const Tensor& x, const Dims& dims_arg) {
  detail::checked(x, "flip");
  std::vector<std::size_t> dims = detail::wrap_dims(dims_arg, static_cast<std::size_t>(x.dim()), "flip");
  if (dims_arg.empty()) dims.clear();
  return named_op("FlipBackward", [&] {
    Tensor out = x;
    for (std::size_t d : dims) {
      std::int64_t n = x.size(static_cast<std::int64_t>(d));
      Dims reversed(static_cast<std::size_t>(n));
      for (std::int64_t i = 0; i < n; ++i) reversed[static_cast<std::size_t>(i)] = n - 1 - i;
      out = index_select(out, static_cast<std::int64_t>(d), indices(reversed));
    }
    return dims.empty() ? mul(out, 1.0) : out;
  });
}

Tensor roll(const Tensor& x, const Dims& shifts, const Dims& dims) {
  detail::checked(x, "roll");
  if (dims.empty()) {
    TG_CHECK(shifts.size() == 1, "roll", "without dims, expects one shift, got ", shifts.size());
    return reshape(roll(flatten(x), shifts, {0}), x.shape());
  }
  TG_CHECK(shifts.size() == dims.size(), "roll", "got ", shifts.size(), " shifts for ", dims.size(), " dims");
  return named_op("RollBackward", [&] {
    Tensor out = x;
    for (std::size_t i = 0; i < dims.size(); ++i) {
      std::int64_t d = wrapped(dims[i], x, "roll"), n = x.size(d);
      if (n == 0) continue;
      std::int64_t s = ((shifts[i] % n) + n) % n;
      if (s == 0) continue;
      out = cat({narrow(out, d, n - s, s), narrow(out, d, 0, n - s)}, d);
    }
    return out;
  });
}

Tensor pad(const Tensor& x, const Dims& p, const std::string& mode, double value) {
  detail::checked(x, "pad");
  TG_CHECK(p.size() % 2 == 0 && static_cast<std::int64_t>(p.size() / 2) <= x.dim(), "pad",
           "expects an even number of pads, at most two per dimension, got ", p.size(), " for shape ",
           shape_to_string(x.shape()));
  TG_CHECK(mode == "constant" || mode == "reflect" || mode == "replicate", "pad", "unknown mode \"", mode,
           "\" (expected constant, reflect or replicate)");
  return named_op("PadBackward", [&] {
    Tensor out = x;
    for (std::size_t k = 0; k < p.size() / 2; ++k) {
      std::int64_t d = x.dim() - 1 - static_cast<std::int64_t>(k);
      std::int64_t before = p[2 * k], after = p[2 * k + 1], n = out.size(d);
      if (mode == "constant") {
        // Negative pads crop; positive ones join blocks of `value` on either side.
        out = narrow(out, d, std::max<std::int64_t>(-before, 0),
                     n + std::min<std::int64_t>(before, 0) + std::min<std::int64_t>(after, 0));
        auto block = [&](std::int64_t length) {
          Shape side = out.shape();
          side[static_cast<std::size_t>(d)] = length;
          return full(side, value, x.dtype());
        };
        std::vector<Tensor> parts;
        if (before > 0) parts.push_back(block(before));
        parts.push_back(out);
        if (after > 0) parts.push_back(block(after));
        out = parts.size() == 1 ? out : cat(parts, d);
        continue;
      }
      TG_CHECK(before >= 0 && after >= 0, "pad", "negative pads need mode constant");
      if (mode == "reflect")
        TG_CHECK(before < n && after < n, "pad", "reflect pads must be smaller than the dimension (", n, "), got ",
                 before, " and ", after);
      else
        TG_CHECK(n > 0, "pad", "cannot replicate-pad an empty dimension");
      Dims index;
      for (std::int64_t i = -before; i < n + after; ++i) {
        std::int64_t j = i;
        if (mode == "reflect")
          j = i < 0 ? -i : (i >= n ? 2 * (n - 1) - i : i);
        else
          j = std::clamp<std::int64_t>(i, 0, n - 1);
        index.push_back(j);
      }
      out = index_select(out, d, indices(index));
    }
    return out;
  });
}

Tensor repeat(const Tensor& x, const Dims& sizes) {
  detail::checked(x, "repeat");
  TG_CHECK(static_cast<std::int64_t>(sizes.size()) >= x.dim(), "repeat", "needs at least as many sizes (", sizes.size(),
           ") as the tensor has dimensions (", x.dim(), ")");
  for (std::int64_t r : sizes) TG_CHECK(r >= 0, "repeat", "sizes must be non-negative, got ", r);
  return named_op("RepeatBackward", [&] {
    Shape shape(sizes.size() - static_cast<std::size_t>(x.dim()), 1);
    Shape x_shape = x.shape();
    shape.insert(shape.end(), x_shape.begin(), x_shape.end());
    Shape interleaved, expanded, result;
    for (std::size_t i = 0; i < shape.size(); ++i) {
      interleaved.push_back(1), interleaved.push_back(shape[i]);
      expanded.push_back(sizes[i]), expanded.push_back(shape[i]);
      result.push_back(sizes[i] * shape[i]);
    }
    return reshape(expand(reshape(x, interleaved), expanded), result);
  });
}

Tensor tile(const Tensor& x, const Dims& reps) {
  detail::checked(x, "tile");
  Dims sizes(reps);
  while (static_cast<std::int64_t>(sizes.size()) < x.dim()) sizes.insert(sizes.begin(), 1);
  return repeat(x, sizes);
}

Tensor repeat_interleave(const Tensor& x, std::int64_t repeats, std::optional<std::int64_t> dim) {
  detail::checked(x, "repeat_interleave");
  TG_CHECK(repeats >= 0, "repeat_interleave", "repeats must be non-negative, got ", repeats);
  if (!dim) return repeat_interleave(flatten(x), repeats, 0);
  std::int64_t d =
      static_cast<std::int64_t>(detail::wrap_dim(*dim, static_cast<std::size_t>(x.dim()), "repeat_interleave"));
  if (x.dim() == 0) return repeat_interleave(reshape(x, {1}), repeats, 0);
  return named_op("RepeatInterleaveBackward", [&] {
    Shape expanded = x.shape(), result = x.shape();
    expanded.insert(expanded.begin() + d + 1, repeats);
    result[static_cast<std::size_t>(d)] *= repeats;
    return reshape(expand(unsqueeze(x, d + 1), expanded), result);
  });
}

std::vector<Tensor> split(const Tensor& x, const Dims& sizes, std::int64_t dim) {
  detail::checked(x, "split");
  std::int64_t d = wrapped(dim, x, "split");
  std::int64_t total = std::accumulate(sizes.begin(), sizes.end(), std::int64_t{0});
  TG_CHECK(total == x.size(d), "split", "sizes add up to ", total, " but dimension ", dim, " has size ", x.size(d));
  std::vector<Tensor> out;
  std::int64_t start = 0;
  for (std::int64_t s : sizes) {
    TG_CHECK(s >= 0, "split", "sizes must be non-negative, got ", s);
    out.push_back(narrow(x, d, start, s));
    start += s;
  }
  return out;
}

std::vector<Tensor> split(const Tensor& x, std::int64_t split_size, std::int64_t dim) {
  detail::checked(x, "split");
  std::int64_t d = wrapped(dim, x, "split"), n = x.size(d);
  TG_CHECK(split_size > 0 || (split_size == 0 && n == 0), "split", "split_size must be positive, got ", split_size);
  Dims sizes;
  for (std::int64_t start = 0; start < n; start += split_size) sizes.push_back(std::min(split_size, n - start));
  if (sizes.empty()) sizes.push_back(0);
  return split(x, sizes, d);
}

std::vector<Tensor> chunk(const Tensor& x, std::int64_t chunks, std::int64_t dim) {
  detail::checked(x, "chunk");
  TG_CHECK(chunks > 0, "chunk", "chunks must be positive, got ", chunks);
  std::int64_t n = x.size(wrapped(dim, x, "chunk"));
  return split(x, std::max<std::int64_t>((n + chunks - 1) / chunks, n == 0 ? 0 : 1), dim);
}

std::vector<Tensor> unbind(const Tensor& x, std::int64_t dim) {
  detail::checked(x, "unbind");
  std::int64_t d = wrapped(dim, x, "unbind");
  std::vector<Tensor> out;
  for (std::int64_t i = 0; i < x.size(d); ++i) out.push_back(select(x, d, i));
  return out;
}

Tensor unflatten(const Tensor& x, std::int64_t dim, const Dims& sizes) {
  detail::checked(x, "unflatten");
  std::int64_t d = wrapped(dim, x, "unflatten");
  Shape shape = x.shape();
  shape.erase(shape.begin() + d);
  shape.insert(shape.begin() + d, sizes.begin(), sizes.end());
  return reshape(x, shape);
}

Tensor movedim(const Tensor& x, const Dims& source, const Dims& destination) {
  detail::checked(x, "movedim");
  TG_CHECK(source.size() == destination.size(), "movedim", "got ", source.size(), " source dims and ",
           destination.size(), " destinations");
  auto rank = static_cast<std::size_t>(x.dim());
  std::vector<std::int64_t> perm(rank, -1);
  std::vector<bool> used(rank, false);
  for (std::size_t i = 0; i < source.size(); ++i) {
    std::size_t s = detail::wrap_axis(source[i], rank, "movedim"),
                t = detail::wrap_axis(destination[i], rank, "movedim");
    TG_CHECK(perm[t] == -1 && !used[s], "movedim", "repeated dim in source or destination");
    perm[t] = static_cast<std::int64_t>(s);
    used[s] = true;
  }
  std::size_t next = 0;
  for (std::size_t t = 0; t < rank; ++t) {
    if (perm[t] != -1) continue;
    while (used[next]) ++next;
    perm[t] = static_cast<std::int64_t>(next++);
  }
  return permute(x, perm);
}

Tensor movedim(const Tensor& x, std::int64_t source, std::int64_t destination) {
  return movedim(x, Dims{source}, Dims{destination});
}

Tensor diag_embed(const Tensor& x, std::int64_t offset, std::int64_t dim1, std::int64_t dim2) {
  detail::checked(x, "diag_embed");
  TG_CHECK(x.dim() >= 1, "diag_embed", "expects at least 1 dimension, got a 0-d tensor");
  return named_op("DiagEmbedBackward", [&] {
    std::int64_t n = x.size(-1), k = offset < 0 ? -offset : offset;
    Tensor square = mul(unsqueeze(x, -1), eye(n, n, x.dtype()));  // [..., n, n], x on the diagonal
    // Shift it off the main diagonal: offset k > 0 puts x[i] at (i, i + k).
    Tensor out = k == 0 ? square : offset > 0 ? pad(square, {k, 0, 0, k}) : pad(square, {0, k, k, 0});
    auto rank = static_cast<std::size_t>(out.dim());
    std::size_t d1 = detail::wrap_axis(dim1, rank, "diag_embed"), d2 = detail::wrap_axis(dim2, rank, "diag_embed");
    TG_CHECK(d1 != d2, "diag_embed", "dim1 and dim2 must differ");
    return movedim(out, {-2, -1}, {static_cast<std::int64_t>(d1), static_cast<std::int64_t>(d2)});
  });
}

Tensor diag(const Tensor& x, std::int64_t diagonal_index) {
  detail::checked(x, "diag");
  TG_CHECK(x.dim() == 1 || x.dim() == 2, "diag", "expects a 1-D or 2-D tensor, got shape ", shape_to_string(x.shape()));
  if (x.dim() == 2) return diagonal(x, diagonal_index, 0, 1);
  return diag_embed(x, diagonal_index);
}

namespace {

Tensor triangle(const Tensor& x, std::int64_t k, bool lower, const char* op) {
  detail::checked(x, op);
  TG_CHECK(x.dim() >= 2, op, "expects at least 2 dimensions, got shape ", shape_to_string(x.shape()));
  return named_op(lower ? "TrilBackward" : "TriuBackward", [&] {
    std::int64_t rows = x.size(-2), cols = x.size(-1);
    Tensor i = unsqueeze(arange(0.0, static_cast<double>(rows), 1.0, x.dtype()), 1);
    Tensor j = unsqueeze(arange(0.0, static_cast<double>(cols), 1.0, x.dtype()), 0);
    Tensor offset = sub(j, i);  // column - row, [rows, cols]
    Tensor keep = lower ? le(offset, full({}, static_cast<double>(k), x.dtype()))
                        : ge(offset, full({}, static_cast<double>(k), x.dtype()));
    return where(keep, x, zeros({}, x.dtype()));  // where, not a product: NaN outside stays out
  });
}

}  // namespace

Tensor tril(const Tensor& x, std::int64_t k) { return triangle(x, k, true, "tril"); }
Tensor triu(const Tensor& x, std::int64_t k) { return triangle(x, k, false, "triu"); }

std::vector<Tensor> meshgrid(const std::vector<Tensor>& tensors, const std::string& indexing) {
  TG_CHECK(indexing == "ij" || indexing == "xy", "meshgrid", "indexing must be \"ij\" or \"xy\", got \"", indexing,
           "\"");
  Shape shape;
  for (const Tensor& t : tensors) {
    detail::checked(t, "meshgrid");
    TG_CHECK(t.dim() <= 1, "meshgrid", "expects 0-d or 1-D tensors, got shape ", shape_to_string(t.shape()));
    shape.push_back(t.numel());
  }
  bool xy = indexing == "xy" && tensors.size() >= 2;
  if (xy) std::swap(shape[0], shape[1]);
  std::vector<Tensor> out;
  for (std::size_t k = 0; k < tensors.size(); ++k) {
    std::size_t at = xy && k < 2 ? 1 - k : k;
    Shape view(shape.size(), 1);
    view[at] = shape[at];
    out.push_back(expand(reshape(tensors[k], view), shape));
  }
  return out;
}

Tensor unfold(const Tensor& x, std::int64_t dim, std::int64_t size, std::int64_t step) {
  detail::checked(x, "unfold");
  std::int64_t d = static_cast<std::int64_t>(detail::wrap_dim(dim, static_cast<std::size_t>(x.dim()), "unfold"));
  Tensor source = x.dim() == 0 ? reshape(x, {1}) : x;
  std::int64_t n = source.size(d);
  TG_CHECK(size >= 0 && size <= n, "unfold", "size ", size, " must be in [0, ", n, "] (the size of dimension ", dim,
           ")");
  TG_CHECK(step > 0, "unfold", "step must be positive, got ", step);
  return named_op("UnfoldBackward", [&] {
    std::int64_t windows = (n - size) / step + 1;
    Dims index;
    for (std::int64_t w = 0; w < windows; ++w)
      for (std::int64_t j = 0; j < size; ++j) index.push_back(w * step + j);
    // Gathering through index_select (whose backward adds) sums the gradient of overlapping windows.
    Tensor picked = index_select(source, d, indices(index));
    Shape shape = source.shape();
    shape[static_cast<std::size_t>(d)] = windows;
    shape.insert(shape.begin() + d + 1, size);
    Tensor out = movedim(reshape(picked, shape), d + 1, -1);
    return x.dim() == 0 ? reshape(out, {size}) : out;
  });
}

Tensor expand_as(const Tensor& x, const Tensor& other) {
  detail::checked(other, "expand_as");
  return expand(x, other.shape());
}
Tensor reshape_as(const Tensor& x, const Tensor& other) { return reshape(x, other.shape()); }
Tensor view_as(const Tensor& x, const Tensor& other) { return view(x, other.shape()); }
Tensor broadcast_to(const Tensor& x, const Shape& shape) { return expand(x, shape); }

Tensor squeeze(const Tensor& x, const Dims& dims_arg) {
  detail::checked(x, "squeeze");
  std::vector<std::size_t> dims = detail::wrap_dims(dims_arg, static_cast<std::size_t>(x.dim()), "squeeze");
  if (dims_arg.empty()) return x;
  Tensor out = x;
  for (auto it = dims.rbegin(); it != dims.rend(); ++it) out = squeeze(out, static_cast<std::int64_t>(*it));
  return out;
}

Tensor unsqueeze(const Tensor& x, const Dims& dims_arg) {
  detail::checked(x, "unsqueeze");
  std::vector<std::size_t> dims =
      detail::wrap_dims(dims_arg, static_cast<std::size_t>(x.dim()) + dims_arg.size(), "unsqueeze");
  Tensor out = x;
  for (std::size_t d : dims) out = unsqueeze(out, static_cast<std::int64_t>(d));
  return out;
}

}  // namespace tapegrad
