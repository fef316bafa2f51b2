// Indexing ops composed from the gather / scatter_add / index_select primitives, where and the
// view ops, so that every one has gradients of any order. nonzero, and index_add / index_copy
// of integer and bool tensors, are the new kernels (no gradient: integers and indices).
#include <tapegrad/autograd/ops/selection.hpp>

#include <cmath>
#include <optional>
#include <type_traits>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/function.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/indexing.hpp>
#include <tapegrad/autograd/ops/shape.hpp>
#include "dim_utils.hpp"
#include "integer_kernels.hpp"

namespace tapegrad {

using autograd::named_op;

namespace {

std::int64_t wrapped(std::int64_t dim, const Tensor& x, const char* op) {
  TG_CHECK(x.dim() > 0, op, "expects a tensor with at least one dimension, got a 0-d tensor");
  return static_cast<std::int64_t>(detail::wrap_axis(dim, static_cast<std::size_t>(x.dim()), op));
}

// A 1-D index along `dim` as a full index of `shape` (the source's), for scatter_add.
Tensor full_index(const Tensor& index, std::int64_t dim, const Shape& shape, const char* op) {
  detail::checked(index, op);
  TG_CHECK(index.dim() <= 1, op, "index must be 1-D, got shape ", shape_to_string(index.shape()));
  TG_CHECK(index.numel() == shape[static_cast<std::size_t>(dim)], op, "index has ", index.numel(),
           " entries but the source has ", shape[static_cast<std::size_t>(dim)], " along dimension ", dim);
  Shape view(shape.size(), 1);
  view[static_cast<std::size_t>(dim)] = index.numel();
  return expand(reshape(index, view), shape).contiguous();
}

// 1 where scatter_add(index) writes into `shape`, 0 elsewhere: which elements of self are replaced.
Tensor written(const Shape& shape, std::int64_t dim, const Tensor& index, Dtype dtype) {
  NoGradGuard no_grad;
  Tensor hits = scatter_add(shape, dim, index, ones(index.shape(), dtype));
  return gt(hits, zeros({}, dtype));
}

// torch's check for index_add and index_copy: self and source of one dtype (no promotion).
void check_source_dtype(const Tensor& self, const Tensor& source, const char* op) {
  TG_CHECK(self.dtype() == source.dtype(), op, "self (", dtype_name(self.dtype()), ") and source (",
           dtype_name(source.dtype()), ") must have the same dtype; cast one with .to()");
}

// source as the index.numel() slices of self along `dim` that index_add / index_copy write:
// of exactly self's slice shape for index_copy; for index_add a size-1 dimension broadcasts, as
// torch's per-slice add_ does (index_add(x[2,2], 0, [0], [[5]]) adds 5 to both of row 0).
Tensor source_slices(const Tensor& self, std::int64_t dim, const Tensor& source, bool broadcast, const char* op) {
  TG_CHECK(source.dim() == self.dim(), op, "source must have as many dimensions as self (", self.dim(), "), got shape ",
           shape_to_string(source.shape()));
  const auto axis = static_cast<std::size_t>(dim);
  Shape slices = self.shape();
  slices[axis] = source.shape()[axis];
  for (std::size_t i = 0; i < slices.size(); ++i)
    TG_CHECK(source.shape()[i] == slices[i] || (broadcast && source.shape()[i] == 1), op, "source of shape ",
             shape_to_string(source.shape()), " does not match self's shape ", shape_to_string(self.shape()),
             " except along dimension ", dim, broadcast ? " (a dimension of size 1 broadcasts)" : "");
  return source.shape() == slices ? source : expand(source, slices);
}

// index_add (with `alpha`) or index_copy (without) of an integer or bool self: a plain loop in
// its dtype, since integers take no gradient. Sums wrap on overflow as torch (in unsigned
// arithmetic, without UB); for bools, adding is or-ing. An alpha must be integral here.
Tensor integral_index_write(const Tensor& self, std::size_t axis, const Tensor& index, const Tensor& source,
                            const std::optional<Scalar>& alpha, const char* op) {
  Shape slices = self.shape();
  slices[axis] = index.numel();
  TG_CHECK(source.shape() == slices, op, "source of shape ", shape_to_string(source.shape()),
           " does not match self's shape ", shape_to_string(self.shape()), " except along dimension ", axis,
           " (expected ", shape_to_string(slices), ")");
  TG_CHECK(index.dtype() == kInt64, op, "index must be an int64 tensor (tg::kInt64), got ", dtype_name(index.dtype()));
  Tensor out = self.detach().clone();
  Tensor index_d = detail::dense(index), source_d = detail::dense(source);
  const std::int64_t* idx = index_d.impl()->data<std::int64_t>();
  const detail::AxisLayout o = detail::axis_layout(out.impl()->shape, axis);
  const std::size_t count = static_cast<std::size_t>(index.numel());
  for (std::size_t k = 0; k < count; ++k)
    TG_CHECK(idx[k] >= 0 && static_cast<std::size_t>(idx[k]) < o.n, op, "index ", idx[k],
             " is out of range for a dimension of size ", o.n);
  detail::dispatch_all(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_integral_v<T>) {
      T a = T(1);
      if (alpha)
        a = alpha->isFloatingPoint() ? detail::integer_alpha<T>(alpha->toDouble(), op)
                                     : detail::integer_alpha<T>(alpha->toLong(), op);
      const T* from = source_d.impl()->data<T>();
      T* to = out.impl()->data<T>();
      for (std::size_t outer = 0; outer < o.outer; ++outer)
        for (std::size_t k = 0; k < count; ++k)
          for (std::size_t c = 0; c < o.inner; ++c) {
            T& dst = to[(outer * o.n + static_cast<std::size_t>(idx[k])) * o.inner + c];
            T v = from[(outer * count + k) * o.inner + c];
            if (!alpha)
              dst = v;
            else if constexpr (std::is_same_v<T, bool>)
              dst = dst || (a && v);
            else
              dst = detail::wrapping_add(dst, detail::wrapping_mul(a, v));
          }
    }
  });
  return out;
}

}  // namespace

Tensor scatter_add(const Tensor& self, std::int64_t dim, const Tensor& index, const Tensor& src) {
  detail::checked(self, "scatter_add");
  // Integers (no gradient): the exact sum kernel; floats compose scatter_add for theirs.
  if (!is_floating_point(self.impl()->dtype)) return scatter_reduce(self, dim, index, src, "sum", true);
  return named_op("ScatterAddBackward", [&] { return add(self, scatter_add(self.shape(), dim, index, src)); });
}

Tensor scatter(const Tensor& self, std::int64_t dim, const Tensor& index, const Tensor& src,
               const std::string& reduce) {
  detail::checked(self, "scatter");
  TG_CHECK(reduce.empty() || reduce == "add" || reduce == "multiply", "scatter",
           "reduce must be \"add\" or \"multiply\" (or omitted), got \"", reduce, "\"");
  if (reduce == "add" && !self.is_floating_point()) return scatter_reduce(self, dim, index, src, "sum", true);
  if (reduce.empty() && !self.is_floating_point()) return detail::scatter_integral(self, dim, index, src);
  if (reduce == "add") return scatter_add(self, dim, index, src);
  if (reduce == "multiply") return scatter_reduce(self, dim, index, src, "prod", true);
  return named_op("ScatterBackward", [&] {
    Tensor placed = scatter_add(self.shape(), dim, index, src);
    return where(written(self.shape(), dim, index, self.dtype()), placed, self);
  });
}

Tensor index_add(const Tensor& self, std::int64_t dim, const Tensor& index, const Tensor& source, const Scalar& alpha) {
  detail::checked(self, "index_add");
  detail::checked(source, "index_add");
  check_source_dtype(self, source, "index_add");
  std::int64_t d = wrapped(dim, self, "index_add");
  Tensor slices = source_slices(self, d, source, true, "index_add");
  Tensor full = full_index(index, d, slices.shape(), "index_add");
  if (!self.is_floating_point())
    return integral_index_write(self, static_cast<std::size_t>(d), index, slices, alpha, "index_add");
  return named_op("IndexAddBackward", [&] {
    Tensor s = alpha.toDouble() == 1.0 ? slices : mul(slices, alpha.toDouble());
    return add(self, scatter_add(self.shape(), d, full, s));
  });
}

Tensor index_copy(const Tensor& self, std::int64_t dim, const Tensor& index, const Tensor& source) {
  detail::checked(self, "index_copy");
  detail::checked(source, "index_copy");
  check_source_dtype(self, source, "index_copy");
  std::int64_t d = wrapped(dim, self, "index_copy");
  Tensor full = full_index(index, d, source_slices(self, d, source, false, "index_copy").shape(), "index_copy");
  if (!self.is_floating_point())
    return integral_index_write(self, static_cast<std::size_t>(d), index, source, std::nullopt, "index_copy");
  return named_op("IndexCopyBackward", [&] {
    return where(written(self.shape(), d, full, self.dtype()), scatter_add(self.shape(), d, full, source), self);
  });
}

Tensor index_fill(const Tensor& self, std::int64_t dim, const Tensor& index, double value) {
  detail::checked(self, "index_fill");
  std::int64_t d = wrapped(dim, self, "index_fill");
  Shape slices = self.shape();
  slices[static_cast<std::size_t>(d)] = index.numel();
  Tensor full = full_index(index, d, slices, "index_fill");
  return named_op("IndexFillBackward", [&] {
    return where(written(self.shape(), d, full, self.dtype()), full_like(self.detach(), value), self);
  });
}

Tensor nonzero(const Tensor& x) {
  detail::checked(x, "nonzero");
  Shape shape = x.shape();
  std::vector<double> values = x.to_vector<double>();
  std::vector<std::int64_t> coords;
  std::int64_t count = 0;
  std::vector<std::int64_t> at(shape.size(), 0);
  for (double v : values) {
    if (v != 0.0) {  // NaN is non-zero
      coords.insert(coords.end(), at.begin(), at.end());
      ++count;
    }
    for (std::size_t d = shape.size(); d-- > 0;) {
      if (++at[d] < shape[d]) break;
      at[d] = 0;
    }
  }
  return reshape(tensor(coords, kInt64), {count, static_cast<std::int64_t>(shape.size())});
}

Tensor argwhere(const Tensor& x) { return nonzero(x); }

Tensor masked_select(const Tensor& x, const Tensor& mask) {
  detail::checked(x, "masked_select");
  detail::checked(mask, "masked_select");
  Shape shape = [&] {
    detail::XShape s = detail::broadcast_shapes(x.impl()->shape, mask.impl()->shape, "masked_select");
    return Shape(s.begin(), s.end());
  }();
  Tensor flat_mask = reshape(expand(mask.detach(), shape), {-1});
  Tensor positions = reshape(nonzero(flat_mask), {-1});
  return named_op("MaskedSelectBackward", [&] { return index_select(reshape(expand(x, shape), {-1}), 0, positions); });
}

Tensor take_along_dim(const Tensor& x, const Tensor& indices, std::optional<std::int64_t> dim) {
  detail::checked(x, "take_along_dim");
  detail::checked(indices, "take_along_dim");
  if (!dim) return take_along_dim(reshape(x, {-1}), reshape(indices, {-1}), 0);
  std::int64_t d = wrapped(*dim, x, "take_along_dim");
  TG_CHECK(indices.dim() == x.dim(), "take_along_dim", "indices must have the input's rank (", x.dim(), "), got ",
           indices.dim());
  Shape xs = x.shape(), is = indices.shape();
  Shape bx = xs, bi = is;
  for (std::size_t k = 0; k < xs.size(); ++k) {
    if (static_cast<std::int64_t>(k) == d) continue;
    TG_CHECK(xs[k] == is[k] || xs[k] == 1 || is[k] == 1, "take_along_dim", "cannot broadcast ", shape_to_string(xs),
             " with indices ", shape_to_string(is), " at dimension ", k);
    bx[k] = bi[k] = std::max(xs[k], is[k]);
  }
  return named_op("TakeAlongDimBackward", [&] { return gather(expand(x, bx), d, expand(indices, bi).contiguous()); });
}

}  // namespace tapegrad
