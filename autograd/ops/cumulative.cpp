// Running reductions. cumsum is a primitive whose backward is cumsum again (reversed); cumprod
// is composed from prod (correct gradients at zeros), logcumsumexp from cumsum, and
// cummax/cummin gather at indices a kernel finds. Integer cumsum and cumprod are one wrapping
// scan (no gradient).
#include <tapegrad/autograd/ops/cumulative.hpp>

#include <cmath>
#include <type_traits>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/function.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/indexing.hpp>
#include <tapegrad/autograd/ops/rearrange.hpp>
#include <tapegrad/autograd/ops/reduction_dims.hpp>
#include <tapegrad/autograd/ops/shape.hpp>
#include "dim_utils.hpp"
#include "integer_kernels.hpp"

namespace tapegrad {

using autograd::named_op;
using autograd::record;
using autograd::should_record;
using detail::GradList;

namespace {

// The running `combine` of an integer or bool tensor along `axis`, in its own dtype
// (the caller casts to the result's: int64 for torch's cumsum and cumprod of integers). Integers
// take no gradient, so nothing is recorded.
template <typename Combine>
Tensor integer_scan(const Tensor& x, std::size_t axis, Combine&& combine) {
  Tensor xd = detail::dense(x);
  const auto& impl = *xd.impl();
  detail::AxisLayout l = detail::axis_layout(impl.shape, axis);
  Tensor out = detail::empty(impl.shape, impl.dtype);
  detail::dispatch_all(impl.dtype, [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_integral_v<T>) {
      const T* in = impl.data<T>();
      T* o = out.impl()->data<T>();
      for (std::size_t a = 0; a < l.outer; ++a)
        for (std::size_t c = 0; c < l.inner; ++c) {
          std::size_t i = a * l.n * l.inner + c;
          if (l.n > 0) o[i] = in[i];
          for (std::size_t k = 1; k < l.n; ++k, i += l.inner) o[i + l.inner] = combine(o[i], in[i + l.inner]);
        }
    }
  });
  return out;
}

}  // namespace

Tensor cumsum(const Tensor& x, std::int64_t dim) {
  detail::checked(x, "cumsum");
  std::size_t d = detail::wrap_dim(dim, static_cast<std::size_t>(x.dim()), "cumsum");
  if (x.dim() == 0 && !x.is_floating_point()) return x.to(kInt64).clone();
  if (x.dim() == 0) return named_op("CumsumBackward", [&] { return mul(x, 1.0); });
  if (!x.is_floating_point())  // into int64, exact, wrapping as torch (no signed-overflow UB)
    return integer_scan(x.to(kInt64), d, [](std::int64_t a, std::int64_t b) { return detail::wrapping_add(a, b); });
  Tensor xd = detail::dense(x);
  const auto& impl = *xd.impl();
  detail::AxisLayout l = detail::axis_layout(impl.shape, d);
  Tensor out = detail::empty(impl.shape, impl.dtype);
  detail::dispatch_floating(impl.dtype, "cumsum", [&](auto tag) {
    using T = decltype(tag);
    const T* in = impl.data<T>();
    T* o = out.impl()->data<T>();
    for (std::size_t a = 0; a < l.outer; ++a)
      for (std::size_t c = 0; c < l.inner; ++c) {
        double running = 0.0;  // in double, as sum
        for (std::size_t k = 0; k < l.n; ++k) {
          std::size_t i = (a * l.n + k) * l.inner + c;
          running += in[i];
          o[i] = static_cast<T>(running);
        }
      }
    return 0;
  });
  if (!should_record(x)) return out;
  auto axis = static_cast<std::int64_t>(d);
  // d out_k / d x_i = 1 for k >= i: the gradient is the running sum of g from the end.
  return record("CumsumBackward", out, {x},
                [axis](const Tensor& g) { return GradList{flip(cumsum(flip(g, {axis}), axis), {axis})}; });
}

Tensor cumprod(const Tensor& x, std::int64_t dim) {
  detail::checked(x, "cumprod");
  if (!x.is_floating_point()) return cumprod(x, dim, kInt64);  // torch's dtype for integers and bools
  std::int64_t d = static_cast<std::int64_t>(detail::wrap_dim(dim, static_cast<std::size_t>(x.dim()), "cumprod"));
  if (x.dim() == 0) return named_op("CumprodBackward", [&] { return mul(x, 1.0); });
  return named_op("CumprodBackward", [&] {
    // out[i] = prod_j (j <= i ? x[j] : 1): an [.., n, n] table whose row products are the result,
    // so that prod's gradient (right at zeros) applies. Quadratic in n, which is what running
    // products in models are small enough for.
    Tensor last = movedim(x, d, -1);
    std::int64_t n = last.size(-1);
    Shape table = last.shape();
    table.insert(table.end() - 1, n);
    Tensor rows = expand(unsqueeze(last, -2), table);
    Tensor i = unsqueeze(arange(0.0, static_cast<double>(n), 1.0, x.dtype()), 1);
    Tensor j = unsqueeze(arange(0.0, static_cast<double>(n), 1.0, x.dtype()), 0);
    Tensor masked = where(le(j, i), rows, ones({}, x.dtype()));
    return movedim(prod(masked, -1), -1, d);
  });
}

// As torch: x is cast to `dtype` first and the running product computed in it; an integer one
// wraps modulo 2^bits (wrapping_mul multiplies as unsigned, so without signed overflow).
Tensor cumprod(const Tensor& x, std::int64_t dim, Dtype dtype) {
  detail::checked(x, "cumprod");
  if (is_floating_point(dtype)) return cumprod(x.to(dtype), dim);
  std::size_t d = detail::wrap_dim(dim, static_cast<std::size_t>(x.dim()), "cumprod");
  Tensor operand = x.detach().to(dtype);
  if (x.dim() == 0) return operand.clone();
  return integer_scan(operand, d, [](auto a, auto b) { return detail::wrapping_mul(a, b); });
}

namespace {

std::tuple<Tensor, Tensor> running_extremum(const Tensor& x, std::int64_t dim, bool is_max) {
  const char* op = is_max ? "cummax" : "cummin";
  detail::checked(x, op);
  std::size_t d = detail::wrap_dim(dim, static_cast<std::size_t>(x.dim()), op);
  Tensor source = x.dim() == 0 ? reshape(x, {1}) : x;
  Tensor xd = detail::dense(source.detach());
  const auto& impl = *xd.impl();
  detail::AxisLayout l = detail::axis_layout(impl.shape, d);
  Tensor index = detail::empty(impl.shape, kInt64);
  auto* o = index.impl()->data<std::int64_t>();
  detail::dispatch_all(impl.dtype, [&](auto tag) {  // integers and bools natively, as torch
    using T = decltype(tag);
    const T* in = impl.data<T>();
    for (std::size_t a = 0; a < l.outer; ++a)
      for (std::size_t c = 0; c < l.inner; ++c) {
        std::size_t best = 0;
        for (std::size_t k = 0; k < l.n; ++k) {
          T v = in[(a * l.n + k) * l.inner + c], b = in[(a * l.n + best) * l.inner + c];
          // Later equal values take over, and NaN, once met, stays (as torch).
          if (!detail::is_nan(b) && (detail::is_nan(v) || (is_max ? v >= b : v <= b))) best = k;
          o[(a * l.n + k) * l.inner + c] = static_cast<std::int64_t>(best);
        }
      }
    return 0;
  });
  auto axis = static_cast<std::int64_t>(d);
  Tensor values = named_op(is_max ? "CummaxBackward" : "CumminBackward", [&] { return gather(source, axis, index); });
  if (x.dim() == 0) return {reshape(values, {}), reshape(index, {})};
  return {values, index};
}

}  // namespace

std::tuple<Tensor, Tensor> cummax(const Tensor& x, std::int64_t dim) { return running_extremum(x, dim, true); }
std::tuple<Tensor, Tensor> cummin(const Tensor& x, std::int64_t dim) { return running_extremum(x, dim, false); }

Tensor logcumsumexp(const Tensor& x, std::int64_t dim) {
  detail::checked(x, "logcumsumexp");
  std::int64_t d = static_cast<std::int64_t>(detail::wrap_dim(dim, static_cast<std::size_t>(x.dim()), "logcumsumexp"));
  if (x.dim() == 0) return named_op("LogcumsumexpBackward", [&] { return mul(x, 1.0); });
  return named_op("LogcumsumexpBackward", [&] {
    // Relative to the slice maximum (a constant), so exp() cannot overflow; an infinite or
    // missing maximum shifts by 0.
    Tensor m = x.size(d) == 0 ? zeros({}, x.dtype()) : amax(x, {d}, true).detach();
    m = masked_fill(m, ne(sub(m, m), zeros({}, m.dtype())), 0.0);
    return add(log(cumsum(exp(sub(x, m)), d)), m);
  });
}

}  // namespace tapegrad
