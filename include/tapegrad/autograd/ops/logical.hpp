#pragma once
/// Bool-valued ops: elementwise tests and logical combinations of masks. Every result is a kBool
/// tensor without gradient; any dtype is accepted, non-zero meaning true (as PyTorch).
///
///     tg::Tensor bad = tg::logical_or(tg::isnan(x), tg::isinf(x));
///     tg::Tensor y = tg::where(bad, tg::zeros_like(x), x);
#include <tapegrad/autograd/ops/bitwise.hpp>
#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

Tensor isnan(const Tensor& x);     ///< x != x; false for integer and bool tensors
Tensor isinf(const Tensor& x);     ///< x is +inf or -inf
Tensor isfinite(const Tensor& x);  ///< neither NaN nor infinite

/// Elementwise logic on truth values (x != 0); the operands broadcast.
Tensor logical_and(const Tensor& a, const Tensor& b);
Tensor logical_or(const Tensor& a, const Tensor& b);
Tensor logical_xor(const Tensor& a, const Tensor& b);
Tensor logical_not(const Tensor& x);

// On bool tensors the bitwise operators `~mask`, `a & b`, `a | b`, `a ^ b` are the logical ops
// (ops/bitwise.hpp, included here).

}  // namespace tapegrad
