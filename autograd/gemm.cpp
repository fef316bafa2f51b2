// detail::gemm: where a product runs, and how it is split across tapegrad's threads.
//
// Every product big enough to gain is split here, into one block of C per tapegrad thread,
// each a single-threaded BLAS call; OpenBLAS's own threads are not used by tapegrad. Two
// measurements on a 2-core Xeon (OpenBLAS 0.3.21, SkylakeX kernels) decided it:
//   - the MNIST step's products (128 x 128 x 784, 128 x 784 x 128 with A transposed,
//     128 x 10 x 128, ...) gain 0.9-1.5x from OpenBLAS's threading and 1.3-1.9x from one block
//     of rows per thread (2.7x for 128 x 10 x 128); columns only help when C has few rows, or
//     for large products (Linear(1024) at batch 256: 1.8-2.0x, as OpenBLAS's own);
//   - after each threaded call OpenBLAS's worker polls with sched_yield for about 0.1 s, taking
//     the core from tapegrad's worker: an MNIST epoch with the optimizer and loader on the
//     pool and the products on OpenBLAS's threads ran 20% slower than with neither.
// A layer's forward is split by columns (GemmSplit::kKeepB, gemm.hpp): in the MNIST 784-128-10
// epoch at 2 threads the caller's half of the Adam update of W1 took 49 us against 70-82 us
// with the forward split by rows, and the epoch 0.32-0.38 s against 0.37-0.44 s (4 alternating
// pairs), the same products otherwise.
#include "gemm.hpp"

#include <xtensor-blas/xblas.hpp>

#include <tapegrad/autograd/blas.hpp>
#include <tapegrad/autograd/parallel.hpp>
#include "thread_pool.hpp"

namespace tapegrad::detail {
namespace {

constexpr double kSplitFrom = 1 << 17;     // multiply-adds: below, a region costs more than it saves
constexpr double kLargeProduct = 1 << 26;  // from here, split the longer side of C
constexpr std::size_t kMinBlock = 16;      // rows or columns of C per thread

template <typename T>
void blas_gemm(bool ta, bool tb, int m, int n, int k, T alpha, const T* a, int lda, const T* b, int ldb, T beta, T* c,
               int ldc) {
  using cxxblas::Transpose;
  cxxblas::gemm<int>(cxxblas::StorageOrder::RowMajor, ta ? Transpose::Trans : Transpose::NoTrans,
                     tb ? Transpose::Trans : Transpose::NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

template <typename T>
void split_gemm(bool ta, bool tb, std::size_t m, std::size_t n, std::size_t k, T alpha, const T* a, std::size_t lda,
                const T* b, std::size_t ldb, T beta, T* c, std::size_t ldc, GemmSplit split) {
  ensure_blas_kernels();
  auto whole = [&] {
    blas_gemm(ta, tb, static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), alpha, a, static_cast<int>(lda), b,
              static_cast<int>(ldb), beta, c, static_cast<int>(ldc));
  };
  const double work = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  if (work < kSplitFrom || get_num_threads() < 2) return whole();
  const bool by_columns_first = split == GemmSplit::kKeepB && n >= 2 * kMinBlock;
  if (!by_columns_first && m >= 2 * kMinBlock && (m >= n || work < kLargeProduct)) {
    // rows [r0, r1) of C: rows of A, or columns of A when it is stored transposed
    parallel_for(m, kMinBlock, [&](std::size_t r0, std::size_t r1) {
      blas_gemm(ta, tb, static_cast<int>(r1 - r0), static_cast<int>(n), static_cast<int>(k), alpha,
                ta ? a + r0 : a + r0 * lda, static_cast<int>(lda), b, static_cast<int>(ldb), beta, c + r0 * ldc,
                static_cast<int>(ldc));
    });
  } else if (n >= 2 * kMinBlock) {
    parallel_for(n, kMinBlock, [&](std::size_t c0, std::size_t c1) {
      blas_gemm(ta, tb, static_cast<int>(m), static_cast<int>(c1 - c0), static_cast<int>(k), alpha, a,
                static_cast<int>(lda), tb ? b + c0 * ldb : b + c0, static_cast<int>(ldb), beta, c + c0,
                static_cast<int>(ldc));
    });
  } else {
    whole();
  }
}

}  // namespace

void gemm(bool ta, bool tb, std::size_t m, std::size_t n, std::size_t k, float alpha, const float* a, std::size_t lda,
          const float* b, std::size_t ldb, float beta, float* c, std::size_t ldc, GemmSplit split) {
  split_gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, split);
}
void gemm(bool ta, bool tb, std::size_t m, std::size_t n, std::size_t k, double alpha, const double* a, std::size_t lda,
          const double* b, std::size_t ldb, double beta, double* c, std::size_t ldc, GemmSplit split) {
  split_gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, split);
}

}  // namespace tapegrad::detail
