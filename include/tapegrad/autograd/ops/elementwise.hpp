#pragma once
/// Elementwise ops. Binary ops broadcast as NumPy does; gradients are summed back to each
/// input's shape by the tape. Mixed dtypes promote as torch.result_type: `int + float` is float,
/// `int32_tensor + int64_0d` int32, `int_tensor * 2` int, `int_tensor * 2.5` float32, `int / int`
/// float32; add, sub, mul, neg and abs keep integer dtypes, the others compute in float32.
#include <cstdint>
#include <optional>
#include <type_traits>

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
Tensor sign(const Tensor& x);  ///< -1, 0 or 1 (in x's dtype, integers too); no gradient
/// Limits x to [min, max] (either bound optional). Gradient 1 inside the bounds
/// (bounds included, as PyTorch), 0 outside. The bounds promote as Scalars: an integer tensor
/// with integer bounds stays integer (exact), a floating bound makes it float32, as torch.
Tensor clamp(const Tensor& x, std::optional<Scalar> min, std::optional<Scalar> max);
/// clamp(x, min, nullopt) and clamp(x, nullopt, max), as LibTorch.
Tensor clamp_min(const Tensor& x, const Scalar& min);
Tensor clamp_max(const Tensor& x, const Scalar& max);
Tensor sigmoid(const Tensor& x);  ///< 1 / (1 + e^-x), computed without overflow
Tensor tanh(const Tensor& x);
Tensor relu(const Tensor& x);  ///< max(x, 0), integers too; gradient 0 at 0 (as PyTorch)
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

namespace detail {
Tensor pow_integer(const Tensor& x, std::int64_t exponent);
Tensor add_integer(const Tensor& a, std::int64_t b);
Tensor mul_integer(const Tensor& a, std::int64_t b);
Tensor sub_integer(const Tensor& a, std::int64_t b);
Tensor rsub_integer(std::int64_t a, const Tensor& b);
}  // namespace detail

/// An integer tensor to a non-negative integer power stays integer, exact (wrapping on overflow as
/// torch); a negative one throws ("Integers to negative integer powers are not allowed."). A
/// floating tensor takes pow(x, double).
template <typename I, detail::if_integer<I> = 0>
Tensor pow(const Tensor& x, I exponent) {
  return detail::pow_integer(x, static_cast<std::int64_t>(exponent));
}
/// With an integer scalar (a C++ integer, as LibTorch's integral Scalar): an integer tensor keeps
/// its dtype (`tg::tensor({1, 2}) * 2` is int64), a floating one computes as with a double.
template <typename I, detail::if_integer<I> = 0>
Tensor add(const Tensor& a, I b) {
  return detail::add_integer(a, static_cast<std::int64_t>(b));
}
template <typename I, detail::if_integer<I> = 0>
Tensor mul(const Tensor& a, I b) {
  return detail::mul_integer(a, static_cast<std::int64_t>(b));
}
template <typename I, detail::if_integer<I> = 0>
Tensor operator+(const Tensor& a, I b) {
  return detail::add_integer(a, static_cast<std::int64_t>(b));
}
template <typename I, detail::if_integer<I> = 0>
Tensor operator+(I a, const Tensor& b) {
  return detail::add_integer(b, static_cast<std::int64_t>(a));
}
template <typename I, detail::if_integer<I> = 0>
Tensor operator-(const Tensor& a, I b) {
  return detail::sub_integer(a, static_cast<std::int64_t>(b));
}
template <typename I, detail::if_integer<I> = 0>
Tensor operator-(I a, const Tensor& b) {
  return detail::rsub_integer(static_cast<std::int64_t>(a), b);
}
template <typename I, detail::if_integer<I> = 0>
Tensor operator*(const Tensor& a, I b) {
  return detail::mul_integer(a, static_cast<std::int64_t>(b));
}
template <typename I, detail::if_integer<I> = 0>
Tensor operator*(I a, const Tensor& b) {
  return detail::mul_integer(b, static_cast<std::int64_t>(a));
}

}  // namespace tapegrad
