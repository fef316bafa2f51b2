// Bitwise ops: integer kernels (plain loops through map_integral_binary, exact for every width),
// and for bool operands the logical ops, as torch does.
#include <tapegrad/autograd/ops/bitwise.hpp>

#include <limits>
#include <type_traits>

#include <tapegrad/autograd/ops/logical.hpp>
#include "integer_kernels.hpp"

namespace tapegrad {

namespace {

// The dtype `a op b` computes in, or "op: not implemented for float32 tensors".
Dtype bitwise_type(const Tensor& a, const Tensor& b, const char* op) {
  Dtype type = detail::result_type(detail::checked(a, op), detail::checked(b, op));
  TG_CHECK(!is_floating_point(type), op, "not implemented for ", dtype_name(type),
           " tensors (bitwise ops take integer or bool tensors)");
  return type;
}

// b as the 0-d operand of `a op b`: an integer or a bool (which stays bool, so that a bool
// tensor with a bool Scalar takes the logical op).
Tensor bitwise_operand(const Tensor& a, const Scalar& b, const char* op) {
  TG_CHECK(!b.isFloatingPoint(), op, "not implemented for a floating-point number (", b.toDouble(), ")");
  if (b.isBool()) return detail::scalar_of<bool>(b.toBool());
  return detail::scalar_operand(a, b, op);
}

template <typename F, typename Logical>
Tensor bitwise(const Tensor& a, const Tensor& b, const char* op, F&& f, Logical&& logical) {
  Dtype type = bitwise_type(a, b, op);
  if (type == kBool) return logical(a, b);
  return detail::map_integral_binary(a, b, type, op, std::forward<F>(f));
}

}  // namespace

Tensor bitwise_and(const Tensor& a, const Tensor& b) {
  return bitwise(
      a, b, "bitwise_and", [](auto x, auto y) { return static_cast<decltype(x)>(x & y); }, &logical_and);
}
Tensor bitwise_or(const Tensor& a, const Tensor& b) {
  return bitwise(
      a, b, "bitwise_or", [](auto x, auto y) { return static_cast<decltype(x)>(x | y); }, &logical_or);
}
Tensor bitwise_xor(const Tensor& a, const Tensor& b) {
  return bitwise(
      a, b, "bitwise_xor", [](auto x, auto y) { return static_cast<decltype(x)>(x ^ y); }, &logical_xor);
}
Tensor bitwise_and(const Tensor& a, const Scalar& b) { return bitwise_and(a, bitwise_operand(a, b, "bitwise_and")); }
Tensor bitwise_or(const Tensor& a, const Scalar& b) { return bitwise_or(a, bitwise_operand(a, b, "bitwise_or")); }
Tensor bitwise_xor(const Tensor& a, const Scalar& b) { return bitwise_xor(a, bitwise_operand(a, b, "bitwise_xor")); }

Tensor bitwise_not(const Tensor& x) {
  detail::checked(x, "bitwise_not");
  TG_CHECK(!x.is_floating_point(), "bitwise_not", "not implemented for ", dtype_name(x.dtype()),
           " tensors (bitwise ops take integer or bool tensors)");
  if (x.dtype() == kBool) return logical_not(x);
  return detail::dispatch_integral(x.dtype(), "bitwise_not", [&](auto tag) {
    using T = decltype(tag);
    return detail::map_integral_unary_as<T>(x, [](T v) { return static_cast<T>(~v); });
  });
}

Tensor bitwise_left_shift(const Tensor& a, const Tensor& b) {
  const char* op = "bitwise_left_shift";
  Dtype type = bitwise_type(a, b, op);
  TG_CHECK(type != kBool, op, "not implemented for bool tensors");
  return detail::map_integral_binary(a, b, type, op, [](auto x, auto y) {
    using T = decltype(x);
    using U = detail::arithmetic_t<T>;
    constexpr auto width = static_cast<std::int64_t>(sizeof(T) * 8);
    auto s = static_cast<std::int64_t>(y);
    if (s < 0 || s >= width) return T(0);
    return static_cast<T>(static_cast<U>(static_cast<std::make_unsigned_t<T>>(x)) << s);
  });
}

Tensor bitwise_right_shift(const Tensor& a, const Tensor& b) {
  const char* op = "bitwise_right_shift";
  Dtype type = bitwise_type(a, b, op);
  TG_CHECK(type != kBool, op, "not implemented for bool tensors");
  return detail::map_integral_binary(a, b, type, op, [](auto x, auto y) {
    using T = decltype(x);
    constexpr auto width = static_cast<std::int64_t>(sizeof(T) * 8);
    auto s = static_cast<std::int64_t>(y);
    if (s < 0 || s >= width) {  // every bit shifted out: the sign bits (0 for unsigned and positive)
      if constexpr (std::is_signed_v<T>)
        return static_cast<T>(x < 0 ? -1 : 0);
      else
        return T(0);
    }
    return static_cast<T>(x >> s);
  });
}

Tensor operator~(const Tensor& x) { return bitwise_not(x); }
Tensor operator&(const Tensor& a, const Tensor& b) { return bitwise_and(a, b); }
Tensor operator|(const Tensor& a, const Tensor& b) { return bitwise_or(a, b); }
Tensor operator^(const Tensor& a, const Tensor& b) { return bitwise_xor(a, b); }
Tensor operator&(const Tensor& a, const Scalar& b) { return bitwise_and(a, b); }
Tensor operator|(const Tensor& a, const Scalar& b) { return bitwise_or(a, b); }
Tensor operator^(const Tensor& a, const Scalar& b) { return bitwise_xor(a, b); }
Tensor operator<<(const Tensor& a, const Tensor& b) { return bitwise_left_shift(a, b); }
Tensor operator>>(const Tensor& a, const Tensor& b) { return bitwise_right_shift(a, b); }

}  // namespace tapegrad
