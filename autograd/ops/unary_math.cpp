// Elementwise math (trigonometric, hyperbolic, logarithms and exponentials, erf, rounding).
// Each op is an xtensor expression through map_unary, and, beside it, its derivative written in
// tapegrad ops so that second derivatives come for free.
#include <tapegrad/autograd/ops/unary_math.hpp>

#include <cmath>
#include <limits>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/indexing.hpp>
#include "kernel_utils.hpp"

namespace tapegrad {

using autograd::record;
using autograd::should_record;
using detail::GradList;
using detail::map_unary;

namespace {

// out = kernel(x), recorded with d out / d x = derivative(x) (a tensor expression).
template <typename Derivative>
Tensor with_derivative(const char* name, const Tensor& out, const Tensor& x, Derivative derivative) {
  if (!should_record(x)) return out;
  return record(name, out, {x}, [x, derivative](const Tensor& g) { return GradList{mul(g, derivative(x))}; }, {x});
}

// The same with a derivative written in terms of the output y (tan, exp2, expm1, rsqrt).
template <typename Derivative>
Tensor with_output_derivative(const char* name, const Tensor& out, const Tensor& x, Derivative derivative) {
  if (!should_record(x)) return out;
  autograd::SavedOutput y(out);
  Tensor result = record(
      name, out, {x}, [y, derivative](const Tensor& g) { return GradList{mul(g, derivative(y.get()))}; }, {y.data()});
  y.bind(result);
  return result;
}

Tensor one_minus_square(const Tensor& x) { return add(neg(mul(x, x)), 1.0); }

// Rounding an integer tensor is the identity, in its own dtype (as torch; bool is refused).
bool integer_rounding(const Tensor& x, const char* op) {
  Dtype type = detail::checked(x, op).dtype;
  if (is_floating_point(type)) return false;
  TG_CHECK(type != kBool, op, "not implemented for bool tensors");
  return true;
}

}  // namespace

#define TG_UNARY_KERNEL(op, expr)                \
  map_unary(x, op, [](const auto& v, auto tag) { \
    using T = decltype(tag);                     \
    (void)sizeof(T);                             \
    return expr;                                 \
  })

Tensor sin(const Tensor& x) {
  return with_derivative("SinBackward", TG_UNARY_KERNEL("sin", xt::sin(v)), x, [](const Tensor& t) { return cos(t); });
}
Tensor cos(const Tensor& x) {
  return with_derivative("CosBackward", TG_UNARY_KERNEL("cos", xt::cos(v)), x,
                         [](const Tensor& t) { return neg(sin(t)); });
}
Tensor tan(const Tensor& x) {
  return with_output_derivative("TanBackward", TG_UNARY_KERNEL("tan", xt::tan(v)), x,
                                [](const Tensor& y) { return add(mul(y, y), 1.0); });
}
Tensor asin(const Tensor& x) {
  return with_derivative("AsinBackward", TG_UNARY_KERNEL("asin", xt::asin(v)), x,
                         [](const Tensor& t) { return rsqrt(one_minus_square(t)); });
}
Tensor acos(const Tensor& x) {
  return with_derivative("AcosBackward", TG_UNARY_KERNEL("acos", xt::acos(v)), x,
                         [](const Tensor& t) { return neg(rsqrt(one_minus_square(t))); });
}
Tensor atan(const Tensor& x) {
  return with_derivative("AtanBackward", TG_UNARY_KERNEL("atan", xt::atan(v)), x,
                         [](const Tensor& t) { return reciprocal(add(mul(t, t), 1.0)); });
}
Tensor sinh(const Tensor& x) {
  return with_derivative("SinhBackward", TG_UNARY_KERNEL("sinh", xt::sinh(v)), x,
                         [](const Tensor& t) { return cosh(t); });
}
Tensor cosh(const Tensor& x) {
  return with_derivative("CoshBackward", TG_UNARY_KERNEL("cosh", xt::cosh(v)), x,
                         [](const Tensor& t) { return sinh(t); });
}
Tensor asinh(const Tensor& x) {
  return with_derivative("AsinhBackward", TG_UNARY_KERNEL("asinh", xt::asinh(v)), x,
                         [](const Tensor& t) { return rsqrt(add(mul(t, t), 1.0)); });
}
Tensor acosh(const Tensor& x) {
  return with_derivative("AcoshBackward", TG_UNARY_KERNEL("acosh", xt::acosh(v)), x,
                         [](const Tensor& t) { return rsqrt(add(mul(t, t), -1.0)); });
}
Tensor atanh(const Tensor& x) {
  return with_derivative("AtanhBackward", TG_UNARY_KERNEL("atanh", xt::atanh(v)), x,
                         [](const Tensor& t) { return reciprocal(one_minus_square(t)); });
}

Tensor rsqrt(const Tensor& x) {
  return with_output_derivative("RsqrtBackward", TG_UNARY_KERNEL("rsqrt", T(1) / xt::sqrt(v)), x,
                                [](const Tensor& y) { return mul(mul(y, mul(y, y)), -0.5); });
}
Tensor reciprocal(const Tensor& x) {
  return with_output_derivative("ReciprocalBackward", TG_UNARY_KERNEL("reciprocal", T(1) / v), x,
                                [](const Tensor& y) { return neg(mul(y, y)); });
}
Tensor square(const Tensor& x) {
  return autograd::named_op("PowBackward", [&] { return pow(x, 2.0); });
}
Tensor log1p(const Tensor& x) {
  return with_derivative("Log1pBackward", TG_UNARY_KERNEL("log1p", xt::log1p(v)), x,
                         [](const Tensor& t) { return reciprocal(add(t, 1.0)); });
}
Tensor expm1(const Tensor& x) {
  return with_output_derivative("Expm1Backward", TG_UNARY_KERNEL("expm1", xt::expm1(v)), x,
                                [](const Tensor& y) { return add(y, 1.0); });
}
Tensor log2(const Tensor& x) {
  return with_derivative("Log2Backward", TG_UNARY_KERNEL("log2", xt::log2(v)), x,
                         [](const Tensor& t) { return reciprocal(mul(t, std::log(2.0))); });
}
Tensor log10(const Tensor& x) {
  return with_derivative("Log10Backward", TG_UNARY_KERNEL("log10", xt::log10(v)), x,
                         [](const Tensor& t) { return reciprocal(mul(t, std::log(10.0))); });
}
Tensor exp2(const Tensor& x) {
  return with_output_derivative("Exp2Backward", TG_UNARY_KERNEL("exp2", xt::exp2(v)), x,
                                [](const Tensor& y) { return mul(y, std::log(2.0)); });
}
Tensor erf(const Tensor& x) {
  return with_derivative("ErfBackward", TG_UNARY_KERNEL("erf", xt::erf(v)), x,
                         [](const Tensor& t) { return mul(exp(neg(mul(t, t))), 2.0 / std::sqrt(M_PI)); });
}
Tensor erfc(const Tensor& x) {
  return with_derivative("ErfcBackward", TG_UNARY_KERNEL("erfc", xt::erfc(v)), x,
                         [](const Tensor& t) { return mul(exp(neg(mul(t, t))), -2.0 / std::sqrt(M_PI)); });
}

Tensor floor(const Tensor& x) {
  if (integer_rounding(x, "floor")) return x.clone();
  return TG_UNARY_KERNEL("floor", xt::floor(v));
}
Tensor ceil(const Tensor& x) {
  if (integer_rounding(x, "ceil")) return x.clone();
  return TG_UNARY_KERNEL("ceil", xt::ceil(v));
}
// nearbyint rounds in the current mode, round-half-to-even by default, as torch.round.
Tensor round(const Tensor& x) {
  if (integer_rounding(x, "round")) return x.clone();
  return TG_UNARY_KERNEL("round", xt::nearbyint(v));
}
Tensor trunc(const Tensor& x) {
  if (integer_rounding(x, "trunc")) return x.clone();
  return TG_UNARY_KERNEL("trunc", xt::trunc(v));
}
Tensor frac(const Tensor& x) {
  detail::checked(x, "frac");
  TG_CHECK(x.is_floating_point(), "frac", "not implemented for ", dtype_name(x.dtype()), " tensors (as torch)");
  Tensor out = TG_UNARY_KERNEL("frac", v - xt::trunc(v));
  if (!should_record(x)) return out;
  return record("FracBackward", out, {x}, [](const Tensor& g) { return GradList{g}; });
}

#undef TG_UNARY_KERNEL

Tensor nan_to_num(const Tensor& x, std::optional<double> nan, std::optional<double> posinf,
                  std::optional<double> neginf) {
  Tensor out = map_unary(x, "nan_to_num", [&](const auto& v, auto tag) {
    using T = decltype(tag);
    // Replacement values as prvalues: the returned expression outlives this lambda's locals.
    return xt::where(xt::isnan(v), static_cast<T>(nan.value_or(0.0)),
                     xt::where(xt::equal(v, std::numeric_limits<T>::infinity()),
                               posinf ? static_cast<T>(*posinf) : std::numeric_limits<T>::max(),
                               xt::where(xt::equal(v, -std::numeric_limits<T>::infinity()),
                                         neginf ? static_cast<T>(*neginf) : std::numeric_limits<T>::lowest(), v)));
  });
  if (!should_record(x)) return out;
  return record("NanToNumBackward", out, {x},
                [x](const Tensor& g) {
                  Tensor finite = map_unary(x.detach(), "nan_to_num", [](const auto& v, auto tag) {
                    using T = decltype(tag);
                    return xt::cast<T>(xt::isfinite(v));
                  });
                  return GradList{mul(g, finite)};
                },
                {x});
}

}  // namespace tapegrad
