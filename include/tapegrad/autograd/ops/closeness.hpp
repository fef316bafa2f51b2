#pragma once
/// Comparing tensors as a whole or within a tolerance, as LibTorch's `torch::isclose`,
/// `torch::allclose` and `torch::equal`:
///
///     if (!tg::allclose(y, expected, /*rtol=*/1e-4, /*atol=*/1e-6)) ...
///     tg::Tensor near = tg::isclose(a, b);  // kBool, a and b broadcast
///     bool same = tg::equal(a, b);          // same sizes and the same values
///
/// a and b are close where a == b (so infinities of one sign are close to each other) or
/// |a - b| <= atol + rtol * |b| with b finite; NaNs are close to each other only with
/// equal_nan. isclose and allclose need one dtype for both; integer and bool tensors are
/// compared in float32, as PyTorch's default dtype, except that rtol = atol = 0 compares them
/// exactly. None of these records a gradient.
#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

Tensor isclose(const Tensor& a, const Tensor& b, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false);
bool allclose(const Tensor& a, const Tensor& b, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false);
/// True when a and b have the same sizes and equal elements (NaN equals nothing); the dtypes
/// may differ, as in LibTorch 1.13, which compares the values.
bool equal(const Tensor& a, const Tensor& b);

}  // namespace tapegrad
