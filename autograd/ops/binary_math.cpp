// Elementwise functions of two tensors. The kernels go through map_binary (broadcasting, one
// dtype); the gradients are tensor expressions, summed back to each input's shape by the tape.
#include <tapegrad/autograd/ops/binary_math.hpp>

#include <cmath>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/indexing.hpp>
#include <tapegrad/autograd/ops/unary_math.hpp>
#include "integer_kernels.hpp"

namespace tapegrad {

using autograd::record;
using autograd::should_record;
using detail::GradList;
using detail::map_binary;

namespace {

// Records a binary op whose gradients are g * da(a, b) and g * db(a, b).
template <typename Da, typename Db>
Tensor record_binary(const char* name, const Tensor& out, const Tensor& a, const Tensor& b, Da da, Db db) {
  if (!should_record(a, b)) return out;
  bool need_a = a.requires_grad(), need_b = b.requires_grad();
  return record(name, out, {a, b},
                [a, b, need_a, need_b, da, db](const Tensor& g) {
                  return GradList{need_a ? mul(g, da(a, b)) : Tensor(), need_b ? mul(g, db(a, b)) : Tensor()};
                },
                {a, b});
}

// 1 where a > b, 1/2 where a == b, 0 elsewhere (the share of maximum's gradient that goes to a).
Tensor share_of_greater(const Tensor& a, const Tensor& b) {
  Tensor ad = a.detach(), bd = b.detach();
  return add(gt(ad, bd).to(a.dtype()), mul(eq(ad, bd).to(a.dtype()), 0.5));
}

// The dtype an op that torch also defines on integers computes in, when that dtype is not floating
// (std::nullopt for the floating case, which keeps its xtensor kernel and its gradient).
std::optional<Dtype> integral_result(const Tensor& a, const Tensor& b, const char* op) {
  Dtype type = detail::result_type(detail::checked(a, op), detail::checked(b, op));
  if (is_floating_point(type)) return std::nullopt;
  return type;
}

// x % y for integers: C++'s % truncates (fmod's sign, x's); `python_sign` moves it into y's sign
// as remainder (Python's %) does. Division by zero throws as torch's ZeroDivisionError.
template <typename T>
T integer_remainder(T x, T y, bool python_sign, const char* op) {
  TG_CHECK(y != 0, op, "ZeroDivisionError: integer division by zero");
  if constexpr (std::is_signed_v<T>)
    if (y == -1) return 0;  // also for the minimum, whose quotient overflows
  T r = static_cast<T>(x % y);
  if constexpr (std::is_signed_v<T>)
    if (python_sign && r != 0 && ((r < 0) != (y < 0))) r = static_cast<T>(r + y);
  return r;
}

Tensor integer_modulo(const Tensor& a, const Tensor& b, Dtype type, bool python_sign, const char* op) {
  TG_CHECK(type != kBool, op, "not implemented for bool tensors");
  return detail::map_integral_binary(a, b, type, op,
                                     [=](auto x, auto y) { return integer_remainder(x, y, python_sign, op); });
}

}  // namespace

Tensor atan2(const Tensor& a, const Tensor& b) {
  Tensor out = map_binary(a, b, "atan2", [](const auto& x, const auto& y, auto) { return xt::atan2(x, y); });
  auto r2 = [](const Tensor& x, const Tensor& y) { return add(mul(x, x), mul(y, y)); };
  return record_binary(
      "Atan2Backward", out, a, b, [r2](const Tensor& x, const Tensor& y) { return div(y, r2(x, y)); },
      [r2](const Tensor& x, const Tensor& y) { return neg(div(x, r2(x, y))); });
}

Tensor maximum(const Tensor& a, const Tensor& b) {
  if (integral_result(a, b, "maximum"))
    return detail::map_binary_all(a, b, "maximum",
                                  [](const auto& x, const auto& y, auto) { return xt::where(x > y, x, y); });
  Tensor out = map_binary(a, b, "maximum", [](const auto& x, const auto& y, auto) {
    return xt::where(xt::isnan(x) || x > y, x, y);  // y when y is NaN, since x > NaN is false
  });
  return record_binary(
      "MaximumBackward", out, a, b, [](const Tensor& x, const Tensor& y) { return share_of_greater(x, y); },
      [](const Tensor& x, const Tensor& y) { return share_of_greater(y, x); });
}

Tensor minimum(const Tensor& a, const Tensor& b) {
  if (integral_result(a, b, "minimum"))
    return detail::map_binary_all(a, b, "minimum",
                                  [](const auto& x, const auto& y, auto) { return xt::where(x < y, x, y); });
  Tensor out = map_binary(a, b, "minimum",
                          [](const auto& x, const auto& y, auto) { return xt::where(xt::isnan(x) || x < y, x, y); });
  return record_binary(
      "MinimumBackward", out, a, b, [](const Tensor& x, const Tensor& y) { return share_of_greater(y, x); },
      [](const Tensor& x, const Tensor& y) { return share_of_greater(x, y); });
}

Tensor fmod(const Tensor& a, const Tensor& b) {
  if (auto type = integral_result(a, b, "fmod")) return integer_modulo(a, b, *type, false, "fmod");
  Tensor out = map_binary(a, b, "fmod", [](const auto& x, const auto& y, auto) { return xt::fmod(x, y); });
  return record_binary(
      "FmodBackward", out, a, b, [](const Tensor& x, const Tensor&) { return ones_like(x); },
      [](const Tensor& x, const Tensor& y) { return neg(trunc(div(x.detach(), y.detach()))); });
}

Tensor remainder(const Tensor& a, const Tensor& b) {
  if (auto type = integral_result(a, b, "remainder")) return integer_modulo(a, b, *type, true, "remainder");
  Tensor out = map_binary(a, b, "remainder", [](const auto& x, const auto& y, auto tag) {
    using T = decltype(tag);
    // fmod, moved into b's sign when the signs differ (Python's %).
    return xt::where(xt::not_equal(xt::fmod(x, y), T(0)) && xt::not_equal(xt::fmod(x, y) < T(0), y < T(0)),
                     xt::fmod(x, y) + y, xt::fmod(x, y));
  });
  return record_binary(
      "RemainderBackward", out, a, b, [](const Tensor& x, const Tensor&) { return ones_like(x); },
      [](const Tensor& x, const Tensor& y) { return neg(floor(div(x.detach(), y.detach()))); });
}

Tensor fmod(const Tensor& a, const Scalar& b) { return fmod(a, detail::scalar_operand(a, b, "fmod")); }
Tensor remainder(const Tensor& a, const Scalar& b) { return remainder(a, detail::scalar_operand(a, b, "remainder")); }

Tensor operator%(const Tensor& a, const Tensor& b) { return remainder(a, b); }
Tensor operator%(const Tensor& a, const Scalar& b) { return remainder(a, b); }
Tensor operator%(const Scalar& a, const Tensor& b) {
  detail::checked(b, "remainder");
  // a as a 0-d tensor of b's dtype, converted as fill_ converts (truncated into an integer dtype,
  // refused when out of its range), which broadcasts as LibTorch's empty_like(b).fill_(a).
  Tensor filled = detail::dispatch_all(b.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_same_v<T, bool>)
      return detail::scalar_of<bool>(a.toBool());
    else if constexpr (std::is_integral_v<T>)
      return detail::scalar_of<T>(detail::integer_scalar<T>(a.toLong(), "remainder"));
    else
      return detail::scalar_of<T>(static_cast<T>(a.toDouble()));
  });
  return remainder(filled, b);
}

Tensor hypot(const Tensor& a, const Tensor& b) {
  Tensor out = map_binary(a, b, "hypot", [](const auto& x, const auto& y, auto) { return xt::hypot(x, y); });
  return record_binary(
      "HypotBackward", out, a, b, [](const Tensor& x, const Tensor& y) { return div(x, hypot(x, y)); },
      [](const Tensor& x, const Tensor& y) { return div(y, hypot(x, y)); });
}

Tensor logaddexp(const Tensor& a, const Tensor& b) {
  // max + log1p(e^-|a - b|): the exponent is never positive, so nothing overflows.
  Tensor out = map_binary(a, b, "logaddexp", [](const auto& x, const auto& y, auto tag) {
    using T = decltype(tag);
    return xt::where(xt::equal(x, y), x + static_cast<T>(std::log(2.0)),  // also right for inf, inf
                     xt::maximum(x, y) + xt::log1p(xt::exp(-xt::abs(x - y))));
  });
  return record_binary(
      "LogaddexpBackward", out, a, b, [](const Tensor& x, const Tensor& y) { return sigmoid(sub(x, y)); },
      [](const Tensor& x, const Tensor& y) { return sigmoid(sub(y, x)); });
}

Tensor lerp(const Tensor& start, const Tensor& end, const Tensor& weight) {
  return autograd::named_op("LerpBackward", [&] { return add(start, mul(weight, sub(end, start))); });
}

Tensor lerp(const Tensor& start, const Tensor& end, double weight) {
  return autograd::named_op("LerpBackward", [&] { return add(start, mul(sub(end, start), weight)); });
}

Tensor detail::pow_integer_base(std::int64_t base, const Tensor& exponent) {
  checked(exponent, "pow");
  if (exponent.is_floating_point()) return pow(static_cast<double>(base), exponent);
  Tensor operand = kernel_operand(exponent, result_type(*exponent.impl(), true));  // 2 ** bool is int64
  return dispatch_integral(operand.dtype(), "pow", [&](auto tag) {
    using T = decltype(tag);
    T b = integer_scalar<T>(base, "pow");
    return map_integral_unary_as<T>(operand, [b](T e) { return integer_pow(b, static_cast<std::int64_t>(e)); });
  });
}

Tensor pow(double base, const Tensor& exponent) {
  detail::checked(exponent, "pow");
  Tensor out = detail::map_unary(exponent, "pow", [base](const auto& v, auto tag) {
    using T = decltype(tag);
    return xt::pow(static_cast<T>(base), v);
  });
  if (!should_record(exponent)) return out;
  autograd::SavedOutput y(out);
  double log_base = std::log(base);
  Tensor result = record("PowBackward", out, {exponent},
                         [y, log_base](const Tensor& g) {
                           // base 0: torch's gradient is 0 there (0^x log 0 would be NaN)
                           return GradList{std::isinf(log_base) ? mul(g, 0.0) : mul(g, mul(y.get(), log_base))};
                         },
                         {y.data()});
  y.bind(result);
  return result;
}

}  // namespace tapegrad
