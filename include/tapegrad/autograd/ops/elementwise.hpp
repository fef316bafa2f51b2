#pragma once
/// Elementwise ops. Binary ops broadcast as NumPy does; gradients are summed back to each
/// input's shape by the tape. Both operands must have the same dtype (cast with .to()).
#include <optional>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

Tensor add(const Tensor& a, const Tensor& b);  ///< a + b
Tensor sub(const Tensor& a, const Tensor& b);  ///< a - b
Tensor mul(const Tensor& a, const Tensor& b);  ///< a * b
Tensor div(const Tensor& a, const Tensor& b);  ///< a / b
Tensor add(const Tensor& a, double b);
Tensor mul(const Tensor& a, double b);
Tensor neg(const Tensor& x);  ///< -x
/// x^p with a scalar exponent. d/dx = p x^(p-1).
Tensor pow(const Tensor& x, double exponent);
/// a^b elementwise. d/da = b a^(b-1), d/db = a^b log(a).
Tensor pow(const Tensor& a, const Tensor& b);
Tensor exp(const Tensor& x);
Tensor log(const Tensor& x);  ///< natural logarithm
Tensor sqrt(const Tensor& x);
Tensor abs(const Tensor& x);   ///< gradient sign(x), 0 at 0 (as PyTorch)
Tensor sign(const Tensor& x);  ///< -1, 0 or 1; no gradient
/// Limits x to [min, max] (either bound optional). Gradient 1 inside the bounds
/// (bounds included, as PyTorch), 0 outside.
Tensor clamp(const Tensor& x, std::optional<double> min, std::optional<double> max);
Tensor sigmoid(const Tensor& x);  ///< 1 / (1 + e^-x), computed without overflow
Tensor tanh(const Tensor& x);
Tensor relu(const Tensor& x);  ///< max(x, 0); gradient 0 at 0 (as PyTorch)
Tensor leaky_relu(const Tensor& x, double negative_slope = 0.01);
/// log(1 + e^(beta x)) / beta, linear above `threshold` (as torch.nn.functional.softplus).
Tensor softplus(const Tensor& x, double beta = 1.0, double threshold = 20.0);

Tensor operator+(const Tensor& a, const Tensor& b);
Tensor operator-(const Tensor& a, const Tensor& b);
Tensor operator*(const Tensor& a, const Tensor& b);
Tensor operator/(const Tensor& a, const Tensor& b);
Tensor operator-(const Tensor& x);
Tensor operator+(const Tensor& a, double b);
Tensor operator+(double a, const Tensor& b);
Tensor operator-(const Tensor& a, double b);
Tensor operator-(double a, const Tensor& b);
Tensor operator*(const Tensor& a, double b);
Tensor operator*(double a, const Tensor& b);
Tensor operator/(const Tensor& a, double b);
Tensor operator/(double a, const Tensor& b);

}  // namespace tapegrad
