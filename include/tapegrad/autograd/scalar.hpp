#pragma once
/// Scalar: one number of any dtype, as c10::Scalar; what `Tensor::item()` returns.
///
///     tg::Scalar s = tg::tensor({2.5}).item();
///     float f = s.to<float>();   // or s.toFloat(), s.toDouble(), s.toLong()
///     std::cout << s;            // 2.5
#include <cstdint>
#include <ostream>
#include <type_traits>

#include <tapegrad/autograd/error.hpp>

namespace tapegrad {

/// A floating, integral or boolean value, converting to any arithmetic type on request.
class Scalar {
 public:
  Scalar() : Scalar(std::int64_t{0}) {}
  template <typename T, typename = std::enable_if_t<std::is_arithmetic_v<T>>>
  Scalar(T value) {  // NOLINT: implicit, like c10::Scalar
    if constexpr (std::is_same_v<T, bool>) {
      kind_ = Kind::Bool;
      i_ = value ? 1 : 0;
    } else if constexpr (std::is_integral_v<T>) {
      kind_ = Kind::Integral;
      i_ = static_cast<std::int64_t>(value);
    } else {
      kind_ = Kind::Floating;
      d_ = static_cast<double>(value);
    }
  }

  bool isFloatingPoint() const { return kind_ == Kind::Floating; }
  /// As c10: with `includeBool`, a boolean counts as integral too.
  bool isIntegral(bool includeBool) const { return kind_ == Kind::Integral || (includeBool && kind_ == Kind::Bool); }
  bool isBool() const { return kind_ == Kind::Bool; }

  /// The value as T. A floating value converted to an integer type throws when it is NaN or out
  /// of T's range (where a C++ cast would be undefined behaviour).
  template <typename T>
  T to() const {
    static_assert(std::is_arithmetic_v<T>, "Scalar::to<T>: T must be an arithmetic type");
    if constexpr (std::is_same_v<T, bool>) {
      return kind_ == Kind::Floating ? d_ != 0.0 : i_ != 0;
    } else if constexpr (std::is_integral_v<T>) {
      if (kind_ != Kind::Floating) return static_cast<T>(i_);
      TG_CHECK(d_ >= -0x1p63 && d_ < 0x1p63, "Scalar", "value ", d_, " cannot be converted to an integer");
      return static_cast<T>(static_cast<std::int64_t>(d_));
    } else {
      return kind_ == Kind::Floating ? static_cast<T>(d_) : static_cast<T>(i_);
    }
  }
  float toFloat() const { return to<float>(); }
  double toDouble() const { return to<double>(); }
  std::int64_t toLong() const { return to<std::int64_t>(); }
  int toInt() const { return to<int>(); }
  bool toBool() const { return to<bool>(); }

  Scalar operator-() const { return kind_ == Kind::Floating ? Scalar(-d_) : Scalar(-i_); }

 private:
  enum class Kind : std::uint8_t { Floating, Integral, Bool };
  Kind kind_ = Kind::Integral;
  double d_ = 0.0;
  std::int64_t i_ = 0;
};

/// Prints the value as c10 does: `2.5`, `3`, `true`.
inline std::ostream& operator<<(std::ostream& out, const Scalar& s) {
  if (s.isFloatingPoint()) return out << s.toDouble();
  if (s.isBool()) return out << (s.toBool() ? "true" : "false");
  return out << s.toLong();
}

}  // namespace tapegrad
