#pragma once
/// Bitwise ops on integer and bool tensors, as torch's: the operands broadcast and promote
/// (torch.result_type), integers combine bit by bit in two's complement, bools as logic. Floating
/// tensors are refused with an error naming the op. No gradient (the results are integers).
///
///     tg::Tensor low = tg::bitwise_and(codes, 0xFF);   // or codes & 0xFF
///     tg::Tensor flags = (a > 0) | (b > 0);           // bool masks
#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

Tensor bitwise_and(const Tensor& a, const Tensor& b);
Tensor bitwise_or(const Tensor& a, const Tensor& b);
Tensor bitwise_xor(const Tensor& a, const Tensor& b);
/// With a number: an integral Scalar keeps an integer tensor's dtype (`x & 6`).
Tensor bitwise_and(const Tensor& a, const Scalar& b);
Tensor bitwise_or(const Tensor& a, const Scalar& b);
Tensor bitwise_xor(const Tensor& a, const Scalar& b);
/// ~x: every bit flipped for integers, logical not for bools.
Tensor bitwise_not(const Tensor& x);
/// a << b as torch: shifted as unsigned, 0 once b reaches the width (or is negative).
Tensor bitwise_left_shift(const Tensor& a, const Tensor& b);
/// a >> b as torch: arithmetic for signed types, the sign fills once b reaches the width.
Tensor bitwise_right_shift(const Tensor& a, const Tensor& b);

/// `~x`, `a & b`, `a | b`, `a ^ b` (LibTorch's operators); on bool tensors they are the logical ops.
Tensor operator~(const Tensor& x);
Tensor operator&(const Tensor& a, const Tensor& b);
Tensor operator|(const Tensor& a, const Tensor& b);
Tensor operator^(const Tensor& a, const Tensor& b);
Tensor operator&(const Tensor& a, const Scalar& b);
Tensor operator|(const Tensor& a, const Scalar& b);
Tensor operator^(const Tensor& a, const Scalar& b);
Tensor operator<<(const Tensor& a, const Tensor& b);
Tensor operator>>(const Tensor& a, const Tensor& b);

}  // namespace tapegrad
