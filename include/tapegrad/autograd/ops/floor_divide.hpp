#pragma once
/// Division rounded down, as torch.floor_divide (1.13 and later): `floor(a / b)`, in the dtype the
/// operands promote to, so integer tensors stay integer: `floor_divide([-7, 7], [2, -2])` is
/// [-4, -4]. An integer division by zero throws (PyTorch raises ZeroDivisionError); a floating one
/// gives inf or NaN. No gradient (PyTorch defines none): the result never requires grad.
#include <cstdint>
#include <type_traits>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

Tensor floor_divide(const Tensor& a, const Tensor& b);
/// With a number: a C++ integer keeps an integer tensor's dtype, a double makes it float32 (as
/// LibTorch's integral and floating Scalars).
Tensor floor_divide(const Tensor& a, double b);
namespace detail {
Tensor floor_divide_integer(const Tensor& a, std::int64_t b);
}
template <typename I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>, int> = 0>
Tensor floor_divide(const Tensor& a, I b) {
  return detail::floor_divide_integer(a, static_cast<std::int64_t>(b));
}

}  // namespace tapegrad
