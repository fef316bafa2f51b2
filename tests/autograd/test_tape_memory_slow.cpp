// A long training loop frees its graphs: a million steps leave no live nodes and do not grow the
// resident set. About 15 s, so it carries the CTest label `slow` (its file name ends in _slow):
// `ctest -LE slow` skips it, plain `ctest` runs it.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <fstream>
#include <string>

#include <tapegrad/autograd/node.hpp>
#include <tapegrad/tapegrad.hpp>

namespace tg = tapegrad;

namespace {

long resident_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tape)

BOOST_AUTO_TEST_CASE(a_million_training_steps_do_not_grow_memory) {
  tg::manual_seed(0);
  auto w = tg::randn({4, 4}).requires_grad_();
  auto x = tg::randn({8, 4});
  std::int64_t nodes_before = tg::detail::live_node_count();
  long rss_early = 0;
  for (int step = 0; step < 1000000; ++step) {
    auto loss = tg::tanh(tg::matmul(x, w)).sum();
    loss.backward();
    {
      tg::NoGradGuard no_grad;
      w.sub_(w.grad(), 1e-6);
      w.grad().zero_();
    }
    if (step == 100000) rss_early = resident_kib();
  }
  long rss_late = resident_kib();
  BOOST_TEST(tg::detail::live_node_count() == nodes_before);
  BOOST_TEST_MESSAGE("RSS after 1e5 steps " << rss_early << " KiB, after 1e6 " << rss_late << " KiB");
  BOOST_TEST(rss_late - rss_early < 2048);  // less than 2 MiB over 900,000 steps
}

BOOST_AUTO_TEST_SUITE_END()
