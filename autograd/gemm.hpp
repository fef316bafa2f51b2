#pragma once
// The one route from tapegrad's ops to a BLAS product (internal).
#include <cstddef>

namespace tapegrad::detail {

// C = alpha op(A) op(B) + beta C, row-major; op(A) is m x k, op(B) k x n, C m x n with leading
// dimension ldc. Selects the kernels first (TAPEGRAD_BLAS_KERNEL). With more than one thread,
// a mid-size product is split into row (or column) blocks of C, one per tapegrad thread, each
// a single-threaded BLAS call: OpenBLAS's own threading splits these shapes poorly (see
// gemm.cpp). Small products run whole on the caller; large ones go to OpenBLAS's threads.
void gemm(bool ta, bool tb, std::size_t m, std::size_t n, std::size_t k, float alpha, const float* a, std::size_t lda,
          const float* b, std::size_t ldb, float beta, float* c, std::size_t ldc);
void gemm(bool ta, bool tb, std::size_t m, std::size_t n, std::size_t k, double alpha, const double* a, std::size_t lda,
          const double* b, std::size_t ldb, double beta, double* c, std::size_t ldc);

}  // namespace tapegrad::detail
