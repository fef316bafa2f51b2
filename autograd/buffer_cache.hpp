#pragma once
// A small cache of tensor buffers. A training step frees and allocates the same buffer sizes
// every step (activations, gradients, the batch); glibc serves blocks of 128 KB and more with
// mmap, and hands them back with munmap, so each step paid page faults and zeroing of fresh
// pages for every large tensor (9% of an MNIST step in perf). Freed buffers of at least
// kMinBytes are kept, by exact size, up to kMaxCachedBytes in all, and reused. Thread-safe.
#include <cstddef>

namespace tapegrad::detail {

// `bytes` is a multiple of 64; the block is 64-byte aligned. Throws std::bad_alloc.
void* buffer_alloc(std::size_t bytes);
void buffer_free(void* data, std::size_t bytes);
// Bytes held by the cache right now (freed buffers kept for reuse).
std::size_t buffer_cache_bytes();

}  // namespace tapegrad::detail
