#pragma once
// Internal helpers shared by the op implementations: shape checks that name the op, and the
// loops that turn xtensor expressions into new tensors. Never included by public headers.
#include <cstdint>

#include <tapegrad/autograd/function.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/tensor_impl.hpp>

namespace tapegrad::detail {

inline const TensorImpl& checked(const Tensor& t, const char* op) {
  TG_CHECK(t.defined(), op, "got an undefined tensor");
  return *t.impl();
}

/// Normalises a possibly negative axis, throwing "op: dimension 3 is out of range ...".
inline std::size_t wrap_axis(std::int64_t axis, std::size_t rank, const char* op) {
  auto r = static_cast<std::int64_t>(rank);
  TG_CHECK(axis >= -r && axis < r, op, "dimension ", axis, " is out of range for a tensor of ", r,
           " dimensions (expected in [", -r, ", ", r - 1, "])");
  return static_cast<std::size_t>(axis < 0 ? axis + r : axis);
}

/// The NumPy broadcast of two shapes, or "op: cannot broadcast [2,3] with [4]".
inline XShape broadcast_shapes(const XShape& a, const XShape& b, const char* op) {
  std::size_t rank = std::max(a.size(), b.size());
  XShape out(rank);
  for (std::size_t i = 0; i < rank; ++i) {
    std::size_t da = i < a.size() ? a[a.size() - 1 - i] : 1;
    std::size_t db = i < b.size() ? b[b.size() - 1 - i] : 1;
    TG_CHECK(da == db || da == 1 || db == 1, op, "cannot broadcast shapes ", shape_to_string(a), " and ",
             shape_to_string(b), " (size ", da, " vs ", db, " at dimension ", rank - 1 - i, ")");
    out[rank - 1 - i] = da == 1 ? db : da;
  }
  return out;
}

inline void check_same_dtype(const Tensor& a, const Tensor& b, const char* op) {
  TG_CHECK(a.impl()->dtype == b.impl()->dtype, op, "expected both operands to have the same dtype, got ",
           dtype_name(a.impl()->dtype), " and ", dtype_name(b.impl()->dtype), "; cast one with .to()");
}

/// out = f(view(x)) for a floating tensor x.
template <typename F>
Tensor map_unary(const Tensor& x, const char* op, F&& f) {
  const TensorImpl& impl = checked(x, op);
  return dispatch_floating(impl.dtype, op, [&](auto tag) {
    using T = decltype(tag);
    return from_expression<T>(f(xview<T>(impl), tag));
  });
}

/// out = f(view(a), view(b)) broadcast, for floating tensors of one dtype.
template <typename F>
Tensor map_binary(const Tensor& a, const Tensor& b, const char* op, F&& f) {
  const TensorImpl& ia = checked(a, op);
  const TensorImpl& ib = checked(b, op);
  check_same_dtype(a, b, op);
  broadcast_shapes(ia.shape, ib.shape, op);
  return dispatch_floating(ia.dtype, op, [&](auto tag) {
    using T = decltype(tag);
    if (ia.shape == ib.shape) {  // the common case: a flat loop, no broadcasting machinery
      Tensor out = empty(ia.shape, ia.dtype);
      auto vo = xview<T>(out);
      xt::noalias(vo) = f(xview<T>(ia), xview<T>(ib), tag);
      return out;
    }
    return from_expression<T>(f(xview<T>(ia), xview<T>(ib), tag));
  });
}

}  // namespace tapegrad::detail
