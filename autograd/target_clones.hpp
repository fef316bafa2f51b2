#pragma once
// TG_CLONES (internal): compile a hot loop twice, for AVX2 and for the baseline, and pick the
// clone when the program loads (GCC's target_clones, an ifunc). Binaries stay portable and
// still run eight floats per instruction where the CPU can. There is no FMA contraction in ISO
// C++ mode, so every clone rounds exactly as the scalar code does: results are the same bits
// on every machine.
//
// Not under ThreadSanitizer: the ifunc resolver runs while the dynamic loader relocates the
// program, before TSan's runtime is up, and the instrumented resolver crashes there. GCC only:
// a clang build (the fuzz targets) runs the baseline loop.
#if defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__)
#define TG_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define TG_CLONES
#endif
