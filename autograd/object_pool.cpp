// The small-object pool (see object_pool.hpp).
#include "object_pool.hpp"

#include <array>
#include <cstdint>
#include <limits>

namespace tapegrad::detail {

#if TAPEGRAD_OBJECT_POOL

namespace {

constexpr std::size_t kClasses = kPoolMaxBytes / kPoolGranule;

struct FreeBlock {
  FreeBlock* next;
};

// Trivially constructed and destroyed, so it needs no guard on access and stays usable while the
// thread exits: once `drain` has run, every count reads as full, so a block freed later (by
// another thread_local's destructor, or by a static destructor on the main thread) goes straight
// to the heap.
struct ThreadLists {
  FreeBlock* head[kClasses];
  std::uint32_t count[kClasses];
  bool armed;  // `drain` is registered to run at thread exit
};
thread_local ThreadLists lists;

struct Drain {
  bool armed = false;
  ~Drain() {
    for (std::size_t c = 0; c < kClasses; ++c) {
      while (FreeBlock* block = lists.head[c]) {
        lists.head[c] = block->next;
        ::operator delete(block);
      }
      lists.count[c] = std::numeric_limits<std::uint32_t>::max();
    }
  }
};
thread_local Drain drain;

// The first block this thread keeps registers the drain (it costs a guard check, so only here).
void arm() {
  lists.armed = true;
  drain.armed = true;
}

constexpr std::size_t class_bytes(std::size_t c) { return (c + 1) * kPoolGranule; }

constexpr std::array<std::uint32_t, kClasses> kCaps = [] {
  std::array<std::uint32_t, kClasses> caps{};
  for (std::size_t c = 0; c < kClasses; ++c) caps[c] = static_cast<std::uint32_t>(pool_free_cap(class_bytes(c)));
  return caps;
}();

}  // namespace

// bytes - 1 wraps for 0, so one comparison sends both 0 and the large sizes to the heap.
void* pool_allocate(std::size_t bytes) {
  if (bytes - 1 >= kPoolMaxBytes) return ::operator new(bytes);
  const std::size_t c = (bytes - 1) / kPoolGranule;
  ThreadLists& l = lists;
  if (FreeBlock* block = l.head[c]) {
    l.head[c] = block->next;
    --l.count[c];
    return block;
  }
  return ::operator new(class_bytes(c));
}

void pool_deallocate(void* block, std::size_t bytes) noexcept {
  if (bytes - 1 >= kPoolMaxBytes) return ::operator delete(block);
  const std::size_t c = (bytes - 1) / kPoolGranule;
  ThreadLists& l = lists;
  if (l.count[c] >= kCaps[c]) return ::operator delete(block);
  if (!l.armed) arm();
  auto* freed = static_cast<FreeBlock*>(block);
  freed->next = l.head[c];
  l.head[c] = freed;
  ++l.count[c];
}

std::size_t pool_free_blocks(std::size_t bytes) {
  return bytes - 1 >= kPoolMaxBytes ? 0 : lists.count[(bytes - 1) / kPoolGranule];
}

#else

void* pool_allocate(std::size_t bytes) { return ::operator new(bytes); }
void pool_deallocate(void* block, std::size_t) noexcept { ::operator delete(block); }
std::size_t pool_free_blocks(std::size_t) { return 0; }

#endif

}  // namespace tapegrad::detail
