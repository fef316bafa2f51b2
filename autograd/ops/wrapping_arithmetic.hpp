#pragma once
// Internal: +, -, * and negation of integers modulo 2^bits, which is what torch's integer
// kernels give on overflow (INT64_MAX + 1 is INT64_MIN). In C++ signed overflow is undefined
// behaviour, so integers compute in the unsigned type of their width, at least unsigned int so
// that int8 and int16 operands cannot overflow int after promotion. Floating and bool types
// compute as they are.
#include <cstdint>
#include <type_traits>

#include <tapegrad/autograd/tensor_impl.hpp>

namespace tapegrad::detail {

/// True for the element types whose arithmetic wraps: every integer type but bool.
template <typename T>
inline constexpr bool wraps_v = std::is_integral_v<T> && !std::is_same_v<T, bool>;

/// The type T's arithmetic is done in: the unsigned type of T's width (at least unsigned int)
/// for wrapping types, T itself otherwise.
template <typename T, bool = wraps_v<T>>
struct arithmetic {
  using type = T;
};
template <typename T>
struct arithmetic<T, true> {
  using type = std::make_unsigned_t<std::common_type_t<T, unsigned>>;
};
template <typename T>
using arithmetic_t = typename arithmetic<T>::type;

template <typename T>
T wrapping_add(T a, T b) {
  using U = arithmetic_t<T>;
  return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
}

template <typename T>
T wrapping_sub(T a, T b) {
  using U = arithmetic_t<T>;
  return static_cast<T>(static_cast<U>(a) - static_cast<U>(b));
}

template <typename T>
T wrapping_mul(T a, T b) {
  using U = arithmetic_t<T>;
  return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
}

/// An operand of wrapping<T>: an xtensor expression as arithmetic_t<T> (by reference when no
/// cast is needed), or a scalar converted to T, as torch converts a Python int to the tensor's
/// dtype (modulo 2^bits), then to T's arithmetic type. Casts and scalars are returned as values,
/// so that the expression `op` builds from them owns them.
template <typename T, typename E>
decltype(auto) wrapping_arg(const E& e) {
  if constexpr (std::is_arithmetic_v<E>)
    return static_cast<arithmetic_t<T>>(static_cast<T>(e));
  else if constexpr (wraps_v<T>)
    return xt::cast<arithmetic_t<T>>(e);
  else
    return (e);
}

/// `op(e...)` for xtensor expressions (or scalars) of element type T, wrapping as above: `op`
/// receives the operands as wrapping_arg<T>, and the result is cast back to T. `op` must forward
/// its operands (std::plus<>, std::negate<>, ...): they are temporaries its result must own.
template <typename T, typename Op, typename... E>
auto wrapping(Op&& op, const E&... e) {
  if constexpr (wraps_v<T>)
    return xt::cast<T>(op(wrapping_arg<T>(e)...));
  else
    return op(wrapping_arg<T>(e)...);
}

}  // namespace tapegrad::detail
