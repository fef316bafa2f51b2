// Picking elements by index or mask. index_select and gather are primitives whose adjoints
// (index_add, scatter_add) are primitives too, each the other's backward, so gradients of any
// order exist. Comparisons and one_hot produce constants (no gradient).
#include <tapegrad/autograd/ops/indexing.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/selection.hpp>
#include <tapegrad/autograd/ops/shape.hpp>
#include "integer_kernels.hpp"

namespace tapegrad {

using autograd::record;
using autograd::should_record;
using detail::GradList;
using detail::XShape;

namespace {

// Visits every position of `index_shape` in row-major order with its flat number and the
// offset, in a row-major tensor of `full_shape`, of the same position with coordinate 0 along
// `axis`. gather and scatter_add then only add index * stride(axis).
template <typename F>
void for_each_position(const XShape& index_shape, const XShape& full_shape, std::size_t axis, F&& f) {
  std::size_t rank = index_shape.size();
  std::vector<std::size_t> strides(rank, 1), counter(rank, 0);
  for (std::size_t d = rank - 1; d-- > 0;) strides[d] = strides[d + 1] * full_shape[d + 1];
  std::size_t total = detail::numel_of(index_shape), base = 0;
  for (std::size_t flat = 0; flat < total; ++flat) {
    f(flat, base, strides[axis]);
    for (std::size_t d = rank; d-- > 0;) {
      if (++counter[d] < index_shape[d]) {
        if (d != axis) base += strides[d];
        break;
      }
      if (d != axis) base -= strides[d] * (index_shape[d] - 1);
      counter[d] = 0;
    }
  }
}

// As torch: the index has the input's rank and is no larger along any other dimension.
void check_index_fits(const XShape& index, const XShape& full, std::size_t axis, const char* op, const char* what) {
  bool fits = index.size() == full.size();
  for (std::size_t d = 0; fits && d < full.size(); ++d) fits = d == axis || index[d] <= full[d];
  TG_CHECK(fits, op, "index of shape ", detail::shape_to_string(index), " does not fit the ", what, " shape ",
           detail::shape_to_string(full), " (same rank, and no larger except along dimension ", axis, ")");
}

// The indices, contiguous (`index` itself or a copy held in `keep`), each checked against `limit`.
const std::int64_t* checked_indices(const Tensor& index, std::size_t limit, const char* op, Tensor& keep) {
  detail::checked(index, op);
  keep = detail::dense(index);
  const auto& impl = *keep.impl();
  TG_CHECK(impl.dtype == kInt64, op, "index must be an int64 tensor (tg::kInt64), got ", dtype_name(impl.dtype));
  const std::int64_t* p = impl.data<std::int64_t>();
  for (std::size_t i = 0; i < impl.numel(); ++i)
    TG_CHECK(p[i] >= 0 && static_cast<std::size_t>(p[i]) < limit, op, "index ", p[i],
             " is out of range for a dimension of size ", limit);
  return p;
}

// out (zeros of out_shape) gets src's rows added at positions `index` along `axis`.
Tensor index_add_into(const XShape& out_shape, std::size_t axis, const Tensor& index, const Tensor& src) {
  Tensor out = detail::empty(out_shape, src.dtype());
  std::memset(out.impl()->data<char>(), 0, out.impl()->numel() * element_size(src.dtype()));
  Tensor index_d = detail::dense(index), src_d = detail::dense(src);
  const std::int64_t* idx = index_d.impl()->data<std::int64_t>();
  detail::AxisLayout o = detail::axis_layout(out_shape, axis);
  std::size_t count = index.impl()->numel();
  detail::dispatch_floating(src.dtype(), "index_select", [&](auto tag) {
    using T = decltype(tag);
    const T* s = src_d.impl()->data<T>();
    T* d = out.impl()->data<T>();
    for (std::size_t a = 0; a < o.outer; ++a)
      for (std::size_t k = 0; k < count; ++k)
        for (std::size_t c = 0; c < o.inner; ++c)
          d[(a * o.n + static_cast<std::size_t>(idx[k])) * o.inner + c] += s[(a * count + k) * o.inner + c];
  });
  return out;
}

Tensor index_select_backward(const Tensor& g, const XShape& shape, std::size_t axis, const Tensor& index) {
  Tensor out = index_add_into(shape, axis, index, g);
  if (!should_record(g)) return out;
  return record(
      "IndexSelectBackwardBackward", out, {g},
      [axis, index](const Tensor& gg) { return GradList{index_select(gg, static_cast<std::int64_t>(axis), index)}; },
      {index});
}

// A comparison, computed in the dtype the operands promote to; the result is a bool tensor.
template <typename F>
Tensor compare(const Tensor& a, const Tensor& b, const char* op, F&& predicate) {
  Dtype type = detail::result_type(detail::checked(a, op), detail::checked(b, op));
  Tensor ad = detail::dense(detail::kernel_operand(a, type)), bd = detail::dense(detail::kernel_operand(b, type));
  const auto& ia = *ad.impl();
  const auto& ib = *bd.impl();
  detail::broadcast_shapes(ia.shape, ib.shape, op);
  return detail::dispatch_all(type, [&](auto tag) {
    using T = decltype(tag);
    return detail::from_expression<bool>(predicate(detail::xview<T>(ia), detail::xview<T>(ib)));
  });
}

// A C++ number as the 0-d operand of a comparison: in a floating tensor's own dtype, else float64,
// which holds every value of the integer types up to int32 exactly.
Tensor number_operand(const Tensor& a, double value, const char* op) {
  detail::checked(a, op);
  return full({}, value, a.is_floating_point() ? a.dtype() : kFloat64);
}

}  // namespace

Tensor index_select(const Tensor& x, std::int64_t dim, const Tensor& index) {
  detail::checked(x, "index_select");
  Tensor xd = detail::dense(x);
  const auto& impl = *xd.impl();
  TG_CHECK(!impl.shape.empty(), "index_select", "cannot index a 0-dimensional tensor");
  std::size_t axis = detail::wrap_axis(dim, impl.shape.size(), "index_select");
  TG_CHECK(index.defined() && index.dim() <= 1, "index_select", "index must be 1-D, got shape ",
           index.defined() ? shape_to_string(index.shape()) : "undefined");
  Tensor index_d;
  const std::int64_t* idx = checked_indices(index, impl.shape[axis], "index_select", index_d);
  std::size_t count = index.impl()->numel();
  XShape shape = impl.shape;
  shape[axis] = count;
  Tensor out = detail::empty(shape, impl.dtype);
  detail::AxisLayout o = detail::axis_layout(impl.shape, axis);
  std::size_t bytes = o.inner * element_size(impl.dtype);
  auto* src = impl.data<const char>();
  auto* dst = out.impl()->data<char>();
  for (std::size_t a = 0; a < o.outer; ++a)
    for (std::size_t k = 0; k < count; ++k)
      std::memcpy(dst + (a * count + k) * bytes, src + (a * o.n + static_cast<std::size_t>(idx[k])) * bytes, bytes);
  if (!should_record(x)) return out;
  return record("IndexSelectBackward", out, {x},
                [shape = impl.shape, axis, index](const Tensor& g) {
                  return GradList{index_select_backward(g, shape, axis, index)};
                },
                {index});
}

Tensor gather(const Tensor& x, std::int64_t dim, const Tensor& index) {
  detail::checked(x, "gather");
  Tensor xd = detail::dense(x);
  const auto& impl = *xd.impl();
  const auto& iidx = detail::checked(index, "gather");
  TG_CHECK(!impl.shape.empty(), "gather", "cannot gather from a 0-dimensional tensor");
  std::size_t axis = detail::wrap_axis(dim, impl.shape.size(), "gather");
  check_index_fits(iidx.shape, impl.shape, axis, "gather", "input");
  Tensor index_d;
  const std::int64_t* idx = checked_indices(index, impl.shape[axis], "gather", index_d);
  Tensor out = detail::empty(iidx.shape, impl.dtype);
  detail::dispatch_all(impl.dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* src = impl.data<T>();
    T* dst = out.impl()->data<T>();
    for_each_position(iidx.shape, impl.shape, axis, [&](std::size_t at, std::size_t base, std::size_t stride) {
      dst[at] = src[base + static_cast<std::size_t>(idx[at]) * stride];
    });
  });
  if (!should_record(x)) return out;
  return record(
      "GatherBackward", out, {x},
      [shape = x.shape(), dim, index](const Tensor& g) { return GradList{scatter_add(shape, dim, index, g)}; },
      {index});
}

Tensor scatter_add(const Shape& shape, std::int64_t dim, const Tensor& index, const Tensor& src) {
  detail::checked(src, "scatter_add");
  Tensor src_d = detail::dense(src);
  const auto& isrc = *src_d.impl();
  const auto& iidx = detail::checked(index, "scatter_add");
  XShape xs = detail::to_xshape(shape, "scatter_add");
  TG_CHECK(!xs.empty(), "scatter_add", "cannot scatter into a 0-dimensional tensor");
  std::size_t axis = detail::wrap_axis(dim, xs.size(), "scatter_add");
  TG_CHECK(iidx.shape == isrc.shape, "scatter_add", "index shape ", detail::shape_to_string(iidx.shape),
           " differs from source shape ", detail::shape_to_string(isrc.shape));
  check_index_fits(iidx.shape, xs, axis, "scatter_add", "output");
  Tensor index_d;
  const std::int64_t* idx = checked_indices(index, xs[axis], "scatter_add", index_d);
  Tensor out = detail::empty(xs, isrc.dtype);
  std::memset(out.impl()->data<char>(), 0, out.impl()->numel() * element_size(isrc.dtype));
  detail::dispatch_floating(isrc.dtype, "scatter_add", [&](auto tag) {
    using T = decltype(tag);
    const T* from = isrc.data<T>();
    T* dst = out.impl()->data<T>();
    for_each_position(iidx.shape, xs, axis, [&](std::size_t at, std::size_t base, std::size_t stride) {
      dst[base + static_cast<std::size_t>(idx[at]) * stride] += from[at];
    });
  });
  if (!should_record(src)) return out;
  return record("ScatterAddBackward", out, {src},
                [dim, index](const Tensor& g) { return GradList{gather(g, dim, index)}; }, {index});
}

namespace {

// Replace is scatter without a reduce, for integers (the last write wins); the others are
// scatter_reduce's.
enum class Reduce { Sum, Prod, Mean, Amax, Amin, Replace };

Reduce reduce_mode(const std::string& reduce, const char* op) {
  if (reduce == "sum") return Reduce::Sum;
  if (reduce == "prod") return Reduce::Prod;
  if (reduce == "mean") return Reduce::Mean;
  if (reduce == "amax") return Reduce::Amax;
  if (reduce == "amin") return Reduce::Amin;
  detail::fail(op, "reduce must be one of \"sum\", \"prod\", \"mean\", \"amax\", \"amin\", got \"", reduce, "\"");
}

// Folds v into the accumulator `acc` as `mode` does (NaN wins amax / amin, as torch).
template <typename T>
void fold(T& acc, T v, Reduce mode) {
  switch (mode) {
    case Reduce::Sum:
    case Reduce::Mean:
      if constexpr (std::is_integral_v<T>)  // wraps on overflow, as torch, without UB
        acc = detail::wrapping_add(acc, v);
      else
        acc += v;
      break;
    case Reduce::Prod:
      if constexpr (std::is_integral_v<T>)
        acc = detail::wrapping_mul(acc, v);  // integer overflow wraps, as torch, without UB
      else
        acc *= v;
      break;
    case Reduce::Amax:
    case Reduce::Amin: {
      bool take;
      if constexpr (std::is_floating_point_v<T>)
        take = std::isnan(v) || (!std::isnan(acc) && (mode == Reduce::Amax ? v > acc : v < acc));
      else
        take = mode == Reduce::Amax ? v > acc : v < acc;
      if (take) acc = v;
      break;
    }
    case Reduce::Replace:
      acc = v;
      break;
  }
}

// scatter_reduce's loop (and integer scatter's, with Reduce::Replace): every src value folded
// into self at its index, without a gradient.
Tensor scatter_fold(const Tensor& self, std::int64_t dim, const Tensor& index, const Tensor& src, Reduce mode,
                    bool include_self, const std::string& reduce, const char* op) {
  const auto& iself = detail::checked(self, op);
  const auto& isrc = detail::checked(src, op);
  const auto& iidx = detail::checked(index, op);
  TG_CHECK(iself.dtype == isrc.dtype, op, "expected self and src to have the same dtype, got ", dtype_name(iself.dtype),
           " and ", dtype_name(isrc.dtype));
  TG_CHECK(!iself.shape.empty(), op, "cannot scatter into a 0-dimensional tensor");
  std::size_t axis = detail::wrap_axis(dim, iself.shape.size(), op);
  check_index_fits(iidx.shape, iself.shape, axis, op, "self");
  bool fits_src = iidx.shape.size() == isrc.shape.size();
  for (std::size_t d = 0; fits_src && d < isrc.shape.size(); ++d) fits_src = iidx.shape[d] <= isrc.shape[d];
  TG_CHECK(fits_src, op, "index of shape ", detail::shape_to_string(iidx.shape), " is larger than src of shape ",
           detail::shape_to_string(isrc.shape));
  bool wants_grad = is_grad_enabled() && (self.requires_grad() || src.requires_grad());
  TG_CHECK(!wants_grad, op, "reduce=\"", reduce,
           "\" has no gradient in tapegrad (torch 1.13 marks it beta); detach the inputs or use tg::NoGradGuard");
  Tensor from;
  {
    NoGradGuard no_grad;
    from = src;
    for (std::size_t d = 0; d < iidx.shape.size(); ++d)
      if (iidx.shape[d] != isrc.shape[d])
        from = narrow(from, static_cast<std::int64_t>(d), 0, static_cast<std::int64_t>(iidx.shape[d]));
    from = detail::dense(from);
  }
  Tensor index_d;
  const std::int64_t* idx = checked_indices(index, iself.shape[axis], op, index_d);
  Tensor out = self.detach().clone();
  detail::dispatch_arithmetic(iself.dtype, op, [&](auto tag) {
    using T = decltype(tag);
    const T* values = from.impl()->data<T>();
    T* o = out.impl()->data<T>();
    std::vector<std::int64_t> count(out.impl()->numel(), include_self ? 1 : 0);
    for_each_position(iidx.shape, iself.shape, axis, [&](std::size_t at, std::size_t base, std::size_t stride) {
      std::size_t k = base + static_cast<std::size_t>(idx[at]) * stride;
      if (count[k]++ == 0)
        o[k] = values[at];  // include_self false: the first value replaces self's
      else
        fold(o[k], values[at], mode);
    });
    if (mode == Reduce::Mean)
      for (std::size_t k = 0; k < count.size(); ++k) {
        if (count[k] <= 1) continue;
        if constexpr (std::is_integral_v<T>) {  // floor division, as torch's integer mean here
          auto total = static_cast<std::int64_t>(o[k]);
          std::int64_t q = total / count[k];
          if (total % count[k] != 0 && total < 0) --q;
          o[k] = static_cast<T>(q);
        } else {
          o[k] = static_cast<T>(o[k] / static_cast<T>(count[k]));
        }
      }
  });
  return out;
}

}  // namespace

Tensor scatter_reduce(const Tensor& self, std::int64_t dim, const Tensor& index, const Tensor& src,
                      const std::string& reduce, bool include_self) {
  return scatter_fold(self, dim, index, src, reduce_mode(reduce, "scatter_reduce"), include_self, reduce,
                      "scatter_reduce");
}

namespace detail {

Tensor scatter_integral(const Tensor& self, std::int64_t dim, const Tensor& index, const Tensor& src) {
  if (self.defined() && self.dtype() == kBool && src.defined() && src.dtype() == kBool)  // as 0 / 1 bytes
    return scatter_integral(self.to(kUInt8), dim, index, src.to(kUInt8)).to(kBool);
  return scatter_fold(self, dim, index, src, Reduce::Replace, false, "", "scatter");
}

}  // namespace detail

Tensor where(const Tensor& condition, const Tensor& a, const Tensor& b) {
  detail::checked(condition, "where");
  detail::checked(a, "where");
  detail::checked(b, "where");
  TG_CHECK(condition.dtype() == kBool, "where",
           "expected condition to be a boolean tensor, but got a tensor with dtype ", dtype_name(condition.dtype()),
           " (compare it, e.g. x != 0, or cast with .to(tg::kBool))");
  Dtype type = detail::result_type(*a.impl(), *b.impl());
  XShape shape = detail::broadcast_shapes(detail::broadcast_shapes(condition.impl()->shape, a.impl()->shape, "where"),
                                          b.impl()->shape, "where");
  Tensor mask = detail::dense(condition);
  Tensor ad = detail::dense(detail::kernel_operand(a, type)), bd = detail::dense(detail::kernel_operand(b, type));
  Tensor out = detail::dispatch_all(type, [&](auto tag) {
    using T = decltype(tag);
    return detail::from_expression<T>(xt::where(xt::broadcast(detail::xview<bool>(mask), shape),
                                                xt::broadcast(detail::xview<T>(ad), shape),
                                                xt::broadcast(detail::xview<T>(bd), shape)));
  });
  if (!should_record(a, b)) return out;
  Tensor chosen = condition.detach();
  return record("WhereBackward", out, {a, b}, [chosen](const Tensor& g) {
    // where() rather than g * mask, so that an inf gradient in the unused branch stays out.
    Tensor zero = zeros({}, g.dtype());
    return GradList{where(chosen, g, zero), where(chosen, zero, g)};
  });
}

Tensor masked_fill(const Tensor& x, const Tensor& mask, double value) {
  detail::checked(x, "masked_fill");
  detail::checked(mask, "masked_fill");
  TG_CHECK(broadcastable_to(mask.shape(), x.shape()), "masked_fill", "mask of shape ", shape_to_string(mask.shape()),
           " does not broadcast to the input shape ", shape_to_string(x.shape()));
  // As torch 1.13, a non-bool mask is accepted (non-zero meaning true); the value takes x's dtype.
  return where(mask.dtype() == kBool ? mask : ne(mask, 0.0), full({}, value, x.dtype()), x);
}

Tensor one_hot(const Tensor& indices, std::int64_t num_classes, Dtype dtype) {
  detail::checked(indices, "one_hot");
  Tensor indices_d = detail::dense(indices);
  const auto& impl = *indices_d.impl();
  TG_CHECK(impl.dtype == kInt64, "one_hot", "class values must be an int64 tensor, got ", dtype_name(impl.dtype));
  const std::int64_t* p = impl.data<std::int64_t>();
  if (num_classes < 0) {
    TG_CHECK(impl.numel() > 0, "one_hot", "cannot infer the number of classes from an empty tensor");
    const std::int64_t largest = *std::max_element(p, p + impl.numel());
    TG_CHECK(largest < std::numeric_limits<std::int64_t>::max(), "one_hot", "class value ", largest,
             " leaves no number of classes in int64");
    num_classes = largest + 1;
  }
  for (std::size_t i = 0; i < impl.numel(); ++i)
    TG_CHECK(p[i] >= 0 && p[i] < num_classes, "one_hot", "class value ", p[i], " is outside [0, ", num_classes, ")");
  XShape shape = impl.shape;
  shape.push_back(static_cast<std::size_t>(num_classes));
  Tensor out = detail::empty(shape, dtype, "one_hot");
  detail::dispatch_all(dtype, [&](auto tag) {
    using T = decltype(tag);
    T* o = out.impl()->data<T>();
    std::fill(o, o + out.impl()->numel(), T(0));
    for (std::size_t i = 0; i < impl.numel(); ++i) o[i * static_cast<std::size_t>(num_classes) + p[i]] = T(1);
  });
  return out;
}

Tensor eq(const Tensor& a, const Tensor& b) {
  return compare(a, b, "eq", [](const auto& x, const auto& y) { return xt::equal(x, y); });
}
Tensor ne(const Tensor& a, const Tensor& b) {
  return compare(a, b, "ne", [](const auto& x, const auto& y) { return xt::not_equal(x, y); });
}
Tensor gt(const Tensor& a, const Tensor& b) {
  return compare(a, b, "gt", [](const auto& x, const auto& y) { return x > y; });
}
Tensor lt(const Tensor& a, const Tensor& b) {
  return compare(a, b, "lt", [](const auto& x, const auto& y) { return x < y; });
}
Tensor ge(const Tensor& a, const Tensor& b) {
  return compare(a, b, "ge", [](const auto& x, const auto& y) { return x >= y; });
}
Tensor le(const Tensor& a, const Tensor& b) {
  return compare(a, b, "le", [](const auto& x, const auto& y) { return x <= y; });
}
Tensor operator>(const Tensor& a, const Tensor& b) { return gt(a, b); }
Tensor operator<(const Tensor& a, const Tensor& b) { return lt(a, b); }
Tensor operator>=(const Tensor& a, const Tensor& b) { return ge(a, b); }
Tensor operator<=(const Tensor& a, const Tensor& b) { return le(a, b); }
Tensor eq(const Tensor& a, double b) { return eq(a, number_operand(a, b, "eq")); }
Tensor ne(const Tensor& a, double b) { return ne(a, number_operand(a, b, "ne")); }
Tensor gt(const Tensor& a, double b) { return gt(a, number_operand(a, b, "gt")); }
Tensor lt(const Tensor& a, double b) { return lt(a, number_operand(a, b, "lt")); }
Tensor ge(const Tensor& a, double b) { return ge(a, number_operand(a, b, "ge")); }
Tensor le(const Tensor& a, double b) { return le(a, number_operand(a, b, "le")); }
Tensor operator==(const Tensor& a, const Tensor& b) { return eq(a, b); }
Tensor operator!=(const Tensor& a, const Tensor& b) { return ne(a, b); }
Tensor operator==(const Tensor& a, double b) { return eq(a, b); }
Tensor operator!=(const Tensor& a, double b) { return ne(a, b); }
Tensor operator>(const Tensor& a, double b) { return gt(a, b); }
Tensor operator<(const Tensor& a, double b) { return lt(a, b); }
Tensor operator>=(const Tensor& a, double b) { return ge(a, b); }
Tensor operator<=(const Tensor& a, double b) { return le(a, b); }

}  // namespace tapegrad
