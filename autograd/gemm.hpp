#pragma once
// The one route from tapegrad's ops to a BLAS product (internal).
#include <cstddef>

namespace tapegrad::detail {

// C = alpha op(A) op(B) + beta C, row-major; op(A) is m x k, op(B) k x n, C m x n with leading
// dimension ldc. Selects the kernels first (TAPEGRAD_BLAS_KERNEL). With more than one thread,
// a product of 2^17 multiply-adds or more is split into row (or column) blocks of C, one per
// tapegrad thread, each a single-threaded BLAS call (gemm.cpp says why); smaller ones run
// whole on the caller.
void gemm(bool ta, bool tb, std::size_t m, std::size_t n, std::size_t k, float alpha, const float* a, std::size_t lda,
          const float* b, std::size_t ldb, float beta, float* c, std::size_t ldc);
void gemm(bool ta, bool tb, std::size_t m, std::size_t n, std::size_t k, double alpha, const double* a, std::size_t lda,
          const double* b, std::size_t ldb, double beta, double* c, std::size_t ldc);

}  // namespace tapegrad::detail
