// The pool behind detail::parallel_for (see thread_pool.hpp for what it promises).
#include "thread_pool.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include <dlfcn.h>
#include <pthread.h>

#include <tapegrad/autograd/parallel.hpp>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define TG_CPU_RELAX() _mm_pause()
#else
#define TG_CPU_RELAX() std::this_thread::yield()
#endif

namespace tapegrad::detail {
namespace {

// How long a worker polls for the next region before it sleeps. A training step's regions
// come tens to hundreds of microseconds apart; waking a sleeping thread costs about as much
// as a small region, so polling this long keeps a step's regions on awake workers.
constexpr auto kPollFor = std::chrono::microseconds(200);
// How long the caller spins for the workers' chunks before it yields between polls.
constexpr auto kSpinFor = std::chrono::microseconds(50);

// OpenBLAS's thread count, read and set through dlsym so that any CBLAS links.
struct BlasThreads {
  int (*get)() = reinterpret_cast<int (*)()>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  void (*set)(int) = reinterpret_cast<void (*)(int)>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
};
const BlasThreads& blas_threads() {
  static const BlasThreads threads;
  return threads;
}

// Polls `done` with pause instructions for up to `limit`: true once it holds, false on timeout.
template <typename Done>
bool spin_until(const Done& done, std::chrono::microseconds limit) {
  const auto since = std::chrono::steady_clock::now();
  for (unsigned spins = 0; !done(); ++spins) {
    TG_CPU_RELAX();
    if (spins % 64 == 63 && std::chrono::steady_clock::now() - since > limit) return false;
  }
  return true;
}

struct Job {
  ChunkFunction run = nullptr;
  const void* body = nullptr;
  std::size_t n = 0, chunks = 0;
  std::exception_ptr* errors = nullptr;  // one per chunk, the pool's (no allocation per region)

  void run_chunk(std::size_t c) noexcept {
    try {
      run(body, c * n / chunks, (c + 1) * n / chunks);
    } catch (...) {
      errors[c] = std::current_exception();
    }
  }
};

class ThreadPool {
 public:
  explicit ThreadPool(int threads) : errors_(static_cast<std::size_t>(threads)) {
    for (int w = 1; w < threads; ++w) workers_.emplace_back([this, w] { work(static_cast<std::size_t>(w)); });
  }
  ~ThreadPool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
      generation_.fetch_add(1);
    }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
  }
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  std::size_t threads() const { return workers_.size() + 1; }
  std::exception_ptr* errors() { return errors_.data(); }

  // The caller holds pool_owner (parallel_for_chunks).
  void run(Job& job) {
    job_ = &job;
    pending_.store(static_cast<int>(workers_.size()));
    generation_.fetch_add(1);  // seq_cst, paired with the sleepers' count (see work)
    if (sleeping_.load() > 0) {
      std::lock_guard<std::mutex> lock(mutex_);  // a sleeper is inside wait() or sees the new generation
      wake_.notify_all();
    }
    job.run_chunk(0);
    wait_for_workers();
  }

 private:
  // Chunks are even, so the workers usually finish within microseconds of the caller: poll.
  // But a worker may share the caller's core (another process on the other one) or have lost
  // its vCPU to the host; past kSpinFor the caller yields between polls, so it never holds the
  // core a worker needs for a whole time slice.
  void wait_for_workers() const {
    auto finished = [this] { return pending_.load(std::memory_order_acquire) == 0; };
    if (!spin_until(finished, kSpinFor))
      while (!finished()) std::this_thread::yield();
  }

  void work(std::size_t index) {
    std::uint64_t seen = 0;
    for (;;) {
      auto new_region = [&] { return generation_.load(std::memory_order_acquire) != seen; };
      if (!spin_until(new_region, kPollFor)) {
        std::unique_lock<std::mutex> lock(mutex_);
        sleeping_.fetch_add(1);
        // seq_cst, as the caller's generation bump and its read of sleeping_ (see run)
        wake_.wait(lock, [&] { return generation_.load() != seen; });
        sleeping_.fetch_sub(1);
      }
      // no later region can start before this worker's pending_ decrement below
      seen = generation_.load(std::memory_order_acquire);
      if (stop_) return;
      Job& job = *job_;
      if (index < job.chunks) job.run_chunk(index);
      pending_.fetch_sub(1, std::memory_order_release);
    }
  }

  std::vector<std::exception_ptr> errors_;  // before workers_: the threads see it built
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<std::uint64_t> generation_{0};  // bumped once per region
  std::atomic<int> pending_{0};               // workers not yet done with the region
  std::atomic<int> sleeping_{0};
  Job* job_ = nullptr;
  bool stop_ = false;  // written under mutex_ before the last generation bump
};

std::mutex pool_owner;  // held by the thread whose region is running, and by resizes
std::unique_ptr<ThreadPool> pool;
std::atomic<bool> in_forked_child{false};  // a fork's child has none of the workers
thread_local bool inside_region = false;

// The child of a fork has none of the workers, and pool_owner may have been held by a region
// of the parent's: the child runs every region inline and never touches either.
void forget_pool_in_child() {
  in_forked_child = true;
  (void)pool.release();  // never join threads that do not exist here
}

ThreadPool* pool_for(int threads) {
  static const bool registered = [] { return pthread_atfork(nullptr, nullptr, forget_pool_in_child) == 0; }();
  (void)registered;
  if (!pool || pool->threads() != static_cast<std::size_t>(threads)) {
    pool.reset();
    pool = std::make_unique<ThreadPool>(threads);
  }
  return pool.get();
}

void run_inline(std::size_t n, ChunkFunction run, const void* body) {
  if (n) run(body, 0, n);
}

}  // namespace

void parallel_for_chunks(std::size_t n, std::size_t grain, ChunkFunction run, const void* body) {
  const std::size_t most_chunks = n / std::max<std::size_t>(grain, 1);
  if (most_chunks < 2) return run_inline(n, run, body);  // before get_num_threads: small loops pay nothing
  const int threads = get_num_threads();
  const std::size_t chunks = std::min<std::size_t>(threads, most_chunks);
  if (chunks < 2 || inside_region || in_forked_child) return run_inline(n, run, body);
  std::unique_lock<std::mutex> owner(pool_owner, std::try_to_lock);
  if (!owner) return run_inline(n, run, body);  // another thread's region: do not wait for it
  ThreadPool* workers = pool_for(threads);
  Job job{run, body, n, chunks, workers->errors()};
  const BlasThreads& blas = blas_threads();
  const int blas_before = blas.get && blas.set ? blas.get() : 1;
  if (blas_before > 1) blas.set(1);
  inside_region = true;
  workers->run(job);
  inside_region = false;
  if (blas_before > 1) blas.set(blas_before);
  std::exception_ptr first;
  for (std::size_t c = 0; c < chunks; ++c)
    if (!first && job.errors[c])
      first = std::exchange(job.errors[c], nullptr);
    else
      job.errors[c] = nullptr;
  owner.unlock();
  if (first) std::rethrow_exception(first);
}

void resize_thread_pool(int threads) {
  const BlasThreads& blas = blas_threads();
  if (in_forked_child) {
    if (blas.set) blas.set(threads);
    return;
  }
  std::lock_guard<std::mutex> owner(pool_owner);  // a running region restores the BLAS's count when it ends
  if (blas.set) blas.set(threads);
  if (threads <= 1) {
    pool.reset();
  } else if (pool) {
    pool_for(threads);
  }
}

}  // namespace tapegrad::detail
