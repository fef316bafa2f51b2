#pragma once
/// What a Tensor handle points to: shared storage, a shape, and autograd bookkeeping.
/// Internal, but installed: op authors who want raw xtensor access use
/// <tapegrad/autograd/xtensor_interop.hpp>, which builds on this.
#include <cstddef>
#include <cstdint>
#include <memory>

#include <tapegrad/autograd/node.hpp>
#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/autograd/xtensor_include.hpp>

namespace tapegrad::detail {

using XShape = xt::svector<std::size_t, 4>;

/// A flat, contiguous buffer (64-byte aligned on the heap). Views (reshape, detach, squeeze, ...)
/// share it.
struct Storage {
  Dtype dtype;
  std::size_t numel;
  void* data;
  // Small tensors (scalars, biases of tiny layers) live inside the Storage object itself, saving
  // one heap allocation per op where framework overhead dominates. 16-byte alignment keeps the
  // object on malloc's fast path; over-aligning it sends every small tensor through memalign.
  static constexpr std::size_t kInlineBytes = 64;
  alignas(16) unsigned char inline_data[kInlineBytes];
  Storage(Dtype dtype, std::size_t numel);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
};

struct TensorImpl {
  std::shared_ptr<Storage> storage;
  XShape shape;
  Dtype dtype;
  bool requires_grad = false;  // for leaves; non-leaves require grad iff they have a grad_fn
  bool retains_grad = false;
  Tensor grad;
  std::shared_ptr<Node> grad_fn;

  std::size_t numel() const { return storage->numel; }
  template <typename T>
  T* data() const {
    return static_cast<T*>(storage->data);
  }
};

template <typename T>
constexpr Dtype dtype_of();
template <>
constexpr Dtype dtype_of<float>() {
  return Dtype::Float32;
}
template <>
constexpr Dtype dtype_of<double>() {
  return Dtype::Float64;
}
template <>
constexpr Dtype dtype_of<std::int64_t>() {
  return Dtype::Int64;
}

std::size_t numel_of(const XShape& shape);
XShape to_xshape(const Shape& shape, const char* op);
Shape to_shape(const XShape& shape);
std::string shape_to_string(const XShape& shape);

/// A new, uninitialised tensor of the given shape and dtype.
Tensor empty(const XShape& shape, Dtype dtype);
/// A tensor that shares `source`'s storage under another shape (same numel).
Tensor alias(const Tensor& source, const XShape& shape);

/// Non-owning xtensor view of a tensor's elements (row-major, contiguous).
template <typename T>
auto xview(const TensorImpl& impl) {
  return xt::adapt(impl.data<T>(), impl.numel(), xt::no_ownership(), impl.shape);
}
template <typename T>
auto xview(const Tensor& t) {
  return xview<T>(*t.impl());
}

/// A new tensor holding the evaluated expression (broadcast shape of the expression).
template <typename T, typename E>
Tensor from_expression(E&& expression) {
  XShape shape(expression.shape().begin(), expression.shape().end());
  Tensor out = empty(shape, dtype_of<T>());
  auto view = xview<T>(out);
  xt::noalias(view) = std::forward<E>(expression);
  return out;
}

/// Calls `f(T{})` with T the C++ type of a floating dtype; throws naming `op` for Int64.
template <typename F>
decltype(auto) dispatch_floating(Dtype dtype, const char* op, F&& f) {
  switch (dtype) {
    case Dtype::Float32:
      return f(float{});
    case Dtype::Float64:
      return f(double{});
    default:
      break;
  }
  fail(op, "expected a floating-point tensor (float32 or float64), got ", dtype_name(dtype));
}

/// Like dispatch_floating, and also accepts Int64.
template <typename F>
decltype(auto) dispatch_all(Dtype dtype, F&& f) {
  switch (dtype) {
    case Dtype::Float32:
      return f(float{});
    case Dtype::Float64:
      return f(double{});
    case Dtype::Int64:
      break;
  }
  return f(std::int64_t{});
}

}  // namespace tapegrad::detail
