#pragma once
// A per-thread pool of small blocks for the objects every op allocates (a TensorImpl and its
// Storage with their shared_ptr control blocks, a graph Node with its edge and saved lists, a
// SavedOutput's cell). On tiny tensors these allocations were much of an op's cost (glibc's
// per-thread cache holds 7 blocks a size, fewer than a graph frees at once); a pooled block is a
// pointer pop.
//
// Blocks come in size classes of kPoolGranule bytes up to kPoolMaxBytes; each class keeps a
// thread-local free list of at most kPoolMaxFreeBytes, beyond which blocks go back to the heap,
// so what the pool holds stays bounded. Every block is its own ::operator new allocation, so a
// block allocated by one thread may be freed by another: it joins the freeing thread's list (or
// the heap). A thread's lists are handed back to the heap when it exits. Under AddressSanitizer
// or ThreadSanitizer the pool is off and every block is a plain new/delete the sanitizer sees.
#include <cstddef>
#include <memory>
#include <utility>

#include <tapegrad/autograd/pool_allocator.hpp>

namespace tapegrad::detail {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TAPEGRAD_OBJECT_POOL 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define TAPEGRAD_OBJECT_POOL 0
#endif
#endif
#ifndef TAPEGRAD_OBJECT_POOL
#define TAPEGRAD_OBJECT_POOL 1
#endif

constexpr std::size_t kPoolGranule = 32;
constexpr std::size_t kPoolMaxBytes = 512;
constexpr std::size_t kPoolMaxFreeBytes = 256 * 1024;  // per size class and thread

/// Blocks this thread's free list for `bytes`-sized requests holds (0 with the pool off): the
/// tests' window on reuse and the cap.
std::size_t pool_free_blocks(std::size_t bytes);
/// How many blocks a free list for `bytes`-sized requests keeps at most.
constexpr std::size_t pool_free_cap(std::size_t bytes) {
  return kPoolMaxFreeBytes / ((bytes + kPoolGranule - 1) / kPoolGranule * kPoolGranule);
}

/// std::make_shared with the control block and the object in one pooled block.
template <typename T, typename... Args>
std::shared_ptr<T> make_pooled(Args&&... args) {
  return std::allocate_shared<T>(PoolAllocator<T>(), std::forward<Args>(args)...);
}

}  // namespace tapegrad::detail
