// The tensor buffer cache (see buffer_cache.hpp).
#include "buffer_cache.hpp"

#include <cstdlib>
#include <mutex>
#include <new>
#include <unordered_map>
#include <vector>

namespace tapegrad::detail {
namespace {

// Below this size malloc's own free lists are fast and never touch the kernel.
constexpr std::size_t kMinBytes = 32 * 1024;
// What the cache may hold at most: a few steps' worth of large buffers, not a second heap.
constexpr std::size_t kMaxCachedBytes = 64 * 1024 * 1024;

struct Cache {
  std::mutex mutex;
  std::unordered_map<std::size_t, std::vector<void*>> free_blocks;
  std::size_t bytes = 0;
};

// Never destroyed: tensors in static storage may be freed after any other static's destructor.
Cache& cache() {
  static Cache* instance = new Cache;
  return *instance;
}

}  // namespace

void* buffer_alloc(std::size_t bytes) {
  if (bytes >= kMinBytes) {
    Cache& c = cache();
    std::lock_guard<std::mutex> lock(c.mutex);
    auto found = c.free_blocks.find(bytes);
    if (found != c.free_blocks.end() && !found->second.empty()) {
      void* data = found->second.back();
      found->second.pop_back();
      c.bytes -= bytes;
      return data;
    }
  }
  void* data = std::aligned_alloc(64, bytes);
  if (data == nullptr) {
    // memory may be held here: give it back and try once more
    {
      Cache& c = cache();
      std::lock_guard<std::mutex> lock(c.mutex);
      for (auto& [size, blocks] : c.free_blocks)
        for (void* block : blocks) std::free(block);
      c.free_blocks.clear();
      c.bytes = 0;
    }
    data = std::aligned_alloc(64, bytes);
    if (data == nullptr) throw std::bad_alloc();
  }
  return data;
}

void buffer_free(void* data, std::size_t bytes) {
  if (bytes >= kMinBytes) {
    Cache& c = cache();
    std::lock_guard<std::mutex> lock(c.mutex);
    if (c.bytes + bytes <= kMaxCachedBytes) {
      c.free_blocks[bytes].push_back(data);
      c.bytes += bytes;
      return;
    }
  }
  std::free(data);
}

std::size_t buffer_cache_bytes() {
  Cache& c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  return c.bytes;
}

}  // namespace tapegrad::detail
