#pragma once
/// IValue: a tagged value (nothing, int, double, bool, string or Tensor), as c10::IValue is for
/// the values a custom Function keeps in `ctx->saved_data`.
///
///     ctx->saved_data["power"] = 3;                        // stored as an int64
///     std::int64_t p = ctx->saved_data["power"].toInt();   // toDouble() here would throw
#include <cstdint>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include <tapegrad/autograd/error.hpp>
#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

/// One value of a few kinds. Reading it as another kind throws a tapegrad::Error
/// ("IValue: expected Double but got Int"), as c10::IValue does; ints read as doubles only
/// through toScalar().
class IValue {
 public:
  IValue() = default;
  IValue(bool value) : value_(value) {}  // NOLINT: implicit, like c10::IValue
  template <typename T, typename = std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>>
  IValue(T value) : value_(static_cast<std::int64_t>(value)) {}  // NOLINT: implicit, like c10::IValue
  IValue(double value) : value_(value) {}                        // NOLINT: implicit, like c10::IValue
  IValue(float value) : value_(static_cast<double>(value)) {}    // NOLINT: implicit, like c10::IValue
  IValue(Tensor value) : value_(std::move(value)) {}             // NOLINT: implicit, like c10::IValue
  IValue(std::string value) : value_(std::move(value)) {}        // NOLINT: implicit, like c10::IValue
  IValue(const char* value) : value_(std::string(value)) {}      // NOLINT: implicit, like c10::IValue

  bool isNone() const { return value_.index() == 0; }
  bool isInt() const { return std::holds_alternative<std::int64_t>(value_); }
  bool isDouble() const { return std::holds_alternative<double>(value_); }
  bool isBool() const { return std::holds_alternative<bool>(value_); }
  bool isTensor() const { return std::holds_alternative<Tensor>(value_); }
  bool isString() const { return std::holds_alternative<std::string>(value_); }

  std::int64_t toInt() const { return get<std::int64_t>("Int"); }
  double toDouble() const { return get<double>("Double"); }
  bool toBool() const { return get<bool>("Bool"); }
  const Tensor& toTensor() const { return get<Tensor>("Tensor"); }
  const std::string& toStringRef() const { return get<std::string>("String"); }
  /// An Int, Double or Bool as a Scalar.
  Scalar toScalar() const {
    if (isInt()) return Scalar(toInt());
    if (isDouble()) return Scalar(toDouble());
    if (isBool()) return Scalar(toBool());
    detail::fail("IValue", "expected a Scalar but got ", tagKind());
  }
  /// "None", "Int", "Double", "Bool", "Tensor" or "String".
  const char* tagKind() const {
    static const char* const names[] = {"None", "Int", "Double", "Bool", "Tensor", "String"};
    return names[value_.index()];
  }

 private:
  template <typename T>
  const T& get(const char* kind) const {
    const T* p = std::get_if<T>(&value_);
    if (!p) detail::fail("IValue", "expected ", kind, " but got ", tagKind());
    return *p;
  }
  std::variant<std::monostate, std::int64_t, double, bool, Tensor, std::string> value_;
};

}  // namespace tapegrad
