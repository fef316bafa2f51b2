#pragma once
/// Matrix products through BLAS (OpenBLAS sgemm / dgemm); integer matrices (equal dtypes, as
/// torch) through a plain loop, exact and wrapping on overflow as torch's CPU kernels.
#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

/// Matrix product with NumPy/PyTorch semantics: 1-D x 1-D (dot), 2-D x 1-D, 1-D x 2-D,
/// 2-D x 2-D, and batched (any number of batch dimensions, broadcast: [1,4,3] @ [2,3,5] is
/// [2,4,5]).
/// `matmul: cannot multiply [3,4] by [5,2]` on mismatched inner sizes.
Tensor matmul(const Tensor& a, const Tensor& b);
/// op(a) @ op(b) for 2-D a, b (or 3-D batches), where op transposes when asked. The transpose
/// is a BLAS flag: no transposed copy is made. This is the primitive behind matmul.
Tensor mm(const Tensor& a, const Tensor& b, bool transpose_a = false, bool transpose_b = false);

}  // namespace tapegrad
