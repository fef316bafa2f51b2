#pragma once
/// Making tensors: from C++ data, filled, ranges, and random with one seedable generator.
#include <cstdint>
#include <initializer_list>
#include <type_traits>
#include <vector>

#include <tapegrad/autograd/scalar.hpp>
#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

/// Values written as nested braces, any depth: `{1, 2}`, `{{1.5, 2}, {3, 4}}`, `{true, false}`.
/// It remembers what kind of numbers it holds, so that tensor() can infer the dtype as LibTorch.
class NestedList {
 public:
  template <typename T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
  NestedList(T value)  // NOLINT: implicit by design
      : value_(static_cast<double>(value)),
        integer_(std::is_integral_v<T> ? static_cast<std::int64_t>(value) : 0),
        is_scalar_(true),
        dtype_(std::is_same_v<T, bool> ? kBool
               : std::is_integral_v<T> ? kInt64
                                       : kFloat32) {}
  NestedList(std::initializer_list<NestedList> items);
  /// The shape the braces describe; throws if sibling lists differ in length.
  Shape shape() const;
  /// The values in row-major order.
  void flatten_into(std::vector<double>& out) const;
  /// The same, exact, for a list of integers and bools (inferred_dtype() not floating).
  void flatten_into(std::vector<std::int64_t>& out) const;
  /// The dtype LibTorch infers: bool if every value is a bool, int64 if every value is an integer
  /// (or a bool), float32 if any is floating (or the list is empty).
  Dtype inferred_dtype() const { return dtype_; }

 private:
  std::vector<NestedList> items_;
  double value_ = 0;
  std::int64_t integer_ = 0;  // the value itself when integral: 2^53 + 1 survives, as in LibTorch
  bool is_scalar_ = false;
  Dtype dtype_ = kBool;
};

/// From nested braces, with the dtype inferred as LibTorch does: `tg::tensor({{1., 2.}, {3., 4.}})`
/// is 2x2 float32, `tg::tensor({1, 0, 2})` int64 (class indices), `tg::tensor({true, false})` bool.
Tensor tensor(const NestedList& values);
/// From nested braces in the dtype `options` give (float32 unless asked): `tg::tensor({1, 2}, tg::kFloat32)`.
Tensor tensor(const NestedList& values, TensorOptions options);
Tensor tensor_from_doubles(const std::vector<double>& values, TensorOptions options);
Tensor tensor_from_int64(const std::vector<std::int64_t>& values, TensorOptions options);
/// A 1-D tensor from a vector of any arithmetic type, in the dtype `options` give.
template <typename T, typename = std::enable_if_t<std::is_arithmetic_v<T>>>
Tensor tensor(const std::vector<T>& values, TensorOptions options) {
  if constexpr (std::is_integral_v<T>) {
    return tensor_from_int64(std::vector<std::int64_t>(values.begin(), values.end()), options);
  } else {
    return tensor_from_doubles(std::vector<double>(values.begin(), values.end()), options);
  }
}
/// As PyTorch: integer vectors give int64 tensors, floating vectors float32.
template <typename T, typename = std::enable_if_t<std::is_arithmetic_v<T>>>
Tensor tensor(const std::vector<T>& values) {
  return tensor(values, TensorOptions(std::is_integral_v<T> ? kInt64 : kFloat32));
}
/// A 0-dimensional tensor holding one value.
Tensor scalar_tensor(double value, TensorOptions options = {});
/// A tensor of `shape` filled from row-major `values` (sizes must agree).
Tensor from_vector(const std::vector<double>& values, const Shape& shape, TensorOptions options = {});

Tensor zeros(const Shape& shape, TensorOptions options = {});
Tensor ones(const Shape& shape, TensorOptions options = {});
Tensor full(const Shape& shape, double value, TensorOptions options = {});
Tensor empty(const Shape& shape, TensorOptions options = {});
Tensor zeros_like(const Tensor& x);
Tensor ones_like(const Tensor& x);
Tensor full_like(const Tensor& x, double value);
/// start, start+step, ... < end. As LibTorch: without a dtype in `options`, integral bounds and
/// step give int64 (`arange(5)`, `arange(0, 10, 2)`), any floating one the default float32
/// (`arange(6.0)`, `arange(0, 1, 0.25)`).
Tensor arange(Scalar end, TensorOptions options = {});
Tensor arange(Scalar start, Scalar end, Scalar step = 1, TensorOptions options = {});
/// `steps` evenly spaced values from start to end inclusive.
Tensor linspace(double start, double end, std::int64_t steps, TensorOptions options = {});
/// n x m identity (m defaults to n).
Tensor eye(std::int64_t n, std::int64_t m = -1, TensorOptions options = {});

/// A bare size makes a 1-D tensor, as LibTorch's IntArrayRef does: `tg::zeros(3)`, `tg::randn(n)`.
/// (Templates, so that `tg::zeros({})`, a 0-d tensor, still means the empty Shape.)
template <typename I, typename = std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>>>
Tensor zeros(I size, TensorOptions options = {}) {
  return zeros(Shape{static_cast<std::int64_t>(size)}, options);
}
template <typename I, typename = std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>>>
Tensor ones(I size, TensorOptions options = {}) {
  return ones(Shape{static_cast<std::int64_t>(size)}, options);
}
template <typename I, typename = std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>>>
Tensor empty(I size, TensorOptions options = {}) {
  return empty(Shape{static_cast<std::int64_t>(size)}, options);
}
template <typename I, typename = std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>>>
Tensor full(I size, double value, TensorOptions options = {}) {
  return full(Shape{static_cast<std::int64_t>(size)}, value, options);
}

/// Seeds the one generator behind rand, randn, uniform, randint, randperm, dropout and the
/// initialisers: the same seed gives the same numbers on every run and platform.
void manual_seed(std::uint64_t seed);
/// Uniform on [0, 1).
Tensor rand(const Shape& shape, TensorOptions options = {});
/// Standard normal.
Tensor randn(const Shape& shape, TensorOptions options = {});
/// Uniform on [low, high).
Tensor uniform(const Shape& shape, double low, double high, TensorOptions options = {});
template <typename I, typename = std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>>>
Tensor rand(I size, TensorOptions options = {}) {
  return rand(Shape{static_cast<std::int64_t>(size)}, options);
}
template <typename I, typename = std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>>>
Tensor randn(I size, TensorOptions options = {}) {
  return randn(Shape{static_cast<std::int64_t>(size)}, options);
}
/// Integers uniform on [low, high), Int64.
Tensor randint(std::int64_t low, std::int64_t high, const Shape& shape);
/// A random permutation of 0..n-1, Int64.
Tensor randperm(std::int64_t n);

namespace random {
/// The next raw 64 random bits and the derived draws, for code that needs single numbers.
std::uint64_t next_u64();
double next_uniform();  ///< on [0, 1)
double next_normal();   ///< standard normal
}  // namespace random

}  // namespace tapegrad
