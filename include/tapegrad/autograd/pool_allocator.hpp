#pragma once
/// The allocator over tapegrad's small-object pool (autograd/object_pool.hpp in the sources): the
/// tensors', storages' and graph nodes' shared_ptr blocks and a node's edge and saved lists come
/// from it. Internal; in a public header only because Node's lists (node_impl.hpp) use it.
#include <cstddef>

namespace tapegrad::detail {

/// A block of at least `bytes` bytes, aligned as ::operator new aligns. Throws std::bad_alloc.
void* pool_allocate(std::size_t bytes);
/// Frees a block from pool_allocate; `bytes` is the size it was asked for.
void pool_deallocate(void* block, std::size_t bytes) noexcept;

/// A standard allocator over the pool (std::allocate_shared, std::vector).
template <typename T>
struct PoolAllocator {
  static_assert(alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__, "the pool aligns as ::operator new does");
  using value_type = T;
  PoolAllocator() = default;
  template <typename U>
  PoolAllocator(const PoolAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) { return static_cast<T*>(pool_allocate(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept { pool_deallocate(p, n * sizeof(T)); }
  template <typename U>
  bool operator==(const PoolAllocator<U>&) const noexcept {
    return true;
  }
  template <typename U>
  bool operator!=(const PoolAllocator<U>&) const noexcept {
    return false;
  }
};

}  // namespace tapegrad::detail
