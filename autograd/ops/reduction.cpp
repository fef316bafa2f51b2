// Reductions. sum and max/min are primitives; mean, var, softmax, log_softmax and logsumexp
// are composed from primitives and need no backward of their own.
#include <tapegrad/autograd/ops/reduction.hpp>

#include <cmath>
#include <limits>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/node_impl.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/indexing.hpp>
#include <tapegrad/autograd/ops/reduction_dims.hpp>
#include <tapegrad/autograd/ops/shape.hpp>
#include "dim_utils.hpp"
#include "kernel_utils.hpp"

namespace tapegrad {

using autograd::record;
using autograd::should_record;
using detail::GradList;
using detail::XShape;

namespace {

// A reduction along one axis: the [outer, n, inner] layout plus the two result shapes.
struct ReductionLayout : detail::AxisLayout {
  XShape reduced_keepdim, reduced;
};

ReductionLayout layout_of(const XShape& shape, std::size_t axis) {
  ReductionLayout l;
  static_cast<detail::AxisLayout&>(l) = detail::axis_layout(shape, axis);
  l.reduced_keepdim = shape;
  l.reduced_keepdim[axis] = 1;
  for (std::size_t d = 0; d < shape.size(); ++d)
    if (d != axis) l.reduced.push_back(shape[d]);
  return l;
}

// Applies `combine(acc, value)` along the axis; returns the reduced tensor in `out_dtype`.
template <typename Init, typename Combine>
Tensor reduce_axis(const Tensor& x, std::size_t axis, bool keepdim, Dtype out_dtype, Init&& init, Combine&& combine) {
  Tensor xd = detail::dense(x);
  const auto& impl = *xd.impl();
  ReductionLayout l = layout_of(impl.shape, axis);
  Tensor out = detail::empty(keepdim ? l.reduced_keepdim : l.reduced, out_dtype);
  detail::dispatch_all(impl.dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* in = impl.data<T>();
    detail::dispatch_all(out_dtype, [&](auto out_tag) {
      using O = decltype(out_tag);
      O* o = out.impl()->data<O>();
      for (std::size_t a = 0; a < l.outer; ++a)
        for (std::size_t c = 0; c < l.inner; ++c) {
          auto acc = init(T{});
          for (std::size_t k = 0; k < l.n; ++k) combine(acc, in[(a * l.n + k) * l.inner + c]);
          o[a * l.inner + c] = static_cast<O>(acc);
        }
    });
  });
  return out;
}

// Gradient of max/min: the output gradient flows to the elements equal to the extremum,
// shared equally between ties (as torch.amax).
Tensor extremum_backward(const Tensor& g, const Tensor& x, const Tensor& result, std::optional<std::size_t> axis,
                         bool keepdim) {
  Tensor r = result.detach(), gk = g;
  if (axis && !keepdim) {
    r = unsqueeze(r, static_cast<std::int64_t>(*axis));
    gk = unsqueeze(g, static_cast<std::int64_t>(*axis));
  }
  Tensor hits = eq(x.detach(), r).to(x.dtype());
  Tensor count = axis ? sum(hits, static_cast<std::int64_t>(*axis), true) : sum(hits);
  return mul(gk, div(hits, count));
}

// As PyTorch: an empty tensor reduces along an axis of non-zero size (to an empty result), never
// over all of its elements or along an axis of size 0.
void check_reducible(const detail::TensorImpl& impl, std::optional<std::int64_t> axis, const char* op) {
  if (!axis) {
    TG_CHECK(impl.numel() > 0, op, "cannot reduce an empty tensor (shape ", detail::shape_to_string(impl.shape),
             "); specify a dimension of non-zero size");
    return;
  }
  std::size_t d = detail::wrap_axis(*axis, impl.shape.size(), op);
  TG_CHECK(impl.shape.empty() || impl.shape[d] > 0, op, "cannot reduce dimension ", *axis, " of size 0 (shape ",
           detail::shape_to_string(impl.shape), ")");
}

// The row maxima softmax and logsumexp subtract, detached; zeros along an axis of size 0, whose
// softmax is empty and whose logsumexp is -inf, as in PyTorch.
Tensor shift_for(const Tensor& x, std::int64_t axis) {
  if (x.dim() > 0 && x.size(axis) == 0) {
    Shape shape = x.shape();
    shape[detail::wrap_axis(axis, shape.size(), "softmax")] = 1;
    return zeros(shape, x.dtype());
  }
  return amax(x, {axis}, true).detach();
}

Tensor extremum(const Tensor& x, std::optional<std::int64_t> axis_arg, bool keepdim, bool is_max) {
  const char* op = is_max ? "max" : "min";
  const auto& impl = detail::checked(x, op);
  detail::dispatch_floating(impl.dtype, op, [](auto) { return 0; });
  check_reducible(impl, axis_arg, op);
  Tensor out;
  std::optional<std::size_t> axis;
  auto better = [is_max](auto value, auto acc) {
    return is_max ? (value > acc || std::isnan(value)) : (value < acc || std::isnan(value));
  };
  auto init = [is_max](auto tag) {
    using T = decltype(tag);
    return is_max ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
  };
  auto combine = [&](auto& acc, auto value) {
    if (better(value, acc)) acc = value;
  };
  if (axis_arg) {
    axis = detail::wrap_axis(*axis_arg, impl.shape.size(), op);
    out = reduce_axis(x, *axis, keepdim, impl.dtype, init, combine);
  } else {
    Tensor flat = detail::alias(detail::dense(x), {impl.numel()});
    out = reduce_axis(flat, 0, false, impl.dtype, init, combine);
  }
  if (!should_record(x)) return out;
  Tensor r = out.detach();
  return record(is_max ? "MaxBackward" : "MinBackward", out, {x},
                [x, r, axis, keepdim](const Tensor& g) { return GradList{extremum_backward(g, x, r, axis, keepdim)}; },
                {x, r});
}

}  // namespace

Tensor detail::extremum_values(const Tensor& x, std::int64_t axis, bool keepdim, bool is_max) {
  NoGradGuard no_grad;
  return extremum(x, axis, keepdim, is_max);
}

namespace {

Tensor arg_extremum(const Tensor& x, std::optional<std::int64_t> axis_arg, bool keepdim, bool is_max) {
  const char* op = is_max ? "argmax" : "argmin";
  const auto& impl = detail::checked(x, op);
  check_reducible(impl, axis_arg, op);
  Tensor source = axis_arg ? detail::dense(x) : detail::alias(detail::dense(x), {impl.numel()});
  std::size_t axis = axis_arg ? detail::wrap_axis(*axis_arg, impl.shape.size(), op) : 0;
  const auto& s = *source.impl();
  ReductionLayout l = layout_of(s.shape, axis);
  Tensor out = detail::empty(axis_arg && keepdim ? l.reduced_keepdim : l.reduced, kInt64);
  auto* o = out.impl()->data<std::int64_t>();
  detail::dispatch_all(s.dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* in = s.data<T>();
    for (std::size_t a = 0; a < l.outer; ++a)
      for (std::size_t c = 0; c < l.inner; ++c) {
        std::size_t best = 0;
        for (std::size_t k = 1; k < l.n; ++k) {
          T v = in[(a * l.n + k) * l.inner + c], b = in[(a * l.n + best) * l.inner + c];
          if (b != b) break;                                 // the first NaN wins, as in PyTorch
          if (v != v || (is_max ? v > b : v < b)) best = k;  // first occurrence wins ties
        }
        o[a * l.inner + c] = static_cast<std::int64_t>(best);
      }
  });
  return out;
}

}  // namespace

Tensor sum(const Tensor& x) {
  detail::checked(x, "sum");
  if (!x.is_floating_point()) return detail::sum_integral(x, std::nullopt, false);
  Tensor xd = detail::dense(x);
  const auto& impl = *xd.impl();
  Tensor out = detail::dispatch_floating(impl.dtype, "sum", [&](auto tag) {
    using T = decltype(tag);
    const T* p = impl.data<T>();
    // Accumulate in double: float32 sums of a million elements would otherwise lose digits.
    double total = 0.0;
    for (std::size_t i = 0; i < impl.numel(); ++i) total += p[i];
    Tensor r = detail::empty({}, impl.dtype);
    r.impl()->data<T>()[0] = static_cast<T>(total);
    return r;
  });
  if (!should_record(x)) return out;
  return record("SumBackward", out, {x}, [shape = x.shape()](const Tensor& g) { return GradList{expand(g, shape)}; });
}

Tensor sum(const Tensor& x, std::int64_t axis_arg, bool keepdim) {
  detail::checked(x, "sum");
  if (!x.is_floating_point()) return detail::sum_integral(x, axis_arg, keepdim);
  if (x.dim() == 0) {  // a 0-d tensor reduces along dim 0 or -1 to itself, as in PyTorch
    detail::wrap_dim(axis_arg, 0, "sum");
    return sum(x);
  }
  Tensor xd = detail::dense(x);
  const auto& impl = *xd.impl();
  detail::dispatch_floating(impl.dtype, "sum", [](auto) { return 0; });
  std::size_t axis = detail::wrap_axis(axis_arg, impl.shape.size(), "sum");
  ReductionLayout l = layout_of(impl.shape, axis);
  Tensor out = detail::empty(keepdim ? l.reduced_keepdim : l.reduced, impl.dtype);
  detail::dispatch_floating(impl.dtype, "sum", [&](auto tag) {
    using T = decltype(tag);
    const T* in = impl.data<T>();
    T* o = out.impl()->data<T>();
    // Walk memory in order (rows of `inner` contiguous values), accumulating in double.
    std::vector<double> acc(l.inner);
    for (std::size_t a = 0; a < l.outer; ++a) {
      std::fill(acc.begin(), acc.end(), 0.0);
      for (std::size_t k = 0; k < l.n; ++k) {
        const T* row = in + (a * l.n + k) * l.inner;
        for (std::size_t c = 0; c < l.inner; ++c) acc[c] += row[c];
      }
      for (std::size_t c = 0; c < l.inner; ++c) o[a * l.inner + c] = static_cast<T>(acc[c]);
    }
  });
  if (!should_record(x)) return out;
  return record("SumBackward", out, {x}, [shape = x.shape(), axis, keepdim](const Tensor& g) {
    Tensor gk = keepdim ? g : unsqueeze(g, static_cast<std::int64_t>(axis));
    return GradList{expand(gk, shape)};
  });
}

void detail::check_mean_dtype(const Tensor& x) {
  TG_CHECK(x.defined(), "mean", "got an undefined tensor");
  TG_CHECK(x.is_floating_point(), "mean",
           "could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ",
           dtype_name(x.dtype()), " (pass one: mean(x, tg::kFloat32))");
}

Tensor detail::mean_as(const Tensor& x, Dtype dtype) {
  TG_CHECK(x.defined(), "mean", "got an undefined tensor");
  TG_CHECK(is_floating_point(dtype), "mean", "the dtype to compute in must be floating, got ", dtype_name(dtype));
  return x.dtype() == dtype ? x : x.to(dtype);
}

Tensor mean(const Tensor& x, Dtype dtype) { return mean(detail::mean_as(x, dtype)); }

Tensor mean(const Tensor& x) {
  detail::check_mean_dtype(x);
  // An empty tensor's mean is 0 * (1 / 0) = NaN, as PyTorch's.
  std::uint64_t since = detail::next_node_sequence();
  return autograd::name_result(mul(sum(x), 1.0 / static_cast<double>(x.numel())), "MeanBackward", since);
}

Tensor mean(const Tensor& x, std::int64_t axis, bool keepdim) {
  detail::check_mean_dtype(x);
  detail::wrap_dim(axis, static_cast<std::size_t>(x.dim()), "mean");
  if (x.dim() == 0) return mean(x);
  std::uint64_t since = detail::next_node_sequence();
  Tensor s = sum(x, axis, keepdim);
  return autograd::name_result(mul(s, 1.0 / static_cast<double>(x.size(axis))), "MeanBackward", since);
}

Tensor max(const Tensor& x) { return extremum(x, std::nullopt, false, true); }

namespace {

// (values, indices) along `dim`: the values are gathered at the indices, so the gradient goes to
// the element the index names, as torch.max(x, dim) (amax shares it between ties instead).
std::tuple<Tensor, Tensor> extremum_with_index(const Tensor& x, std::int64_t dim, bool keepdim, bool is_max) {
  const char* op = is_max ? "max" : "min";
  detail::checked(x, op);
  Tensor source = x.dim() == 0 ? reshape(x, {1}) : x;
  std::int64_t d = static_cast<std::int64_t>(detail::wrap_dim(dim, static_cast<std::size_t>(x.dim()), op));
  detail::dispatch_floating(x.dtype(), op, [](auto) { return 0; });
  check_reducible(*source.impl(), x.dim() == 0 ? d : dim, op);
  Tensor index = arg_extremum(source, d, true, is_max);
  Tensor values = autograd::named_op(is_max ? "MaxBackward" : "MinBackward", [&] { return gather(source, d, index); });
  if (!keepdim || x.dim() == 0) {
    values = squeeze(values, d);
    index = squeeze(index, d);
  }
  return {values, index};
}

}  // namespace

std::tuple<Tensor, Tensor> max(const Tensor& x, std::int64_t dim, bool keepdim) {
  return extremum_with_index(x, dim, keepdim, true);
}
Tensor min(const Tensor& x) { return extremum(x, std::nullopt, false, false); }
std::tuple<Tensor, Tensor> min(const Tensor& x, std::int64_t dim, bool keepdim) {
  return extremum_with_index(x, dim, keepdim, false);
}
Tensor argmax(const Tensor& x) { return arg_extremum(x, std::nullopt, false, true); }
Tensor argmax(const Tensor& x, std::int64_t axis, bool keepdim) {
  if (x.defined() && x.dim() == 0)
    return arg_extremum(reshape(x, {1}), detail::wrap_dim(axis, 0, "argmax"), false, true);
  return arg_extremum(x, axis, keepdim, true);
}
Tensor argmin(const Tensor& x) { return arg_extremum(x, std::nullopt, false, false); }
Tensor argmin(const Tensor& x, std::int64_t axis, bool keepdim) {
  if (x.defined() && x.dim() == 0)
    return arg_extremum(reshape(x, {1}), detail::wrap_dim(axis, 0, "argmin"), false, false);
  return arg_extremum(x, axis, keepdim, false);
}

// var with `unbiased` is var with correction 1 or 0 (reduction_dims.cpp): NaN, not an error,
// when a slice has no more elements than the correction, as PyTorch.
Tensor var(const Tensor& x, bool unbiased) { return var(x, std::nullopt, unbiased ? 1 : 0); }

Tensor var(const Tensor& x, std::int64_t axis, bool unbiased, bool keepdim) {
  return var(x, std::vector<std::int64_t>{axis}, std::optional<std::int64_t>(unbiased ? 1 : 0), keepdim);
}

Tensor var(const Tensor& x, int axis, bool unbiased, bool keepdim) {
  return var(x, static_cast<std::int64_t>(axis), unbiased, keepdim);
}

Tensor sum_to(const Tensor& x, const Shape& target) {
  detail::checked(x, "sum_to");
  Shape shape = x.shape();
  if (shape == target) return x;
  TG_CHECK(broadcastable_to(target, shape), "sum_to", "cannot reduce ", shape_to_string(shape), " to ",
           shape_to_string(target));
  std::size_t lead = shape.size() - target.size();
  Tensor out = x;
  for (std::size_t d = 0; d < shape.size(); ++d)
    if ((d < lead || target[d - lead] == 1) && shape[d] != 1) out = sum(out, static_cast<std::int64_t>(d), true);
  return reshape(out, target);
}

Tensor logsumexp(const Tensor& x, std::int64_t axis, bool keepdim) {
  // Subtracting the (constant) maximum keeps exp() from overflowing; it cancels in the result.
  TG_CHECK(x.defined(), "logsumexp", "got an undefined tensor");
  if (x.dim() == 0) return logsumexp(x, std::vector<std::int64_t>{axis}, keepdim);
  detail::wrap_axis(axis, static_cast<std::size_t>(x.dim()), "logsumexp");
  detail::dispatch_floating(x.dtype(), "logsumexp", [](auto) { return 0; });
  std::uint64_t since = detail::next_node_sequence();
  Tensor m = shift_for(x, axis);
  m = masked_fill(m, ne(sub(m, m), zeros({}, m.dtype())), 0.0);  // an infinite max (all -inf row) would give nan
  Tensor out = add(log(sum(exp(sub(x, m)), axis, true)), m);
  return autograd::name_result(keepdim ? out : squeeze(out, axis), "LogsumexpBackward", since);
}

Tensor softmax(const Tensor& x, std::int64_t axis) {
  TG_CHECK(x.defined(), "softmax", "got an undefined tensor");
  if (x.dim() == 0) {  // softmax of a single element: 1
    detail::wrap_dim(axis, 0, "softmax");
    return reshape(softmax(reshape(x, {1}), 0), {});
  }
  detail::wrap_axis(axis, static_cast<std::size_t>(x.dim()), "softmax");
  detail::dispatch_floating(x.dtype(), "softmax", [](auto) { return 0; });
  std::uint64_t since = detail::next_node_sequence();
  Tensor e = exp(sub(x, shift_for(x, axis)));
  return autograd::name_result(div(e, sum(e, axis, true)), "SoftmaxBackward", since);
}

Tensor log_softmax(const Tensor& x, std::int64_t axis) {
  TG_CHECK(x.defined(), "log_softmax", "got an undefined tensor");
  if (x.dim() == 0) {
    detail::wrap_dim(axis, 0, "log_softmax");
    return reshape(log_softmax(reshape(x, {1}), 0), {});
  }
  detail::wrap_axis(axis, static_cast<std::size_t>(x.dim()), "log_softmax");
  detail::dispatch_floating(x.dtype(), "log_softmax", [](auto) { return 0; });
  std::uint64_t since = detail::next_node_sequence();
  // (x - m) - log(sum(exp(x - m))) rather than x - logsumexp(x): near the max, x - m is exact,
  // where x - (m + log(...)) would lose float32 digits to the magnitude of m.
  Tensor m = shift_for(x, axis);
  m = masked_fill(m, ne(sub(m, m), zeros({}, m.dtype())), 0.0);  // an infinite max (all -inf row) would give nan
  Tensor shifted = sub(x, m);
  return autograd::name_result(sub(shifted, log(sum(exp(shifted), axis, true))), "LogSoftmaxBackward", since);
}

}  // namespace tapegrad
