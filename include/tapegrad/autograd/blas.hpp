#pragma once
/// The BLAS behind matmul: what it is (`blas_info()`) and which OpenBLAS kernels it runs.
///
/// OpenBLAS built with DYNAMIC_ARCH picks its kernels from the CPU when it loads; an old
/// OpenBLAS that does not know a recent CPU falls back to generic SSE kernels and runs GEMMs
/// 2-4x slower, silently. `TAPEGRAD_BLAS_KERNEL` (read once, at the first BLAS use) says what
/// tapegrad does about it:
///   - `auto` (the default): only when `OPENBLAS_CORETYPE` is not set and OpenBLAS chose a
///     generic (pre-AVX) kernel on a CPU with AVX/AVX2/AVX-512, switch to the best kernel set the
///     CPU supports (Sandybridge, Haswell or SkylakeX);
///   - `keep`: never switch;
///   - a kernel name (`Haswell`, `SkylakeX`, ...): switch to it, if the CPU supports it and
///     `OPENBLAS_CORETYPE` is not set.
/// A value of `OPENBLAS_CORETYPE` set by the user or the environment is never overridden (some
/// CPUs need a given kernel set because others compute wrong results there). A switched kernel
/// set is checked once by a numerical self-test (an sgemm against a double-precision reference
/// product); if it fails, the previous kernels are restored. `blas_info().kernel_selection`
/// says what happened.
///
///     std::cout << tg::blas_info().to_string() << "\n";
///     // OpenBLAS 0.3.21, core Cooperlake, 1 thread(s), kernel selection: kept (...)
#include <string>

namespace tapegrad {

/// The BLAS library in use.
struct BlasInfo {
  /// "OpenBLAS", or "unknown BLAS" when the library has no OpenBLAS entry points.
  std::string library;
  /// The version, parsed from openblas_get_config() ("0.3.21"), empty when unknown.
  std::string version;
  /// The kernel set in use (openblas_get_corename(): "Haswell", "Prescott", ...).
  std::string core;
  /// openblas_get_config() whole: "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".
  std::string config;
  /// The BLAS's thread count (openblas_get_num_threads()), 0 when unknown.
  int threads = 0;
  /// What TAPEGRAD_BLAS_KERNEL did: "kept (...)" or "switched from X to Y (...)", with the reason.
  std::string kernel_selection;
  /// One line with all of the above.
  std::string to_string() const;
};

/// The BLAS in use (applies the kernel selection first if no BLAS call did yet).
BlasInfo blas_info();

/// The CPU features the kernel choice depends on.
struct CpuFeatures {
  bool avx = false, avx2 = false, fma = false;
  bool avx512f = false, avx512bw = false, avx512vl = false, avx512dq = false, avx512cd = false;
  /// This CPU's features (cpuid, with the operating system's support for the AVX registers).
  static CpuFeatures detect();
};

/// The outcome of choose_blas_kernel: `kernel` is the OpenBLAS kernel set to switch to, or
/// empty to keep the current one; `reason` says why, for blas_info().kernel_selection.
struct BlasKernelChoice {
  std::string kernel;
  std::string reason;
};

/// The kernel selection rule, as a pure function (tested without touching the environment):
/// `setting` is TAPEGRAD_BLAS_KERNEL (nullptr when unset), `openblas_coretype` the
/// OPENBLAS_CORETYPE environment value (nullptr when unset), `core` the kernel set OpenBLAS
/// chose (empty when the BLAS is not OpenBLAS), `cpu` the CPU's features.
///
///     choose_blas_kernel(nullptr, nullptr, "Prescott", avx2_cpu).kernel == "Haswell"
///     choose_blas_kernel(nullptr, "Prescott", "Prescott", avx2_cpu).kernel == ""  // user's choice
BlasKernelChoice choose_blas_kernel(const char* setting, const char* openblas_coretype, const std::string& core,
                                    const CpuFeatures& cpu);

namespace detail {
/// Applies TAPEGRAD_BLAS_KERNEL once per process; every BLAS call site calls it first.
void ensure_blas_kernels();
}  // namespace detail

}  // namespace tapegrad
