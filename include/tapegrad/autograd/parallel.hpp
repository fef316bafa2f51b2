#pragma once
/// Threads used inside tapegrad's kernels: the BLAS's and tapegrad's own, set together.

namespace tapegrad {

/// Sets the thread count of the BLAS (openblas_set_num_threads) and of tapegrad's own
/// parallel loops to `n` (>= 1), as at::set_num_threads. tapegrad's loops use plain threads
/// that sleep when idle, so they never spin against OpenBLAS's threads (the OpenMP
/// OMP_WAIT_POLICY trap). Throws tapegrad::Error for n < 1.
///
///     tg::set_num_threads(1);  // reproducible timings on a shared machine
void set_num_threads(int n);

/// The thread count set by set_num_threads; before any call, the BLAS's own count
/// (OPENBLAS_NUM_THREADS, or one per core), or 1 when the BLAS does not say.
int get_num_threads();

}  // namespace tapegrad
