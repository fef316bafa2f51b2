// The DataLoader: every index exactly once per epoch, the same batches whatever the worker
// count, early exit, exceptions from workers, the one-gather fast path, transforms.
#include "data/data_test_support.hpp"

#include <tapegrad/tapegrad.hpp>

#include <array>
#include <atomic>
#include <numeric>
#include <set>
#include <stdexcept>

namespace tg = tapegrad;
namespace data = tg::data;
using data::DataLoaderOptions;
using data::Example;

namespace {

/// Example i is {[i, i], [i]}; counts its get() calls; throws at `fail_at` when asked.
struct Counting : data::datasets::Dataset<Counting> {
  std::size_t n;
  std::shared_ptr<std::atomic<int>> gets = std::make_shared<std::atomic<int>>(0);
  std::size_t fail_at = static_cast<std::size_t>(-1);
  bool throw_std = false;
  explicit Counting(std::size_t n) : n(n) {}
  Example<> get(std::size_t i) override {
    ++*gets;
    if (i == fail_at) {
      if (throw_std) throw std::out_of_range("custom failure");
      TG_CHECK(false, "Counting", "cannot read example ", i);
    }
    return {tg::full({2}, static_cast<double>(i)), tg::full({1}, static_cast<double>(i), tg::kInt64)};
  }
  std::optional<std::size_t> size() const override { return n; }
};

/// The indices of every batch of one epoch, as the targets say.
template <typename Loader>
std::vector<std::vector<std::int64_t>> epoch(Loader& loader) {
  std::vector<std::vector<std::int64_t>> batches;
  for (auto& batch : loader) batches.push_back(batch.target.reshape({-1}).template to_vector<std::int64_t>());
  return batches;
}

std::vector<std::vector<std::int64_t>> shuffled_epochs(std::size_t workers, std::uint64_t seed, int epochs) {
  auto loader = data::make_data_loader(Counting(1000).map(data::transforms::Stack<>()),
                                       DataLoaderOptions().batch_size(64).workers(workers).seed(seed));
  std::vector<std::vector<std::int64_t>> all;
  for (int e = 0; e < epochs; ++e)
    for (auto& b : epoch(*loader)) all.push_back(b);
  return all;
}

void check_permutation(const std::vector<std::vector<std::int64_t>>& batches, std::size_t n, const std::string& what) {
  std::vector<int> seen(n, 0);
  std::size_t total = 0;
  for (const auto& b : batches)
    for (auto i : b) {
      BOOST_REQUIRE(i >= 0 && static_cast<std::size_t>(i) < n);
      ++seen[static_cast<std::size_t>(i)];
      ++total;
    }
  BOOST_TEST(total == n, what);
  BOOST_TEST(std::count(seen.begin(), seen.end(), 1) == static_cast<std::ptrdiff_t>(n), what);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(data_dataloader)

BOOST_AUTO_TEST_CASE(every_index_comes_exactly_once_per_epoch) {
  for (std::size_t workers : {0, 1, 3}) {
    auto loader = data::make_data_loader(Counting(1001).map(data::transforms::Stack<>()),
                                         DataLoaderOptions().batch_size(100).workers(workers).seed(1));
    for (int e = 0; e < 3; ++e) {
      auto batches = epoch(*loader);
      BOOST_TEST(batches.size() == 11u);
      BOOST_TEST(batches.back().size() == 1u);  // 1001 = 10 * 100 + 1
      check_permutation(batches, 1001, "workers " + std::to_string(workers) + " epoch " + std::to_string(e));
    }
  }
}

BOOST_AUTO_TEST_CASE(sequential_sampler_keeps_order_and_drop_last_drops_the_short_batch) {
  auto loader = data::make_data_loader<data::samplers::SequentialSampler>(
      Counting(10).map(data::transforms::Stack<>()), DataLoaderOptions().batch_size(4).drop_last(true).workers(2));
  auto batches = epoch(*loader);
  BOOST_TEST(batches.size() == 2u);
  BOOST_TEST(batches[0] == (std::vector<std::int64_t>{0, 1, 2, 3}), tt::per_element());
  BOOST_TEST(batches[1] == (std::vector<std::int64_t>{4, 5, 6, 7}), tt::per_element());
  BOOST_TEST(loader->batches_per_epoch() == 2u);
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_batches_whatever_the_worker_count) {
  const auto reference = shuffled_epochs(0, 42, 3);
  for (std::size_t workers : {1, 2, 4}) BOOST_TEST(shuffled_epochs(workers, 42, 3) == reference);
  BOOST_TEST(shuffled_epochs(0, 43, 3) != reference);
  // epochs differ from one another
  BOOST_TEST(std::vector<std::int64_t>(reference[0]) != std::vector<std::int64_t>(reference[16]));
}

BOOST_AUTO_TEST_CASE(without_a_seed_manual_seed_fixes_the_order) {
  auto run = [](std::uint64_t s, std::size_t workers) {
    tg::manual_seed(s);
    auto loader = data::make_data_loader(Counting(300).map(data::transforms::Stack<>()),
                                         DataLoaderOptions().batch_size(32).workers(workers));
    return epoch(*loader);
  };
  BOOST_TEST(run(7, 0) == run(7, 2));
  BOOST_TEST(run(7, 0) != run(8, 0));
}

BOOST_AUTO_TEST_CASE(random_sampler_is_a_permutation_decided_by_seed_and_epoch) {
  data::samplers::RandomSampler a(10, 5), b(10, 5);
  auto first = *a.next(10);
  BOOST_TEST(first == *b.next(10), tt::per_element());
  std::set<std::size_t> distinct(first.begin(), first.end());
  BOOST_TEST(distinct.size() == 10u);
  BOOST_TEST(!a.next(1).has_value());
  a.reset();
  BOOST_TEST(a.epoch() == 1u);
  BOOST_TEST(*a.next(10) != first, tt::per_element());
}

BOOST_AUTO_TEST_CASE(breaking_out_early_stops_the_workers_and_a_new_epoch_starts_clean) {
  Counting dataset(10000);
  auto gets = dataset.gets;
  auto loader = data::make_data_loader(dataset.map(data::transforms::Stack<>()),
                                       DataLoaderOptions().batch_size(10).workers(3).max_jobs(4).seed(3));
  int seen = 0;
  for (auto& batch : *loader) {
    BOOST_TEST(batch.data.size(0) == 10);
    if (++seen == 2) break;
  }
  // the bounded queue: at most 2 taken + 4 ahead (+ up to 3 in the making) batches were made
  BOOST_TEST(gets->load() <= (2 + 4 + 3) * 10);
  check_permutation(epoch(*loader), 10000, "after an early break");
  // and a loop left early, then the loader destroyed, does not hang
  for (auto& batch : *loader) {
    (void)batch;
    break;
  }
  loader.reset();
}

BOOST_AUTO_TEST_CASE(a_worker_exception_reaches_the_loop_naming_the_sample) {
  for (std::size_t workers : {0, 2}) {
    Counting dataset(100);
    dataset.fail_at = 37;
    auto loader = data::make_data_loader<data::samplers::SequentialSampler>(
        dataset.map(data::transforms::Stack<>()), DataLoaderOptions().batch_size(10).workers(workers));
    int batches = 0;
    TG_CHECK_THROWS_WITH(
        for (auto& b
             : *loader) {
          (void)b;
          ++batches;
        },
        "DataLoader: batch 3, sample 37: Counting: cannot read example 37");
    BOOST_TEST(batches == 3);  // batches 0..2 arrived before the failure

    // another exception type arrives named too, as torch::data::WorkerException, and is the
    // original exception when rethrown
    dataset.throw_std = true;
    auto std_loader = data::make_data_loader<data::samplers::SequentialSampler>(
        dataset.map(data::transforms::Stack<>()), DataLoaderOptions().batch_size(7).workers(workers));
    bool caught = false;
    try {
      for (auto& b : *std_loader) (void)b;
    } catch (const data::WorkerException& e) {
      caught = true;
      BOOST_TEST(e.batch == 5u);
      BOOST_TEST(e.sample == 37u);
      BOOST_TEST(std::string(e.what()).rfind("DataLoader: batch 5, sample 37: ", 0) == 0);
      BOOST_CHECK_THROW(std::rethrow_exception(e.original_exception), std::out_of_range);
    }
    BOOST_TEST(caught);
  }
}

BOOST_AUTO_TEST_CASE(row_datasets_batch_by_one_gather) {
  tg::Tensor x = tg::arange(0.0, 40.0).reshape({20, 2});
  tg::Tensor y = tg::arange(0.0, 20.0, 1.0, tg::kInt64);
  auto ds = data::datasets::TensorDataset(x, y).map(data::transforms::Stack<>());
  static_assert(decltype(ds)::stacks_in_one_gather());
  auto loader = data::make_data_loader<data::samplers::SequentialSampler>(ds, 8);
  auto it = loader->begin();
  BOOST_TEST(it->data.shape() == (tg::Shape{8, 2}), tt::per_element());
  tg_test::check_close(it->data, x.narrow(0, 0, 8), 0, 0, "data");
  tg_test::check_close(it->target, y.narrow(0, 0, 8), 0, 0, "target");

  // a Lambda per example forces the per-example path, with the same result
  auto twice = data::datasets::TensorDataset(x, y)
                   .map(data::transforms::Lambda<Example<>>([](Example<> e) {
                     e.data = e.data * 2;
                     return e;
                   }))
                   .map(data::transforms::Stack<>());
  static_assert(!decltype(twice)::stacks_in_one_gather());
  auto batch = twice.get_batch(std::vector<std::size_t>{3, 1});
  tg_test::check_close(batch.data, tg::tensor({{12., 14.}, {4., 6.}}), 0, 0, "lambda");
}

BOOST_AUTO_TEST_CASE(normalize_gives_the_same_batches_on_both_paths) {
  tg::manual_seed(0);
  tg::Tensor x = tg::rand({30, 3, 4, 4});
  data::datasets::TensorDataset source(x, tg::arange(0.0, 30.0, 1.0, tg::kInt64));
  auto fast =
      source.map(data::transforms::Normalize<>({0.5, 0.4, 0.3}, {0.2, 0.25, 0.3})).map(data::transforms::Stack<>());
  static_assert(decltype(fast)::stacks_in_one_gather());
  const std::vector<std::size_t> indices = {5, 0, 29};
  auto batch = fast.get_batch(indices);
  auto examples = source.map(data::transforms::Normalize<>({0.5, 0.4, 0.3}, {0.2, 0.25, 0.3})).get_batch(indices);
  std::vector<tg::Tensor> rows;
  for (auto& e : examples) rows.push_back(e.data);
  tg_test::check_close(batch.data, tg::stack(rows), 1e-6, 1e-6, "normalized");
  tg_test::check_close(batch.data.select(1, 2),
                       (x.index_select(0, tg::tensor({5, 0, 29}, tg::kInt64)).select(1, 2) - 0.3) / 0.3, 1e-6, 1e-6,
                       "channel 2");
  TG_CHECK_THROWS_WITH(data::transforms::Normalize<>({0.5, 0.5}, {0.2}), "Normalize", "2 means for 1");
}

BOOST_AUTO_TEST_CASE(batches_of_examples_without_stack_are_vectors) {
  auto loader = data::make_data_loader<data::samplers::SequentialSampler>(Counting(5), DataLoaderOptions(2));
  std::vector<std::size_t> sizes;
  for (auto& batch : *loader) sizes.push_back(batch.size());
  BOOST_TEST(sizes == (std::vector<std::size_t>{2, 2, 1}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(mnist_through_normalize_and_stack_batches_128) {
  tg_test::data_file("mnist/t10k-images-idx3-ubyte.gz");
  data::datasets::MNIST test(data::data_dir("mnist", tg_test::data_root()), data::datasets::MNIST::Mode::kTest);
  auto ds = test.map(data::transforms::Normalize<>(0.1307, 0.3081)).map(data::transforms::Stack<>());
  static_assert(decltype(ds)::stacks_in_one_gather());
  // Normalize folds into MNIST's byte-to-float pass; the result is the per-example one
  const std::vector<std::size_t> some = {3, 9999, 42};
  auto fused = ds.get_batch(some);
  auto examples = test.map(data::transforms::Normalize<>(0.1307, 0.3081)).get_batch(some);
  tg_test::check_close(fused.data, tg::stack({examples[0].data, examples[1].data, examples[2].data}), 1e-6, 1e-6,
                       "fused normalize");
  BOOST_TEST(fused.data.min().item<double>() == -0.1307 / 0.3081, tt::tolerance(1e-6));
  auto loader = data::make_data_loader(std::move(ds), DataLoaderOptions().batch_size(128).workers(2).drop_last(true));
  std::size_t batches = 0;
  std::array<std::int64_t, 10> counts{};
  for (auto& batch : *loader) {
    BOOST_REQUIRE(batch.data.shape() == (tg::Shape{128, 1, 28, 28}));
    for (auto label : batch.target.to_vector<std::int64_t>()) ++counts.at(static_cast<std::size_t>(label));
    ++batches;
  }
  BOOST_TEST(batches == 78u);  // 10000 / 128, the last 16 dropped
  BOOST_TEST(std::accumulate(counts.begin(), counts.end(), std::int64_t{0}) == 78 * 128);
}

BOOST_AUTO_TEST_CASE(options_are_checked) {
  TG_CHECK_THROWS_WITH(data::make_data_loader(Counting(3), DataLoaderOptions().batch_size(0)), "DataLoader",
                       "batch_size must be positive");
  TG_CHECK_THROWS_WITH(data::make_data_loader(Counting(3), DataLoaderOptions().enforce_ordering(false)), "DataLoader",
                       "enforce_ordering");
  TG_CHECK_THROWS_WITH(data::datasets::TensorDataset(tg::zeros({3, 2}), tg::zeros({4})), "TensorDataset", "[3,2]",
                       "[4]");
}

BOOST_AUTO_TEST_SUITE_END()
