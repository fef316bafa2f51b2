// The small-object pool behind TensorImpl, Storage and Node (autograd/object_pool.hpp, internal):
// a freed block is reused, a block may be freed by another thread, and a free list stays capped.
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <thread>
#include <vector>

#include <tapegrad/tapegrad.hpp>

#include "../../autograd/object_pool.hpp"

namespace tg = tapegrad;
namespace td = tapegrad::detail;

namespace {
constexpr std::size_t kSize = 200;  // no library object is this size: its list is the test's own
}  // namespace

BOOST_AUTO_TEST_SUITE(object_pool)

BOOST_AUTO_TEST_CASE(a_freed_block_is_handed_out_again) {
  void* first = td::pool_allocate(kSize);
  const std::size_t held = td::pool_free_blocks(kSize);
  td::pool_deallocate(first, kSize);
  void* again = td::pool_allocate(kSize + 8);  // any size of the same class (193 to 224 bytes)
  if (TAPEGRAD_OBJECT_POOL) {
    BOOST_TEST(td::pool_free_blocks(kSize) == held);
    BOOST_TEST(again == first);
  }
  td::pool_deallocate(again, kSize + 8);
  if (TAPEGRAD_OBJECT_POOL) BOOST_TEST(td::pool_free_blocks(kSize) == held + 1);
}

BOOST_AUTO_TEST_CASE(large_requests_bypass_the_pool) {
  void* big = td::pool_allocate(td::kPoolMaxBytes + 1);
  td::pool_deallocate(big, td::kPoolMaxBytes + 1);
  BOOST_TEST(td::pool_free_blocks(td::kPoolMaxBytes + 1) == 0u);
}

BOOST_AUTO_TEST_CASE(a_block_freed_by_another_thread_joins_that_threads_list) {
  std::vector<void*> blocks;
  for (int i = 0; i < 100; ++i) blocks.push_back(td::pool_allocate(kSize));
  const std::size_t here = td::pool_free_blocks(kSize);
  std::size_t there_before = 1, there_after = 0, reused = 0;
  std::thread other([&] {
    there_before = td::pool_free_blocks(kSize);
    for (void* block : blocks) td::pool_deallocate(block, kSize);
    there_after = td::pool_free_blocks(kSize);
    std::vector<void*> again;
    for (int i = 0; i < 100; ++i) again.push_back(td::pool_allocate(kSize));
    for (void* block : again)
      for (void* old : blocks) reused += block == old;
    for (void* block : again) td::pool_deallocate(block, kSize);
  });  // the thread's exit hands its list back to the heap (LeakSanitizer would see a leak)
  other.join();
  BOOST_TEST(there_before == 0u);
  BOOST_TEST(td::pool_free_blocks(kSize) == here);  // this thread's list is untouched
  if (TAPEGRAD_OBJECT_POOL) {
    BOOST_TEST(there_after == 100u);
    BOOST_TEST(reused == 100u);
  }
}

BOOST_AUTO_TEST_CASE(a_free_list_never_holds_more_than_its_cap) {
  const std::size_t cap = td::pool_free_cap(kSize);
  BOOST_TEST(cap >= 64u);
  std::vector<void*> blocks;
  for (std::size_t i = 0; i < 3 * cap; ++i) blocks.push_back(td::pool_allocate(kSize));
  for (void* block : blocks) td::pool_deallocate(block, kSize);
  BOOST_TEST(td::pool_free_blocks(kSize) <= cap);
  if (TAPEGRAD_OBJECT_POOL) BOOST_TEST(td::pool_free_blocks(kSize) == cap);
}

BOOST_AUTO_TEST_CASE(tensors_made_in_one_thread_and_freed_in_another_train_alike) {
  // A graph built in one thread and run and freed in another: its TensorImpls, Storages and Nodes
  // go back to the second thread's lists.
  auto w = tg::tensor({0.5, -1.0, 2.0}).requires_grad_();
  std::vector<tg::Tensor> losses;
  for (int i = 0; i < 50; ++i) losses.push_back(tg::sum(tg::tanh(w * double(i)) * w));
  std::thread other([&] {
    for (auto& loss : losses) loss.backward();
    losses.clear();
  });
  other.join();
  auto expected = tg::tensor({0.5, -1.0, 2.0}).requires_grad_();
  for (int i = 0; i < 50; ++i) tg::sum(tg::tanh(expected * double(i)) * expected).backward();
  BOOST_TEST(w.grad().to_vector<double>() == expected.grad().to_vector<double>(), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
