// floor_divide: a plain loop over broadcast operands, as integer floor division (with its
// zero check) has no xtensor expression.
#include <tapegrad/autograd/ops/floor_divide.hpp>

#include <cmath>
#include <type_traits>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/ops/shape.hpp>
#include "kernel_utils.hpp"
#include "wrapping_arithmetic.hpp"

namespace tapegrad {

Tensor floor_divide(const Tensor& a, const Tensor& b) {
  const char* op = "floor_divide";
  Dtype type = detail::result_type(detail::checked(a, op), detail::checked(b, op));
  TG_CHECK(type != kBool, op, "not implemented for bool tensors");
  Shape shape = detail::to_shape(detail::broadcast_shapes(a.impl()->shape, b.impl()->shape, op));
  Tensor ad, bd;
  {
    NoGradGuard no_grad;
    ad = detail::dense(expand(detail::kernel_operand(a, type), shape));
    bd = detail::dense(expand(detail::kernel_operand(b, type), shape));
  }
  Tensor out = detail::empty(ad.impl()->shape, type);
  detail::dispatch_arithmetic(type, op, [&](auto tag) {
    using T = decltype(tag);
    const T* x = ad.impl()->data<T>();
    const T* y = bd.impl()->data<T>();
    T* o = out.impl()->data<T>();
    for (std::size_t i = 0; i < out.impl()->numel(); ++i) {
      if constexpr (std::is_integral_v<T>) {
        TG_CHECK(y[i] != 0, op, "integer division by zero");
        if constexpr (std::is_signed_v<T>)  // the one quotient that overflows wraps, as in PyTorch
          if (y[i] == -1) {
            o[i] = detail::wrapping_sub(T(0), x[i]);
            continue;
          }
        T q = static_cast<T>(x[i] / y[i]);
        // C++ truncates toward zero; floor differs when the signs differ and the division is inexact.
        if ((x[i] % y[i] != 0) && ((x[i] < 0) != (y[i] < 0))) --q;
        o[i] = q;
      } else {
        o[i] = std::floor(x[i] / y[i]);
      }
    }
  });
  return out;
}

Tensor floor_divide(const Tensor& a, double b) {
  Dtype type = detail::result_type(detail::checked(a, "floor_divide"), false);
  return floor_divide(a, full({}, b, type));
}

Tensor detail::floor_divide_integer(const Tensor& a, std::int64_t b) {
  Dtype type = detail::result_type(detail::checked(a, "floor_divide"), true);
  return floor_divide(a, full({}, static_cast<double>(b), type));
}

}  // namespace tapegrad
