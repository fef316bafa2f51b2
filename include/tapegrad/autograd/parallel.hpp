#pragma once
/// Threads used inside tapegrad's kernels: the BLAS's and tapegrad's own, set together.

namespace tapegrad {

/// Sets the thread count of the BLAS (openblas_set_num_threads) to `n` (>= 1) and records it
/// for tapegrad's own kernels, as at::set_num_threads. tapegrad's elementwise kernels and
/// optimizer updates run on the calling thread today (no OpenMP, so nothing spins against
/// OpenBLAS's threads: the OMP_WAIT_POLICY trap of the torch builds). Throws tapegrad::Error
/// for n < 1.
///
///     tg::set_num_threads(1);  // reproducible timings on a shared machine
void set_num_threads(int n);

/// The thread count set by set_num_threads; before any call, the BLAS's own count
/// (OPENBLAS_NUM_THREADS, or one per core), or 1 when the BLAS does not say.
int get_num_threads();

}  // namespace tapegrad
