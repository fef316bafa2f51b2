#pragma once
/// Elementwise functions of two tensors (broadcast as NumPy, promoted as torch.result_type), as
/// torch's. maximum, minimum, fmod, remainder and pow of integer tensors are computed exactly in
/// the integer dtype; an integer fmod or remainder by zero throws (torch's ZeroDivisionError).
#include <cstdint>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

/// atan(a / b) in the right quadrant. d/da = b / (a^2 + b^2), d/db = -a / (a^2 + b^2).
Tensor atan2(const Tensor& a, const Tensor& b);
/// Elementwise max; NaN if either is NaN. Where a == b the gradient is split in halves, as torch.
Tensor maximum(const Tensor& a, const Tensor& b);
Tensor minimum(const Tensor& a, const Tensor& b);
/// a - trunc(a / b) * b (the sign of a), as C's fmod and torch.fmod.
Tensor fmod(const Tensor& a, const Tensor& b);
/// a - floor(a / b) * b (the sign of b), as Python's % and torch.remainder.
Tensor remainder(const Tensor& a, const Tensor& b);
/// With a number (an integral Scalar keeps an integer tensor integer: `remainder(x, 3)`).
Tensor fmod(const Tensor& a, const Scalar& b);
Tensor remainder(const Tensor& a, const Scalar& b);
/// `a % b` is remainder(a, b), as LibTorch's operator% (Python's %: the sign of b).
Tensor operator%(const Tensor& a, const Tensor& b);
Tensor operator%(const Tensor& a, const Scalar& b);
/// `7 % x`: as LibTorch, a is first stored in x's dtype (`empty_like(x).fill_(a)`), so the result
/// has x's dtype: `2.5 % int_tensor` is `2 % int_tensor` (Python's `2.5 % t` would be float32).
Tensor operator%(const Scalar& a, const Tensor& b);
/// sqrt(a^2 + b^2) without overflow.
Tensor hypot(const Tensor& a, const Tensor& b);
/// log(e^a + e^b) without overflow.
Tensor logaddexp(const Tensor& a, const Tensor& b);
/// start + weight * (end - start).
Tensor lerp(const Tensor& start, const Tensor& end, const Tensor& weight);
Tensor lerp(const Tensor& start, const Tensor& end, double weight);
/// base^exponent for a scalar base: d/dexponent = base^exponent log(base).
Tensor pow(double base, const Tensor& exponent);
namespace detail {
Tensor pow_integer_base(std::int64_t base, const Tensor& exponent);
}
/// An integer base to an integer tensor's powers stays integer (`pow(2, x)` is int64 for int64 x).
template <typename I, detail::if_integer<I> = 0>
Tensor pow(I base, const Tensor& exponent) {
  return detail::pow_integer_base(static_cast<std::int64_t>(base), exponent);
}

}  // namespace tapegrad
