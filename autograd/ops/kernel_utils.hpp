#pragma once
// Internal helpers shared by the op implementations: shape checks that name the op, and the
// loops that turn xtensor expressions into new tensors. Never included by public headers.
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <type_traits>

#include <tapegrad/autograd/function.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/node_impl.hpp>
#include <tapegrad/autograd/tensor_impl.hpp>
#include "../thread_pool.hpp"

namespace tapegrad::detail {

/// std::isnan for floating types, false for integers (where std::isnan would convert to double).
template <typename T>
bool is_nan(T v) {
  if constexpr (std::is_floating_point_v<T>)
    return std::isnan(v);
  else
    return false;
}

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

/// A row-major tensor seen as [outer, n, inner] around `axis`: every per-axis loop (reductions,
/// slicing, concatenation, index_select) walks this layout, whatever the rank.
struct AxisLayout {
  std::size_t outer = 1, n = 1, inner = 1;
};

inline AxisLayout axis_layout(const XShape& shape, std::size_t axis) {
  AxisLayout l;
  for (std::size_t d = 0; d < shape.size(); ++d) {
    if (d < axis)
      l.outer *= shape[d];
    else if (d > axis)
      l.inner *= shape[d];
  }
  l.n = shape.empty() ? 1 : shape[axis];
  return l;
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

/// x's impl when contiguous, else that of a contiguous copy kept alive in `copy`: dense() without
/// touching the reference count on the common path.
inline const TensorImpl& dense_impl(const Tensor& x, Tensor& copy) {
  if (x.impl()->contiguous) return *x.impl();
  copy = dense(x);
  return *copy.impl();
}

/// A contiguous tensor's elements as a 1-D xtensor adaptor: elementwise kernels see a flat
/// array, whose fixed rank costs far less to set up than an n-D adaptor's dynamic strides.
template <typename T>
auto flat_view(const TensorImpl& impl) {
  return xt::adapt(impl.data<T>(), impl.numel(), xt::no_ownership(), std::array<std::size_t, 1>{impl.numel()});
}

/// Elements [begin, end) of a contiguous tensor, as flat_view.
template <typename T>
auto flat_chunk(const TensorImpl& impl, std::size_t begin, std::size_t end) {
  return xt::adapt(impl.data<T>() + begin, end - begin, xt::no_ownership(), std::array<std::size_t, 1>{end - begin});
}

/// Elements at least per thread of an elementwise loop (see thread_pool.hpp): below this, waking
/// a thread costs more than it saves. An element's result never depends on the split, so every
/// thread count gives the same bits.
constexpr std::size_t kElementwiseGrain = 1 << 15;

/// out = f(flat views of the sources), chunk by chunk: assign(begin, end) writes [begin, end).
template <typename Assign>
void elementwise_chunks(std::size_t n, const Assign& assign) {
  parallel_for(n, kElementwiseGrain, assign);
}

// ---- type promotion (torch.result_type), once for every elementwise op ---------------------
//
// Dtypes fall in three kinds, bool < integer < floating. Operands are ranked dimensioned tensors
// first, then 0-d tensors, then scalars (C++ numbers): the highest-ranked operands' promoted dtype
// wins unless a lower-ranked operand is of a higher kind, which then promotes it (a 0-d float64
// makes an int32 tensor float64; a double scalar makes it the default float dtype, float32).

enum class Kind { Bool, Integer, Floating };
inline Kind kind_of(Dtype d) {
  return is_floating_point(d) ? Kind::Floating : d == Dtype::Bool ? Kind::Bool : Kind::Integer;
}

/// Accumulates operands as torch's ResultTypeState does.
struct ResultType {
  std::optional<Dtype> dimensioned, zero_dim, scalar;
  static void join(std::optional<Dtype>& slot, Dtype d) { slot = slot ? promote_types(*slot, d) : d; }
  ResultType& tensor(const TensorImpl& t) {
    join(t.shape.empty() ? zero_dim : dimensioned, t.dtype);
    return *this;
  }
  /// A C++ number: a floating one counts as the default dtype (float32), an integer one as int64.
  ResultType& number(bool integral) {
    join(scalar, integral ? Dtype::Int64 : Dtype::Float32);
    return *this;
  }
  static std::optional<Dtype> combine(std::optional<Dtype> higher, std::optional<Dtype> lower) {
    if (!higher) return lower;
    if (!lower) return higher;
    if (kind_of(*lower) > kind_of(*higher)) return promote_types(*higher, *lower);
    if (*higher == Dtype::Bool) return promote_types(*higher, *lower);
    return higher;
  }
  Dtype get() const { return combine(dimensioned, combine(zero_dim, scalar)).value_or(Dtype::Float32); }
};

inline Dtype result_type(const TensorImpl& a, const TensorImpl& b) { return ResultType().tensor(a).tensor(b).get(); }
/// The dtype of `x op number`: x's unless the number is of a higher kind.
inline Dtype result_type(const TensorImpl& x, bool number_is_integral) {
  return ResultType().tensor(x).number(number_is_integral).get();
}
/// The dtype an op defined for floating types only computes in: `d` if floating, else float32
/// (as torch.exp(int_tensor) and torch.atan2(int, int) are float32).
inline Dtype floating_result(Dtype d) { return is_floating_point(d) ? d : Dtype::Float32; }

/// `x` as dtype `d` for a kernel to read: x itself when it already is, else a converted copy cut
/// from the graph (the op records its original operands; the tape casts their gradients back).
inline Tensor kernel_operand(const Tensor& x, Dtype d) { return x.impl()->dtype == d ? x : x.detach().to(d); }

/// out = f(view(x)) for a floating tensor x; f must be elementwise. Integer and bool inputs are
/// promoted to float32 first, as PyTorch does for its floating-only ops (exp, log, sigmoid, ...).
template <typename F>
Tensor map_unary(const Tensor& x, const char* op, F&& f) {
  checked(x, op);
  Tensor operand = kernel_operand(x, floating_result(x.impl()->dtype));
  Tensor copy;
  const TensorImpl& impl = dense_impl(operand, copy);
  return dispatch_floating(impl.dtype, op, [&](auto tag) {
    using T = decltype(tag);
    Tensor out = empty(impl.shape, impl.dtype);
    const TensorImpl& result = *out.impl();
    elementwise_chunks(impl.numel(), [&](std::size_t begin, std::size_t end) {
      auto vo = flat_chunk<T>(result, begin, end);
      xt::noalias(vo) = f(flat_chunk<T>(impl, begin, end), tag);
    });
    return out;
  });
}

/// map_unary for ops that PyTorch also defines on integers (neg, abs, integer scalar arithmetic):
/// f runs in x's own dtype, any but Bool; the result has x's dtype.
template <typename F>
Tensor map_unary_all(const Tensor& x, const char* op, F&& f) {
  checked(x, op);
  Tensor copy;
  const TensorImpl& impl = dense_impl(x, copy);
  return dispatch_arithmetic(impl.dtype, op, [&](auto tag) {
    using T = decltype(tag);
    Tensor out = empty(impl.shape, impl.dtype);
    const TensorImpl& result = *out.impl();
    elementwise_chunks(impl.numel(), [&](std::size_t begin, std::size_t end) {
      auto vo = flat_chunk<T>(result, begin, end);
      xt::noalias(vo) = f(flat_chunk<T>(impl, begin, end), tag);
    });
    return out;
  });
}

/// True when `full` already has the broadcast shape and `single` is one row of it: its shape,
/// without leading 1s, is the last dimension of `full` (a bias added to a batch). Rows of fewer
/// than 16 elements take the generic path, where per-row setup would dominate.
inline bool row_broadcast(const XShape& out, const XShape& full, const XShape& single, std::size_t& rows,
                          std::size_t& width) {
  if (full != out || out.empty()) return false;
  std::size_t single_numel = numel_of(single);
  if (single_numel != out.back() || single.empty() || single.back() != out.back() || single_numel < 16) return false;
  width = out.back();
  rows = numel_of(out) / width;
  return true;
}

/// "mean: could not infer output dtype ..." for an integer or bool x, as torch (reduction.cpp).
void check_mean_dtype(const Tensor& x);
/// x in the floating dtype a `mean(x, dtype)` computes in.
Tensor mean_as(const Tensor& x, Dtype dtype);

/// scatter without a reduce into an integer or bool self (indexing.cpp): a plain loop, no
/// gradient; where an index repeats, the last write wins.
Tensor scatter_integral(const Tensor& self, std::int64_t dim, const Tensor& index, const Tensor& src);

/// The int64 sum of an integer or bool tensor, over everything or along `axis` (integer_sum.cpp).
Tensor sum_integral(const Tensor& x, std::optional<std::int64_t> axis, bool keepdim);

/// out = f(view(a), view(b)) broadcast over operands already of one dtype `type`, the result's,
/// with `dispatch` choosing which dtypes the kernel exists for.
template <typename Dispatch, typename F>
Tensor binary_kernel(const Tensor& a, const Tensor& b, Dtype type, const char* op, Dispatch&& dispatch, F&& f) {
  Tensor copy_a, copy_b;
  const TensorImpl& ia = dense_impl(a, copy_a);
  const TensorImpl& ib = dense_impl(b, copy_b);
  XShape out_shape = broadcast_shapes(ia.shape, ib.shape, op);
  return dispatch(type, [&](auto tag) {
    using T = decltype(tag);
    if (ia.shape == ib.shape) {  // the common case: a flat loop, no broadcasting machinery
      Tensor out = empty(ia.shape, ia.dtype);
      const TensorImpl& result = *out.impl();
      elementwise_chunks(ia.numel(), [&](std::size_t begin, std::size_t end) {
        auto vo = flat_chunk<T>(result, begin, end);
        xt::noalias(vo) = f(flat_chunk<T>(ia, begin, end), flat_chunk<T>(ib, begin, end), tag);
      });
      return out;
    }
    std::size_t rows = 0, width = 0;
    bool a_is_rows = row_broadcast(out_shape, ia.shape, ib.shape, rows, width);
    if (a_is_rows || row_broadcast(out_shape, ib.shape, ia.shape, rows, width)) {
      // [..., n] with [n] (a bias): row by row over contiguous memory, instead of xtensor's
      // generic broadcasting stepper, which costs several times more per element.
      Tensor out = empty(out_shape, ia.dtype);
      const T* pa = ia.data<T>();
      const T* pb = ib.data<T>();
      T* po = out.impl()->data<T>();
      std::array<std::size_t, 1> row_shape{width};
      parallel_for(rows, std::max<std::size_t>(1, kElementwiseGrain / width), [&](std::size_t first, std::size_t last) {
        for (std::size_t r = first; r < last; ++r) {
          auto full = xt::adapt(const_cast<T*>(a_is_rows ? pa : pb) + r * width, width, xt::no_ownership(), row_shape);
          auto single = xt::adapt(const_cast<T*>(a_is_rows ? pb : pa), width, xt::no_ownership(), row_shape);
          auto dst = xt::adapt(po + r * width, width, xt::no_ownership(), row_shape);
          if (a_is_rows)
            xt::noalias(dst) = f(full, single, tag);
          else
            xt::noalias(dst) = f(single, full, tag);
        }
      });
      return out;
    }
    return from_expression<T>(f(xview<T>(ia), xview<T>(ib), tag));
  });
}

/// out = f(view(a), view(b)) broadcast, computed in the floating dtype the operands promote to
/// (torch.result_type, then float32 for integer results: `int / int` is float32).
template <typename F>
Tensor map_binary(const Tensor& a, const Tensor& b, const char* op, F&& f) {
  Dtype type = floating_result(result_type(checked(a, op), checked(b, op)));
  return binary_kernel(
      kernel_operand(a, type), kernel_operand(b, type), type, op,
      [op](Dtype d, auto&& g) { return dispatch_floating(d, op, g); }, std::forward<F>(f));
}

/// map_binary for ops that PyTorch also defines on integers (add, sub, mul): computed in the
/// promoted dtype itself, integer, floating or bool (where `x + y` stored as bool is logical or,
/// `x * y` logical and, as in PyTorch; an op that torch refuses on bools must check itself).
template <typename F>
Tensor map_binary_all(const Tensor& a, const Tensor& b, const char* op, F&& f) {
  Dtype type = result_type(checked(a, op), checked(b, op));
  return binary_kernel(
      kernel_operand(a, type), kernel_operand(b, type), type, op, [](Dtype d, auto&& g) { return dispatch_all(d, g); },
      std::forward<F>(f));
}

}  // namespace tapegrad::detail
