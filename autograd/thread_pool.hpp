#pragma once
// tapegrad's own threads (internal): parallel_for over an index range, on get_num_threads()
// threads, the calling thread included. No OpenMP: the workers spin only briefly after a job
// (long enough to catch the next region of a training step) and then sleep on a condition
// variable, so an idle pool costs nothing and never spins against OpenBLAS's threads.
//
// Split is deterministic: chunk c of `chunks` is [c * n / chunks, (c + 1) * n / chunks), so a
// result depends on the thread count only, never on timing. While a region runs, OpenBLAS is
// held at one thread, so a BLAS call inside a chunk runs on that chunk's thread alone.
//
// A region runs on the calling thread alone when one thread is set, when n < 2 * grain, inside
// another region (nested), or while another thread's region holds the pool: callers never
// wait for each other and never deadlock. An exception thrown by a chunk is rethrown to the
// caller once every chunk has finished (the first chunk's, in chunk order).
#include <cstddef>

namespace tapegrad::detail {

using ChunkFunction = void (*)(const void* body, std::size_t begin, std::size_t end);
void parallel_for_chunks(std::size_t n, std::size_t grain, ChunkFunction run, const void* body);

// body(begin, end) for contiguous chunks covering [0, n), each at least `grain` long.
template <typename Body>
void parallel_for(std::size_t n, std::size_t grain, const Body& body) {
  parallel_for_chunks(
      n, grain, [](const void* b, std::size_t begin, std::size_t end) { (*static_cast<const Body*>(b))(begin, end); },
      &body);
}

// Sets OpenBLAS's thread count and resizes the pool to `threads` (the caller plus threads - 1
// workers), after a running region has ended. Called by set_num_threads.
void resize_thread_pool(int threads);

}  // namespace tapegrad::detail
