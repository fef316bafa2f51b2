// Elementwise primitives. Each op computes its result and, in the same place, records the rule
// that maps the output gradient to input gradients. Gradients of broadcast inputs come out in
// the broadcast shape; the tape sums them back (sum_to), so no op here does.
#include <tapegrad/autograd/ops/elementwise.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/ops/indexing.hpp>
#include <tapegrad/autograd/ops/logical.hpp>
#include "integer_kernels.hpp"
#include "relu_backward.hpp"

namespace tapegrad {

using autograd::record;
using autograd::should_record;
using detail::GradList;
using detail::map_binary;
using detail::map_binary_all;
using detail::map_unary;
using detail::map_unary_all;

namespace {

// Records an op whose backward needs only its output (exp, sqrt, sigmoid, tanh): the node keeps
// the output's buffer, not the input's.
template <typename F>
Tensor record_from_output(const char* name, const Tensor& out, const Tensor& x, F formula) {
  autograd::SavedOutput y(out);
  Tensor result =
      record(name, out, {x}, [y, formula](const Tensor& g) { return GradList{formula(g, y.get())}; }, {y.data()});
  y.bind(result);
  return result;
}

template <typename F>
Tensor mask_of(const Tensor& x, F&& predicate) {
  return map_unary(x, "mask", [&](const auto& v, auto tag) {
    using T = decltype(tag);
    return xt::cast<T>(predicate(v));
  });
}

}  // namespace

// ---- binary ------------------------------------------------------------------------------

Tensor add(const Tensor& a, const Tensor& b) {
  Tensor out = map_binary_all(a, b, "add", [](const auto& x, const auto& y, auto tag) {
    return detail::wrapping<decltype(tag)>(std::plus<>{}, x, y);
  });
  if (!should_record(a, b)) return out;
  return record("AddBackward", out, {a, b}, [](const Tensor& g) { return GradList{g, g}; });
}

Tensor sub(const Tensor& a, const Tensor& b) {
  TG_CHECK(!(a.defined() && b.defined() && (a.dtype() == kBool || b.dtype() == kBool)), "sub",
           "subtraction, the `-` operator, with a bool tensor is not supported; use logical_xor() or ~");
  Tensor out = map_binary_all(a, b, "sub", [](const auto& x, const auto& y, auto tag) {
    return detail::wrapping<decltype(tag)>(std::minus<>{}, x, y);
  });
  if (!should_record(a, b)) return out;
  bool need_b = b.requires_grad();
  return record("SubBackward", out, {a, b}, [need_b](const Tensor& g) {
    return GradList{g, need_b ? neg(g) : Tensor()};
  });
}

Tensor mul(const Tensor& a, const Tensor& b) {
  Tensor out = map_binary_all(a, b, "mul", [](const auto& x, const auto& y, auto tag) {
    return detail::wrapping<decltype(tag)>(std::multiplies<>{}, x, y);
  });
  if (!should_record(a, b)) return out;
  // Save only what the requested gradients need: a's gradient needs b, b's needs a.
  Tensor sa = b.requires_grad() ? a : Tensor(), sb = a.requires_grad() ? b : Tensor();
  return record("MulBackward", out, {a, b},
                [sa, sb](const Tensor& g) {
                  return GradList{sb.defined() ? mul(g, sb) : Tensor(), sa.defined() ? mul(g, sa) : Tensor()};
                },
                {sa, sb});
}

Tensor div(const Tensor& a, const Tensor& b) {
  Tensor out = map_binary(a, b, "div", [](const auto& x, const auto& y, auto) { return x / y; });
  if (!should_record(a, b)) return out;
  bool need_a = a.requires_grad();
  Tensor sa = b.requires_grad() ? a : Tensor();
  return record("DivBackward", out, {a, b},
                [need_a, sa, b](const Tensor& g) {
                  Tensor ga = need_a ? div(g, b) : Tensor();
                  Tensor gb = sa.defined() ? neg(div(mul(g, sa), mul(b, b))) : Tensor();
                  return GradList{ga, gb};
                },
                {sa, b});
}

Tensor pow(const Tensor& a, const Tensor& b) {
  Dtype type = detail::result_type(detail::checked(a, "pow"), detail::checked(b, "pow"));
  if (!is_floating_point(type)) {
    TG_CHECK(type != kBool, "pow", "not implemented for bool tensors");
    return detail::map_integral_binary(
        a, b, type, "pow", [](auto x, auto y) { return detail::integer_pow(x, static_cast<std::int64_t>(y)); });
  }
  Tensor out = map_binary(a, b, "pow", [](const auto& x, const auto& y, auto) { return xt::pow(x, y); });
  if (!should_record(a, b)) return out;
  bool need_a = a.requires_grad(), need_b = b.requires_grad();
  return record("PowBackward", out, {a, b},
                [a, b, need_a, need_b](const Tensor& g) {
                  // As PyTorch: d/da is 0 where b == 0 (not 0 * a^-1, nan at a = 0), and d/db is 0
                  // where a == 0 and b >= 0 (not 0 * log 0 = nan).
                  Tensor zero = zeros({}, g.dtype());
                  Tensor ga = need_a ? where(eq(b, 0.0), zero, mul(g, mul(b, pow(a, sub(b, ones_like(b)))))) : Tensor();
                  Tensor gb = need_b ? mul(g, where(logical_and(eq(a, 0.0), ge(b, 0.0)), zero, mul(pow(a, b), log(a))))
                                     : Tensor();
                  return GradList{ga, gb};
                },
                {a, b});
}

// ---- with a scalar -----------------------------------------------------------------------

Tensor add(const Tensor& a, double s) {
  Tensor out = map_unary(a, "add", [s](const auto& x, auto tag) { return x + static_cast<decltype(tag)>(s); });
  if (!should_record(a)) return out;
  return record("AddBackward", out, {a}, [](const Tensor& g) { return GradList{g}; });
}

Tensor mul(const Tensor& a, double s) {
  Tensor out = map_unary(a, "mul", [s](const auto& x, auto tag) { return x * static_cast<decltype(tag)>(s); });
  if (!should_record(a)) return out;
  return record("MulBackward", out, {a}, [s](const Tensor& g) { return GradList{mul(g, s)}; });
}

Tensor pow(const Tensor& x, double p) {
  Tensor out = map_unary(x, "pow", [p](const auto& v, auto tag) {
    using T = decltype(tag);
    return xt::pow(v, static_cast<T>(p));
  });
  if (!should_record(x)) return out;
  return record("PowBackward", out, {x},
                [x, p](const Tensor& g) {
                  if (p == 0.0) return GradList{mul(g, 0.0)};
                  if (p == 1.0) return GradList{g};
                  if (p == 2.0) return GradList{mul(g, mul(x, 2.0))};
                  return GradList{mul(g, mul(pow(x, p - 1.0), p))};
                },
                {x});
}

namespace detail {

Tensor pow_integer(const Tensor& x, std::int64_t exponent) {
  checked(x, "pow");
  if (x.is_floating_point()) return pow(x, static_cast<double>(exponent));
  TG_CHECK(exponent >= 0, "pow", "Integers to negative integer powers are not allowed.");
  Tensor operand = kernel_operand(x, result_type(*x.impl(), true));  // bool ** 2 is int64, as torch
  return dispatch_integral(operand.dtype(), "pow", [&](auto tag) {
    using T = decltype(tag);
    T e = integer_scalar<T>(exponent, "pow");
    return map_integral_unary_as<T>(operand, [e](T v) { return integer_pow(v, e); });
  });
}

// An integer scalar keeps an integer tensor's dtype (bool becomes int64), as in LibTorch where
// `int_tensor * 2` is integer and `int_tensor * 2.5` float32; a floating tensor takes the double path.
Tensor add_integer(const Tensor& a, std::int64_t s) {
  checked(a, "add");
  if (a.is_floating_point()) return add(a, static_cast<double>(s));
  Tensor x = kernel_operand(a, result_type(*a.impl(), true));
  return map_unary_all(x, "add", [s](const auto& v, auto tag) {
    using T = decltype(tag);
    return detail::wrapping<T>(std::plus<>{}, v, s);
  });
}

Tensor mul_integer(const Tensor& a, std::int64_t s) {
  checked(a, "mul");
  if (a.is_floating_point()) return mul(a, static_cast<double>(s));
  Tensor x = kernel_operand(a, result_type(*a.impl(), true));
  return map_unary_all(x, "mul", [s](const auto& v, auto tag) {
    using T = decltype(tag);
    return detail::wrapping<T>(std::multiplies<>{}, v, s);
  });
}

Tensor sub_integer(const Tensor& a, std::int64_t s) {
  checked(a, "sub");
  TG_CHECK(a.dtype() != kBool, "sub", "subtraction, the `-` operator, with a bool tensor is not supported");
  if (a.is_floating_point()) return a - static_cast<double>(s);
  return add_integer(a, wrapping_sub<std::int64_t>(0, s));  // -INT64_MIN would overflow
}

Tensor rsub_integer(std::int64_t s, const Tensor& b) {
  checked(b, "rsub");
  TG_CHECK(b.dtype() != kBool, "rsub", "subtraction, the `-` operator, with a bool tensor is not supported");
  if (b.is_floating_point()) return static_cast<double>(s) - b;
  return add_integer(neg(kernel_operand(b, result_type(*b.impl(), true))), s);
}

}  // namespace detail

// ---- unary -------------------------------------------------------------------------------

Tensor neg(const Tensor& x) {
  TG_CHECK(!x.defined() || x.dtype() != kBool, "neg",
           "negation, the `-` operator, on a bool tensor is not supported; to invert a mask, use logical_not()");
  Tensor out = map_unary_all(x, "neg", [](const auto& v, auto tag) {
    return detail::wrapping<decltype(tag)>(std::negate<>{}, v);  // -INT64_MIN is INT64_MIN
  });
  if (!should_record(x)) return out;
  return record("NegBackward", out, {x}, [](const Tensor& g) { return GradList{neg(g)}; });
}

Tensor exp(const Tensor& x) {
  Tensor out = map_unary(x, "exp", [](const auto& v, auto) { return xt::exp(v); });
  if (!should_record(x)) return out;
  return record_from_output("ExpBackward", out, x, [](const Tensor& g, const Tensor& y) { return mul(g, y); });
}

Tensor log(const Tensor& x) {
  Tensor out = map_unary(x, "log", [](const auto& v, auto) { return xt::log(v); });
  if (!should_record(x)) return out;
  return record("LogBackward", out, {x}, [x](const Tensor& g) { return GradList{div(g, x)}; }, {x});
}

Tensor sqrt(const Tensor& x) {
  Tensor out = map_unary(x, "sqrt", [](const auto& v, auto) { return xt::sqrt(v); });
  if (!should_record(x)) return out;
  return record_from_output("SqrtBackward", out, x,
                            [](const Tensor& g, const Tensor& y) { return div(g, mul(y, 2.0)); });
}

Tensor sign(const Tensor& x) {
  Dtype type = detail::checked(x, "sign").dtype;
  if (type == kBool) return x.clone();  // as torch: a bool's sign is itself
  auto sign_of = [](const auto& v, auto tag) {
    using T = decltype(tag);
    return xt::cast<T>(v > T(0)) - xt::cast<T>(v < T(0));
  };
  // map_unary computes in a floating dtype; integers keep theirs through map_unary_all
  return is_floating_point(type) ? map_unary(x, "sign", sign_of) : map_unary_all(x, "sign", sign_of);
}

Tensor abs(const Tensor& x) {
  Tensor out = map_unary_all(x, "abs", [](const auto& v, auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_signed_v<T> && detail::wraps_v<T>)  // abs(INT64_MIN) is INT64_MIN, as torch
      return xt::where(v < T(0), detail::wrapping<T>(std::negate<>{}, v), v);
    else
      return xt::abs(v);
  });
  if (!should_record(x)) return out;
  return record("AbsBackward", out, {x}, [x](const Tensor& g) { return GradList{mul(g, sign(x))}; }, {x});
}

namespace {

// clamp of an integer tensor by integer bounds, in the promoted dtype (bool becomes int64).
Tensor clamp_integral(const Tensor& x, Dtype type, const std::optional<Scalar>& lo, const std::optional<Scalar>& hi) {
  return detail::dispatch_integral(type, "clamp", [&](auto tag) {
    using T = decltype(tag);
    T low = lo ? detail::integer_scalar<T>(lo->toLong(), "clamp") : std::numeric_limits<T>::lowest();
    T high = hi ? detail::integer_scalar<T>(hi->toLong(), "clamp") : std::numeric_limits<T>::max();
    // min(max(v, low), high) as torch: with min > max every element becomes max.
    return detail::map_integral_unary_as<T>(detail::kernel_operand(x, type),
                                            [low, high](T v) { return std::min(std::max(v, low), high); });
  });
}

}  // namespace

Tensor clamp(const Tensor& x, std::optional<Scalar> lo, std::optional<Scalar> hi) {
  TG_CHECK(lo || hi, "clamp", "at least one of min and max must be given");
  if (!is_floating_point(
          detail::checked(x, "clamp").dtype)) {  // a floating tensor keeps its dtype, whatever the bounds
    detail::ResultType promoted;
    promoted.tensor(*x.impl());
    if (lo) promoted.number(!lo->isFloatingPoint());
    if (hi) promoted.number(!hi->isFloatingPoint());
    Dtype type = promoted.get();
    if (!is_floating_point(type)) return clamp_integral(x, type, lo, hi);
  }
  double low = lo ? lo->toDouble() : -INFINITY, high = hi ? hi->toDouble() : INFINITY;
  // As PyTorch: NaN elements stay NaN, and a NaN bound makes every element NaN (xt::maximum and
  // xt::minimum would return the bound instead).
  Tensor out =
      std::isnan(low) || std::isnan(high)
          ? map_unary(x, "clamp", [](const auto& v, auto tag) { return v * static_cast<decltype(tag)>(NAN); })
          : map_unary(x, "clamp", [=](const auto& v, auto tag) {
              using T = decltype(tag);
              // Bounds as prvalues: the expression outlives this lambda and holds lvalues by reference.
              // min(max(v, low), high) as torch: with min > max every element becomes max.
              return xt::where(xt::where(v < static_cast<T>(low), static_cast<T>(low), v) > static_cast<T>(high),
                               static_cast<T>(high), xt::where(v < static_cast<T>(low), static_cast<T>(low), v));
            });
  if (!should_record(x)) return out;
  return record("ClampBackward", out, {x},
                [x, low, high](const Tensor& g) {
                  return GradList{mul(g, mask_of(x, [=](const auto& v) { return v >= low && v <= high; }))};
                },
                {x});
}

Tensor clamp_min(const Tensor& x, const Scalar& min) { return clamp(x, min, std::nullopt); }
Tensor clamp_max(const Tensor& x, const Scalar& max) { return clamp(x, std::nullopt, max); }

Tensor sigmoid(const Tensor& x) {
  // 1 / (1 + e^-x) saturates to exactly 0 or 1 for large |x| (e^-x = inf gives 1/inf = 0), never NaN.
  Tensor out = map_unary(x, "sigmoid", [](const auto& v, auto tag) {
    using T = decltype(tag);
    return T(1) / (T(1) + xt::exp(-v));
  });
  if (!should_record(x)) return out;
  return record_from_output("SigmoidBackward", out, x,
                            [](const Tensor& g, const Tensor& s) { return mul(g, mul(s, add(neg(s), 1.0))); });
}

Tensor tanh(const Tensor& x) {
  Tensor out = map_unary(x, "tanh", [](const auto& v, auto) { return xt::tanh(v); });
  if (!should_record(x)) return out;
  return record_from_output("TanhBackward", out, x,
                            [](const Tensor& g, const Tensor& t) { return mul(g, add(neg(mul(t, t)), 1.0)); });
}

Tensor relu(const Tensor& x) {
  auto relu_of = [](const auto& v, auto tag) {
    using T = decltype(tag);
    return xt::where(v < T(0), T(0), v);  // NaN stays NaN, as PyTorch (xt::maximum gives 0)
  };
  if (!is_floating_point(detail::checked(x, "relu").dtype)) {
    TG_CHECK(x.dtype() != kBool, "relu", "Boolean inputs not supported for relu");
    return map_unary_all(x, "relu", relu_of);
  }
  Tensor out = map_unary(x, "relu", relu_of);
  if (!should_record(x)) return out;
  return record("ReluBackward", out, {x}, [x](const Tensor& g) { return GradList{detail::relu_backward(g, x)}; },
                {x});  // one pass
}

Tensor leaky_relu(const Tensor& x, double slope) {
  Tensor out = map_unary(x, "leaky_relu", [slope](const auto& v, auto tag) {
    using T = decltype(tag);
    return xt::where(v > T(0), v, v * static_cast<T>(slope));
  });
  if (!should_record(x)) return out;
  return record("LeakyReluBackward", out, {x},
                [x, slope](const Tensor& g) {
                  Tensor factor = map_unary(x, "leaky_relu", [slope](const auto& v, auto tag) {
                    using T = decltype(tag);
                    return xt::where(v > T(0), T(1), static_cast<T>(slope));
                  });
                  return GradList{mul(g, factor)};
                },
                {x});
}

Tensor softplus(const Tensor& x, double beta, double threshold) {
  TG_CHECK(beta > 0, "softplus", "beta must be positive, got ", beta);
  Tensor out = map_unary(x, "softplus", [=](const auto& v, auto tag) {
    using T = decltype(tag);
    // log1p(e^bx) overflows for large bx, where softplus is x to within rounding. (No named
    // local for v * beta: the returned expression would refer to it after it is gone.)
    return xt::where(
        v * static_cast<T>(beta) > static_cast<T>(threshold), v,
        xt::log1p(xt::exp(xt::minimum(v * static_cast<T>(beta), static_cast<T>(threshold)))) / static_cast<T>(beta));
  });
  if (!should_record(x)) return out;
  return record("SoftplusBackward", out, {x},
                [x, beta, threshold](const Tensor& g) {
                  Tensor bx = mul(x, beta);
                  Tensor linear = mask_of(bx.detach(), [threshold](const auto& v) { return v > threshold; });
                  // d/dx = sigmoid(beta x) below the threshold, 1 above it.
                  Tensor slope = add(mul(sigmoid(bx), add(neg(linear), 1.0)), linear);
                  return GradList{mul(g, slope)};
                },
                {x});
}

// ---- operators ---------------------------------------------------------------------------

Tensor operator+(const Tensor& a, const Tensor& b) { return add(a, b); }
Tensor operator-(const Tensor& a, const Tensor& b) { return sub(a, b); }
Tensor operator*(const Tensor& a, const Tensor& b) { return mul(a, b); }
Tensor operator/(const Tensor& a, const Tensor& b) { return div(a, b); }
Tensor operator-(const Tensor& x) { return neg(x); }
Tensor operator+(const Tensor& a, double b) { return add(a, b); }
Tensor operator+(double a, const Tensor& b) { return add(b, a); }
Tensor operator-(const Tensor& a, double b) {
  TG_CHECK(!a.defined() || a.dtype() != kBool, "sub",
           "subtraction, the `-` operator, with a bool tensor is not supported");
  return autograd::named_op("SubBackward", [&] { return add(a, -b); });
}
Tensor operator-(double a, const Tensor& b) {
  TG_CHECK(!b.defined() || b.dtype() != kBool, "rsub",
           "subtraction, the `-` operator, with a bool tensor is not supported");
  return autograd::named_op("RsubBackward", [&] { return add(neg(b), a); });
}
Tensor operator*(const Tensor& a, double b) { return mul(a, b); }
Tensor operator*(double a, const Tensor& b) { return mul(b, a); }
Tensor operator/(const Tensor& a, double b) {
  return autograd::named_op("DivBackward", [&] { return mul(a, 1.0 / b); });
}
Tensor operator/(double a, const Tensor& b) { return mul(pow(b, -1.0), a); }

}  // namespace tapegrad
