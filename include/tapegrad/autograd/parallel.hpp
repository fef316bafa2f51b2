#pragma once
/// Threads used inside tapegrad's kernels: the BLAS's and tapegrad's own, set together.

namespace tapegrad {

/// Sets the number of threads tapegrad's kernels use to `n` (>= 1), as at::set_num_threads:
/// the calling thread and n - 1 of tapegrad's own. Matrix products big enough to gain are split
/// into one block per thread, and large elementwise ops (from 65,536 elements), optimizer
/// updates and the data loaders' batch gather into one chunk per thread; every split is fixed
/// by n alone, and the elementwise and optimizer results are the same bits for any n. The
/// threads are plain std::threads, no OpenMP: they poll for 0.2 ms after a piece of work, then
/// sleep until the next. Also sets OpenBLAS's own count (openblas_set_num_threads) for BLAS
/// calls made outside tapegrad; inside tapegrad's split products OpenBLAS runs on one thread.
/// Throws tapegrad::Error for n < 1.
///
///     tg::set_num_threads(1);  // reproducible timings on a shared machine
void set_num_threads(int n);

/// The thread count set by set_num_threads; before any call, the BLAS's own count
/// (OPENBLAS_NUM_THREADS, or one per core), or 1 when the BLAS does not say.
int get_num_threads();

}  // namespace tapegrad
