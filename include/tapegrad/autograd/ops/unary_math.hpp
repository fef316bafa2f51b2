#pragma once
/// Elementwise math beyond the primitives of elementwise.hpp, as torch's functions of the same
/// names: trigonometric and hyperbolic functions and their inverses, logarithms and exponentials
/// in other bases, erf, and the rounding family. Each has PyTorch's gradient; the rounding
/// functions (floor, ceil, round, trunc), whose gradient is zero wherever it exists, record none;
/// on an integer tensor they are the identity (a copy in its dtype), as torch.
#include <optional>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

Tensor sin(const Tensor& x);   ///< d/dx = cos x
Tensor cos(const Tensor& x);   ///< d/dx = -sin x
Tensor tan(const Tensor& x);   ///< d/dx = 1 + tan^2 x
Tensor asin(const Tensor& x);  ///< d/dx = 1 / sqrt(1 - x^2)
Tensor acos(const Tensor& x);  ///< d/dx = -1 / sqrt(1 - x^2)
Tensor atan(const Tensor& x);  ///< d/dx = 1 / (1 + x^2)
Tensor sinh(const Tensor& x);
Tensor cosh(const Tensor& x);
Tensor asinh(const Tensor& x);  ///< d/dx = 1 / sqrt(x^2 + 1)
Tensor acosh(const Tensor& x);  ///< d/dx = 1 / sqrt(x^2 - 1)
Tensor atanh(const Tensor& x);  ///< d/dx = 1 / (1 - x^2)

Tensor rsqrt(const Tensor& x);       ///< 1 / sqrt(x)
Tensor reciprocal(const Tensor& x);  ///< 1 / x
Tensor square(const Tensor& x);      ///< x * x
Tensor log1p(const Tensor& x);       ///< log(1 + x), accurate for small x
Tensor expm1(const Tensor& x);       ///< e^x - 1, accurate for small x
Tensor log2(const Tensor& x);
Tensor log10(const Tensor& x);
Tensor exp2(const Tensor& x);  ///< 2^x
Tensor erf(const Tensor& x);   ///< d/dx = 2 / sqrt(pi) e^(-x^2)
Tensor erfc(const Tensor& x);  ///< 1 - erf(x), accurate for large x

Tensor floor(const Tensor& x);
Tensor ceil(const Tensor& x);
/// Rounds half to even, as torch.round: round(0.5) = 0, round(1.5) = 2.
Tensor round(const Tensor& x);
Tensor trunc(const Tensor& x);  ///< rounds toward zero
Tensor frac(const Tensor& x);   ///< x - trunc(x); gradient 1
/// NaN to `nan`, +inf to `posinf`, -inf to `neginf` (by default the dtype's largest and lowest
/// finite values), as torch.nan_to_num. Gradient 1 at finite elements, 0 elsewhere.
Tensor nan_to_num(const Tensor& x, std::optional<double> nan = 0.0, std::optional<double> posinf = std::nullopt,
                  std::optional<double> neginf = std::nullopt);

}  // namespace tapegrad
