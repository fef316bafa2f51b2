#pragma once
// The one route from tapegrad's ops to a BLAS product (internal).
#include <cstddef>

namespace tapegrad::detail {

// C = alpha op(A) op(B) + beta C, row-major; op(A) is m x k, op(B) k x n, C m x n with leading
// dimension ldc. Selects the kernels first (TAPEGRAD_BLAS_KERNEL). With more than one thread,
// a product of 2^17 multiply-adds or more is split into row (or column) blocks of C, one per
// tapegrad thread, each a single-threaded BLAS call (gemm.cpp says why); smaller ones run
// whole on the caller.
//
// kShape picks rows or columns from the shape alone. kKeepB says B is a weight the caller
// multiplies by every step (a layer's forward, x W^T): then C is split by columns, so each
// thread reads the same rows of W every step, the rows whose gradient it computes in the
// backward (split by rows of dW) and whose optimizer update it runs (the update's chunks fall
// on the same rows). The weight, its gradient and its state then stay in one core's cache;
// split by rows, both threads read all of W, and the update's writes pull every line across.
enum class GemmSplit { kShape, kKeepB };
void gemm(bool ta, bool tb, std::size_t m, std::size_t n, std::size_t k, float alpha, const float* a, std::size_t lda,
          const float* b, std::size_t ldb, float beta, float* c, std::size_t ldc, GemmSplit split = GemmSplit::kShape);
void gemm(bool ta, bool tb, std::size_t m, std::size_t n, std::size_t k, double alpha, const double* a, std::size_t lda,
          const double* b, std::size_t ldb, double beta, double* c, std::size_t ldc,
          GemmSplit split = GemmSplit::kShape);

}  // namespace tapegrad::detail
