// The small-object pool (see object_pool.hpp).
#include "object_pool.hpp"

#include <cstdint>

namespace tapegrad::detail {

#if TAPEGRAD_OBJECT_POOL

namespace {

constexpr std::size_t kClasses = kPoolMaxBytes / kPoolGranule;

struct FreeBlock {
  FreeBlock* next;
};

// Trivially constructed and destroyed, so it needs no guard on access and stays usable while the
// thread exits: a tensor freed by another thread_local's destructor, or by a static destructor
// on the main thread, finds `dead` set and goes straight to the heap.
struct ThreadLists {
  FreeBlock* head[kClasses];
  std::uint32_t count[kClasses];
  bool armed;  // `drain` is registered to run at thread exit
  bool dead;   // it ran
};
thread_local ThreadLists lists;

struct Drain {
  bool armed = false;
  ~Drain() {
    lists.dead = true;
    for (std::size_t c = 0; c < kClasses; ++c) {
      while (FreeBlock* block = lists.head[c]) {
        lists.head[c] = block->next;
        ::operator delete(block);
      }
      lists.count[c] = 0;
    }
  }
};
thread_local Drain drain;

// The first block this thread keeps registers the drain (it costs a guard check, so only here).
void arm() {
  lists.armed = true;
  drain.armed = true;
}

std::size_t size_class(std::size_t bytes) { return bytes == 0 ? 0 : (bytes - 1) / kPoolGranule; }

}  // namespace

void* pool_allocate(std::size_t bytes) {
  if (bytes > kPoolMaxBytes) return ::operator new(bytes);
  const std::size_t c = size_class(bytes);
  ThreadLists& l = lists;
  if (FreeBlock* block = l.head[c]) {
    l.head[c] = block->next;
    --l.count[c];
    return block;
  }
  return ::operator new((c + 1) * kPoolGranule);
}

void pool_deallocate(void* block, std::size_t bytes) noexcept {
  if (bytes > kPoolMaxBytes) return ::operator delete(block);
  const std::size_t c = size_class(bytes);
  ThreadLists& l = lists;
  if (l.dead || l.count[c] >= pool_free_cap(bytes)) return ::operator delete(block);
  if (!l.armed) arm();
  auto* freed = static_cast<FreeBlock*>(block);
  freed->next = l.head[c];
  l.head[c] = freed;
  ++l.count[c];
}

std::size_t pool_free_blocks(std::size_t bytes) { return bytes > kPoolMaxBytes ? 0 : lists.count[size_class(bytes)]; }

#else

void* pool_allocate(std::size_t bytes) { return ::operator new(bytes); }
void pool_deallocate(void* block, std::size_t) noexcept { ::operator delete(block); }
std::size_t pool_free_blocks(std::size_t) { return 0; }

#endif

}  // namespace tapegrad::detail
