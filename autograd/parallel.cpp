// set_num_threads / get_num_threads: the BLAS's thread count and tapegrad's own, together.
#include <tapegrad/autograd/parallel.hpp>

#include <atomic>

#include <dlfcn.h>

#include <tapegrad/autograd/blas.hpp>
#include <tapegrad/autograd/error.hpp>
#include "thread_pool.hpp"

namespace tapegrad {
namespace {
std::atomic<int> num_threads{0};  // 0: not set, the BLAS's count applies
}

void set_num_threads(int n) {
  TG_CHECK(n >= 1, "set_num_threads", "the thread count must be at least 1, got ", n);
  detail::ensure_blas_kernels();
  detail::resize_thread_pool(n);
  num_threads = n;
}

int get_num_threads() {
  if (const int n = num_threads.load()) return n;
  static const auto get = reinterpret_cast<int (*)()>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  const int n = get ? get() : 1;
  return n >= 1 ? n : 1;
}

}  // namespace tapegrad
