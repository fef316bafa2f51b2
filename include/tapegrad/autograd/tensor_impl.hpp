#pragma once
/// What a Tensor handle points to: a view (shape, strides, offset) over shared storage, and
/// autograd bookkeeping. Internal, but installed: op authors who want raw xtensor access use
/// <tapegrad/autograd/xtensor_interop.hpp>, which builds on this.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include <tapegrad/autograd/node_impl.hpp>
#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/autograd/xtensor_include.hpp>

namespace tapegrad::detail {

using XShape = xt::svector<std::size_t, 4>;
/// Strides in elements, as LibTorch's: signed, 0 along an expanded dimension.
using XStrides = xt::svector<std::ptrdiff_t, 4>;

/// A flat buffer (64-byte aligned on the heap) that any number of views share.
struct Storage {
  Dtype dtype;
  std::size_t numel;
  void* data;
  /// Bumped by every in-place write through any view of this storage. A node that saved a
  /// tensor remembers the version it saw, so backward can refuse stale data.
  std::uint64_t version = 0;
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

/// Bytes of tensor storage currently allocated, over all tensors (inline buffers excluded):
/// the memory tests measure what a graph keeps alive with it.
std::int64_t live_storage_bytes();

/// Row-major strides of a contiguous tensor of `shape`.
XStrides contiguous_strides(const XShape& shape);
void fill_contiguous_strides(const XShape& shape, XStrides& strides);

struct TensorImpl {
  std::shared_ptr<Storage> storage;
  XShape shape;
  XStrides strides;
  std::ptrdiff_t offset = 0;  // of element [0, ..., 0] in storage, in elements
  std::size_t numel_ = 0;
  bool contiguous = true;  // strides are row-major for shape (size-1 dimensions aside)
  Dtype dtype;
  bool requires_grad = false;  // for leaves; non-leaves require grad iff they have a grad_fn
  bool retains_grad = false;
  Tensor grad;
  std::shared_ptr<Node> grad_fn;
  /// For a view made by a view op (select, slice, transpose, ...): the tensor it views, itself
  /// never a view. In-place ops with autograd use it to rewrite the base's history.
  /// Weak: a view saved by a node of its base's history would otherwise be a reference cycle.
  std::weak_ptr<TensorImpl> base;
  /// Tensor::register_hook's hooks, in registration order, with their handles. The engine runs
  /// them on this tensor's gradient (see autograd/backward.cpp).
  std::vector<std::pair<unsigned, std::function<Tensor(const Tensor&)>>> hooks;

  /// Sets shape, strides and offset, and the numel and contiguity derived from them.
  void set_geometry(XShape new_shape, XStrides new_strides, std::ptrdiff_t new_offset);
  std::size_t numel() const { return numel_; }
  /// The first element of a contiguous tensor. Kernels that walk memory linearly use this; it
  /// throws for a strided view, so a kernel that forgot to call dense() fails loudly.
  template <typename T>
  T* data() const {
    if (!contiguous) not_contiguous();
    return static_cast<T*>(storage->data) + offset;
  }
  /// The element [0, ..., 0] of any view, for kernels that walk strides themselves.
  template <typename T>
  T* strided_data() const {
    return static_cast<T*>(storage->data) + offset;
  }

 private:
  [[noreturn]] static void not_contiguous();
};

/// The product of the sizes, unchecked: for shapes that empty() or to_xshape() already accepted.
std::size_t numel_of(const XShape& shape);

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
template <>
constexpr Dtype dtype_of<std::int32_t>() {
  return Dtype::Int32;
}
template <>
constexpr Dtype dtype_of<std::int16_t>() {
  return Dtype::Int16;
}
template <>
constexpr Dtype dtype_of<std::int8_t>() {
  return Dtype::Int8;
}
template <>
constexpr Dtype dtype_of<std::uint8_t>() {
  return Dtype::UInt8;
}
template <>
constexpr Dtype dtype_of<bool>() {
  return Dtype::Bool;
}

/// A user's shape as an XShape, throwing "op: negative size ..." or "op: shape [...] is too large"
/// when a size is negative or the product of the non-zero sizes (the element count, and the span
/// of the row-major strides) overflows int64. Every user shape passes through here (creation,
/// reshape, expand, the checkpoint loader), so no tensor ever has an element count that wrapped.
XShape to_xshape(const Shape& shape, const char* op);
Shape to_shape(const XShape& shape);
std::string shape_to_string(const XShape& shape);

/// A new, uninitialised, contiguous tensor of the given shape and dtype. Throws, naming `op` (or
/// "out of memory" without one), "op: cannot allocate 4 TiB for a [1099511627776] float32 tensor"
/// when the byte count overflows, exceeds RAM + swap, or the allocation fails.
Tensor empty(const XShape& shape, Dtype dtype, const char* op = nullptr);

/// `value` as int64, or "op: value 1e+30 cannot be converted to int64 without overflow" for NaN,
/// infinities and values outside [-2^63, 2^63), where a plain cast is undefined behaviour.
inline std::int64_t to_int64(double value, const char* op) {
  TG_CHECK(value >= -0x1p63 && value < 0x1p63, op, "value ", value, " cannot be converted to int64 without overflow");
  return static_cast<std::int64_t>(value);
}
/// `value` truncated toward zero as the integer type I, or "op: value nan cannot be converted to
/// int32 without overflow" when it is NaN, infinite or outside I's range. (PyTorch's own cast is
/// undefined there and gives INT_MIN or wrapped values; tapegrad refuses.)
template <typename I>
I to_integral(double value, const char* op) {
  if constexpr (std::is_same_v<I, bool>) {
    return value != 0;  // NaN is true, as in PyTorch
  } else if constexpr (std::is_same_v<I, std::int64_t>) {
    return to_int64(value, op);
  } else {
    double t = std::trunc(value);
    TG_CHECK(t >= static_cast<double>(std::numeric_limits<I>::min()) &&
                 t <= static_cast<double>(std::numeric_limits<I>::max()),
             op, "value ", value, " cannot be converted to ", dtype_name(dtype_of<I>()), " without overflow");
    return static_cast<I>(t);
  }
}
/// A tensor that shares `source`'s storage under another geometry, cut from the graph.
Tensor alias(const Tensor& source, const XShape& shape, const XStrides& strides, std::ptrdiff_t offset);
/// A tensor that shares a contiguous `source`'s storage under another shape (same numel).
Tensor alias(const Tensor& source, const XShape& shape);
/// A recorded view of `x` with the given geometry, `offset` counted from x's own offset: the
/// general view op (LibTorch's as_strided), behind in-place autograd on views.
Tensor as_strided(const Tensor& x, const XShape& shape, const XStrides& strides, std::ptrdiff_t offset);
/// `x` itself when contiguous, otherwise a contiguous copy (not recorded): what a kernel that
/// walks memory linearly calls on each operand, once, at its top.
Tensor dense(const Tensor& x);
// Walks every index of `shape` (row-major), calling f(dst_offset, src_offset) once per innermost
// row with the row length and the two innermost strides, so the inner loop is a plain loop.
template <typename F>
void for_each_row(const XShape& shape, const XStrides& a, const XStrides& b, F&& f) {
  std::size_t rank = shape.size();
  if (rank == 0) {
    f(std::ptrdiff_t{0}, std::ptrdiff_t{0}, std::size_t{1}, std::ptrdiff_t{1}, std::ptrdiff_t{1});
    return;
  }
  if (numel_of(shape) == 0) return;
  std::size_t inner = shape[rank - 1];
  xt::svector<std::size_t, 4> counter(rank, 0);
  std::ptrdiff_t oa = 0, ob = 0;
  while (true) {
    f(oa, ob, inner, a[rank - 1], b[rank - 1]);
    std::size_t d = rank - 1;
    while (true) {
      if (d == 0) return;
      --d;
      if (++counter[d] < shape[d]) {
        oa += a[d];
        ob += b[d];
        break;
      }
      oa -= a[d] * static_cast<std::ptrdiff_t>(shape[d] - 1);
      ob -= b[d] * static_cast<std::ptrdiff_t>(shape[d] - 1);
      counter[d] = 0;
    }
  }
}

/// dst[i] = src[i] over dst's shape, both strided; src may have 0 strides (broadcast).
void copy_strided(const TensorImpl& dst, const TensorImpl& src);

/// Non-owning xtensor view of a contiguous tensor's elements (throws for a strided view).
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

/// Calls `f(T{})` with T the C++ type of a floating dtype; throws naming `op` for the others.
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

/// Calls `f(T{})` with T the C++ type of any dtype (bool for Bool).
template <typename F>
decltype(auto) dispatch_all(Dtype dtype, F&& f) {
  switch (dtype) {
    case Dtype::Float32:
      return f(float{});
    case Dtype::Float64:
      return f(double{});
    case Dtype::Bool:
      return f(bool{});
    case Dtype::UInt8:
      return f(std::uint8_t{});
    case Dtype::Int8:
      return f(std::int8_t{});
    case Dtype::Int16:
      return f(std::int16_t{});
    case Dtype::Int32:
      return f(std::int32_t{});
    case Dtype::Int64:
      break;
  }
  return f(std::int64_t{});
}

/// Like dispatch_all without Bool: the dtypes that have arithmetic (add, mul, neg, abs).
template <typename F>
decltype(auto) dispatch_arithmetic(Dtype dtype, const char* op, F&& f) {
  switch (dtype) {
    case Dtype::Float32:
      return f(float{});
    case Dtype::Float64:
      return f(double{});
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
  fail(op, "not implemented for bool tensors; cast with .to()");
}

}  // namespace tapegrad::detail
