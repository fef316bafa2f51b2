#pragma once
// Internal: the integer paths of ops that PyTorch computes natively on integer tensors (pow,
// remainder, fmod, clamp, ...). Integers never require grad, so none of these records a node,
// and each is a plain loop: exact for every int64 (no float32 round trip), wrapping where torch
// wraps, and with checks (division by zero) that an xtensor expression cannot make.
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/ops/shape.hpp>
#include "kernel_utils.hpp"
#include "wrapping_arithmetic.hpp"

namespace tapegrad::detail {

/// Calls `f(T{})` with T the C++ type of an integer dtype (not Bool); throws naming `op` otherwise.
template <typename F>
decltype(auto) dispatch_integral(Dtype dtype, const char* op, F&& f) {
  switch (dtype) {
    case Dtype::UInt8:
      return f(std::uint8_t{});
    case Dtype::Int8:
      return f(std::int8_t{});
    case Dtype::Int16:
      return f(std::int16_t{});
    case Dtype::Int32:
      return f(std::int32_t{});
    case Dtype::Int64:
      return f(std::int64_t{});
    default:
      break;
  }
  fail(op, "expected an integer tensor, got ", dtype_name(dtype));
}

/// base^exponent by squaring, as torch's integer pow: wraps on overflow; a negative exponent
/// gives 1 for base 1, +-1 for base -1 and 0 otherwise (the integer part of 1 / base^|e|).
template <typename T>
T integer_pow(T base, std::int64_t exponent) {
  if constexpr (std::is_signed_v<T>) {
    if (exponent < 0) {
      if (base == 1) return 1;
      if (base == -1) return (exponent % 2 == 0) ? T(1) : T(-1);
      return 0;
    }
  }
  T result = 1;
  while (exponent) {
    if (exponent & 1) result = wrapping_mul(result, base);
    exponent >>= 1;
    base = wrapping_mul(base, base);
  }
  return result;
}

/// An integer number as the integer type T, or "op: value 1000 cannot be converted to int8
/// without overflow" (torch's check on the scalar operands of integer kernels).
template <typename T>
T integer_scalar(std::int64_t value, const char* op) {
  TG_CHECK(value >= static_cast<std::int64_t>(std::numeric_limits<T>::min()) &&
               (value < 0 || static_cast<std::uint64_t>(value) <= std::uint64_t{std::numeric_limits<T>::max()}),
           op, "value ", value, " cannot be converted to ", dtype_name(dtype_of<T>()), " without overflow");
  return static_cast<T>(value);
}

/// The alpha of an integer kernel (add_, sub_, index_add) as T, checked as torch checks it: a
/// value T holds ("value cannot be converted to type int without overflow"), where an unsigned T
/// also takes down to -max, as two's complement (torch: uint8 with alpha -255). Bool takes any.
template <typename T>
T integer_alpha(std::int64_t alpha, const char* op) {
  if constexpr (std::is_same_v<T, bool>) {
    return alpha != 0;
  } else {
    static_assert(sizeof(T) < 8 || std::is_signed_v<T>, "tapegrad's dtypes have no uint64");
    constexpr auto max = static_cast<std::int64_t>(std::numeric_limits<T>::max());
    constexpr std::int64_t lowest = std::is_signed_v<T> ? std::int64_t{std::numeric_limits<T>::min()} : -max;
    const bool fits = alpha >= lowest && alpha <= max;
    TG_CHECK(fits, op, "for integer tensors, alpha must be an integer within ", dtype_name(dtype_of<T>()),
             "'s range, got ", alpha);
    return static_cast<T>(alpha);  // modulo 2^bits for a negative alpha of an unsigned T
  }
}
/// The same for a floating alpha, which must also be an integer ("alpha must be an integer, got
/// 1.5"; torch truncates it, see docs/from-libtorch.md).
template <typename T>
T integer_alpha(double alpha, const char* op) {
  TG_CHECK(std::trunc(alpha) == alpha, op, "for integer tensors, alpha must be an integer, got ", alpha);
  TG_CHECK(alpha >= -0x1p63 && alpha < 0x1p63, op, "for integer tensors, alpha must be an integer within ",
           dtype_name(dtype_of<T>()), "'s range, got ", alpha);
  return integer_alpha<T>(static_cast<std::int64_t>(alpha), op);
}

/// A 0-d tensor of dtype T holding `value` exactly (full() goes through a double).
template <typename T>
Tensor scalar_of(T value) {
  Tensor out = empty({}, dtype_of<T>());
  *out.impl()->data<T>() = value;
  return out;
}

/// `b` as the 0-d operand of `a op b`: an int64 holding it exactly when the result is integral,
/// else of the result's dtype.
inline Tensor scalar_operand(const Tensor& a, const Scalar& b, const char* op) {
  Dtype type = result_type(checked(a, op), !b.isFloatingPoint());
  if (!is_floating_point(type)) return scalar_of<std::int64_t>(b.toLong());
  return full({}, b.toDouble(), type);
}

/// out[i] = f(x[i]) for x of the integer type T.
template <typename T, typename F>
Tensor map_integral_unary_as(const Tensor& x, F&& f) {
  Tensor xd = dense(x);
  const TensorImpl& impl = *xd.impl();
  Tensor out = empty(impl.shape, impl.dtype);
  const T* p = impl.data<T>();
  T* o = out.impl()->data<T>();
  for (std::size_t i = 0; i < impl.numel(); ++i) o[i] = f(p[i]);
  return out;
}

/// out[i] = f(a[i], b[i]) over the broadcast of a and b, both read as the integer dtype `type`.
template <typename F>
Tensor map_integral_binary(const Tensor& a, const Tensor& b, Dtype type, const char* op, F&& f) {
  Shape shape = to_shape(broadcast_shapes(a.impl()->shape, b.impl()->shape, op));
  Tensor ad, bd;
  {
    NoGradGuard no_grad;
    ad = dense(expand(kernel_operand(a, type), shape));
    bd = dense(expand(kernel_operand(b, type), shape));
  }
  Tensor out = empty(ad.impl()->shape, type);
  dispatch_integral(type, op, [&](auto tag) {
    using T = decltype(tag);
    const T* x = ad.impl()->data<T>();
    const T* y = bd.impl()->data<T>();
    T* o = out.impl()->data<T>();
    for (std::size_t i = 0; i < out.impl()->numel(); ++i) o[i] = f(x[i], y[i]);
  });
  return out;
}

}  // namespace tapegrad::detail
