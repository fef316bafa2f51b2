// tapegrad's own threads (autograd/thread_pool.hpp, internal) and what runs on them: the split
// of a range, errors, nesting and concurrent callers, and the kernels that use the pool (split
// products, elementwise loops, optimizer updates), which must give what one thread gives.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include <dlfcn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <tapegrad/tapegrad.hpp>

#include "../../autograd/thread_pool.hpp"
#include "support/test_support.hpp"

namespace tg = tapegrad;
namespace td = tapegrad::detail;

namespace {

// Sets the thread count for one test and puts the previous one back.
struct Threads {
  int before = tg::get_num_threads();
  explicit Threads(int n) { tg::set_num_threads(n); }
  ~Threads() { tg::set_num_threads(before); }
};

using Chunks = std::vector<std::pair<std::size_t, std::size_t>>;

Chunks chunks_of(std::size_t n, std::size_t grain) {
  std::mutex mutex;
  Chunks seen;
  td::parallel_for(n, grain, [&](std::size_t begin, std::size_t end) {
    std::lock_guard<std::mutex> lock(mutex);
    seen.emplace_back(begin, end);
  });
  std::sort(seen.begin(), seen.end());
  return seen;
}

int blas_threads() {
  auto get = reinterpret_cast<int (*)()>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  return get ? get() : -1;
}

template <typename Compute>
tg::Tensor run_on(int threads, const Compute& compute) {
  Threads set(threads);
  return compute();
}

void check_same_bits(const tg::Tensor& two, const tg::Tensor& one, const std::string& what) {
  tg_test::check_close(two, one, 0.0, 0.0, what);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(thread_pool)

BOOST_AUTO_TEST_CASE(a_range_is_split_into_one_contiguous_chunk_per_thread) {
  Threads two(2);
  BOOST_TEST((chunks_of(100001, 1000) == Chunks{{0, 50000}, {50000, 100001}}));
  BOOST_TEST((chunks_of(1999, 1000) == Chunks{{0, 1999}}));  // two chunks would be under the grain
  BOOST_TEST(chunks_of(0, 1000).empty());
  tg::set_num_threads(1);
  BOOST_TEST((chunks_of(100001, 1000) == Chunks{{0, 100001}}));
}

BOOST_AUTO_TEST_CASE(the_second_chunk_runs_on_another_thread) {
  Threads two(2);
  const auto caller = std::this_thread::get_id();
  std::thread::id first, second;
  td::parallel_for(2, 1,
                   [&](std::size_t begin, std::size_t) { (begin == 0 ? first : second) = std::this_thread::get_id(); });
  BOOST_TEST((first == caller));
  BOOST_TEST((second != caller));
}

BOOST_AUTO_TEST_CASE(blas_runs_on_one_thread_inside_a_region_and_gets_its_count_back) {
  if (blas_threads() < 0) return;  // not OpenBLAS
  Threads two(2);
  std::atomic<int> inside{0};
  td::parallel_for(2, 1, [&](std::size_t, std::size_t) { inside.fetch_add(blas_threads()); });
  BOOST_TEST(inside.load() == 2);
  BOOST_TEST(blas_threads() == 2);
}

BOOST_AUTO_TEST_CASE(an_error_in_a_chunk_reaches_the_caller_and_the_pool_still_works) {
  Threads two(2);
  auto fail_in_second = [](std::size_t begin, std::size_t) {
    if (begin != 0) throw std::runtime_error("chunk 1 failed");
  };
  BOOST_CHECK_EXCEPTION(td::parallel_for(2, 1, fail_in_second), std::runtime_error,
                        [](const std::runtime_error& e) { return std::string(e.what()) == "chunk 1 failed"; });
  BOOST_TEST((chunks_of(10, 1) == Chunks{{0, 5}, {5, 10}}));
}

BOOST_AUTO_TEST_CASE(a_region_inside_a_region_runs_inline) {
  Threads two(2);
  std::atomic<std::size_t> covered{0};
  td::parallel_for(2, 1, [&](std::size_t, std::size_t) {
    td::parallel_for(1000, 10, [&](std::size_t begin, std::size_t end) { covered.fetch_add(end - begin); });
  });
  BOOST_TEST(covered.load() == 2000u);
}

BOOST_AUTO_TEST_CASE(concurrent_callers_each_cover_their_range) {
  Threads two(2);
  std::vector<std::thread> callers;
  std::atomic<int> wrong{0};
  for (int c = 0; c < 4; ++c)
    callers.emplace_back([&] {
      for (int round = 0; round < 200; ++round) {
        std::vector<int> hits(5000, 0);
        td::parallel_for(hits.size(), 100, [&](std::size_t begin, std::size_t end) {
          for (std::size_t i = begin; i < end; ++i) ++hits[i];
        });
        if (std::count(hits.begin(), hits.end(), 1) != static_cast<long>(hits.size())) ++wrong;
      }
    });
  for (auto& t : callers) t.join();
  BOOST_TEST(wrong.load() == 0);
}

BOOST_AUTO_TEST_CASE(a_forked_child_runs_regions_on_its_own_thread) {
  Threads two(2);
  (void)chunks_of(10, 1);  // the workers exist before the fork
  const pid_t child = fork();
  BOOST_REQUIRE(child >= 0);
  if (child == 0) {
    const bool ok = chunks_of(10, 1) == Chunks{{0, 10}} && tg::exp(tg::zeros({100000})).sum().item<double>() == 1e5;
    _exit(ok ? 0 : 1);
  }
  int status = 0;
  BOOST_REQUIRE(waitpid(child, &status, 0) == child);
  BOOST_TEST(WIFEXITED(status));
  BOOST_TEST(WEXITSTATUS(status) == 0);
}

// ---- kernels on the pool: the same result on one and two threads -----------------------

BOOST_AUTO_TEST_CASE(split_products_equal_the_whole_product) {
  // rows of C (m >= 32), columns (m < 32), A or B stored transposed, and a batched product
  struct Case {
    std::int64_t m, n, k;
    bool ta, tb;
  };
  for (const Case& c :
       {Case{128, 128, 784, false, true}, Case{128, 784, 128, true, false}, Case{10, 128, 128, true, false},
        Case{128, 10, 128, false, false}, Case{64, 300, 96, true, true}}) {
    tg::manual_seed(3);
    tg::Tensor a = c.ta ? tg::randn({c.k, c.m}).t() : tg::randn({c.m, c.k});
    tg::Tensor b = c.tb ? tg::randn({c.n, c.k}).t() : tg::randn({c.k, c.n});
    tg::Tensor one, two;
    {
      Threads t(1);
      one = tg::mm(a, b);
    }
    {
      Threads t(2);
      two = tg::mm(a, b);
    }
    const tg::Tensor reference = tg::mm(a.to(tg::kFloat64), b.to(tg::kFloat64));
    BOOST_TEST_CONTEXT("m " << c.m << " n " << c.n << " k " << c.k << " ta " << c.ta << " tb " << c.tb) {
      tg_test::check_close(two, reference, 1e-5, 1e-4, "two threads against float64");
      tg_test::check_close(two, one, 1e-6, 1e-5, "two threads against one");
    }
  }
  tg::manual_seed(4);
  tg::Tensor x = tg::randn({3, 64, 80}), y = tg::randn({3, 80, 50});
  tg::Tensor one, two;
  {
    Threads t(1);
    one = tg::matmul(x, y);
  }
  {
    Threads t(2);
    two = tg::matmul(x, y);
  }
  tg_test::check_close(two, one, 1e-6, 1e-5, "batched, two threads against one");
}

BOOST_AUTO_TEST_CASE(a_split_linear_layer_trains_as_on_one_thread) {
  auto step = [] {
    tg::manual_seed(5);
    tg::nn::Linear layer(300, 200);
    tg::Tensor x = tg::randn({128, 300});
    tg::Tensor loss = layer->forward(x).pow(2).mean();
    loss.backward();
    return tg::cat({layer->weight.grad().flatten(), layer->bias.grad()});
  };
  tg::Tensor one = run_on(1, +step), two = run_on(2, +step);
  tg_test::check_close(two, one, 1e-5, 1e-7, "weight and bias gradients");
}

BOOST_AUTO_TEST_CASE(a_split_linear_forward_equals_the_whole_product) {
  // 128 x 200: split by the weight's rows (columns of the output), as a layer's forward is
  tg::manual_seed(6);
  tg::nn::Linear layer(300, 200);
  tg::Tensor x = tg::randn({128, 300});
  tg::NoGradGuard no_grad;
  tg::Tensor one = run_on(1, [&] { return layer->forward(x); });
  tg::Tensor two = run_on(2, [&] { return layer->forward(x); });
  const tg::Tensor reference =
      tg::mm(x.to(tg::kFloat64), layer->weight.t().to(tg::kFloat64)) + layer->bias.to(tg::kFloat64);
  tg_test::check_close(two, reference, 1e-5, 1e-4, "two threads against float64");
  tg_test::check_close(two, one, 1e-6, 1e-5, "two threads against one");
}

BOOST_AUTO_TEST_CASE(large_elementwise_ops_give_the_same_bits_on_two_threads) {
  auto compute = [] {
    tg::manual_seed(6);
    tg::Tensor a = tg::randn({300, 500}), b = tg::randn({300, 500}), row = tg::randn({500});
    return tg::cat(
        {tg::exp(a).flatten(), (a * b).flatten(), (a + row).flatten(), tg::neg(b).flatten(), tg::sigmoid(a).flatten()});
  };
  check_same_bits(run_on(2, +compute), run_on(1, +compute), "elementwise results");
}

BOOST_AUTO_TEST_CASE(optimizer_updates_give_the_same_bits_on_two_threads) {
  auto train = [] {
    tg::manual_seed(7);
    tg::Tensor w = tg::randn({400, 300}).requires_grad_();
    tg::Tensor v = tg::randn({400, 300}).requires_grad_();
    tg::Tensor s = tg::randn({400, 300}).requires_grad_();
    tg::Tensor d = tg::randn({400, 300}).requires_grad_();
    tg::optim::Adam adam({w}, tg::optim::AdamOptions(1e-2).weight_decay(0.1).amsgrad(true));
    tg::optim::SGD sgd({v}, tg::optim::SGDOptions(1e-2).momentum(0.9).nesterov(true));
    tg::optim::RMSprop rmsprop({s}, tg::optim::RMSpropOptions(1e-2).centered(true).momentum(0.5));
    tg::optim::Adagrad adagrad({d}, tg::optim::AdagradOptions(1e-2));
    for (int i = 0; i < 3; ++i) {
      adam.zero_grad();
      sgd.zero_grad();
      rmsprop.zero_grad();
      adagrad.zero_grad();
      ((w * w).sum() + (v * v).sum() + (s * s * s).sum() + (d * d).sum()).backward();
      adam.step();
      sgd.step();
      rmsprop.step();
      adagrad.step();
    }
    return tg::cat({w.detach().flatten(), v.detach().flatten(), s.detach().flatten(), d.detach().flatten()});
  };
  check_same_bits(run_on(2, +train), run_on(1, +train), "parameters after three steps");
}

BOOST_AUTO_TEST_SUITE_END()
