// A view that a node of its base's history saved must not keep that history alive: views hold
// their base weakly, so the graph is freed when the last handle goes.
#include <boost/test/unit_test.hpp>

#include <tapegrad/autograd/node.hpp>
#include <tapegrad/tapegrad.hpp>

namespace tg = tapegrad;

BOOST_AUTO_TEST_CASE(a_view_saved_in_its_base_history_does_not_leak_the_graph) {
  std::int64_t before = tg::detail::live_node_count();
  {
    tg::Tensor x = tg::rand({3, 4}, tg::kFloat64).requires_grad_();
    tg::Tensor y = x * 1.0;
    // mul_ saves its operand, a view of y; y's history then ends in a node that saved it.
    y.narrow(1, 0, 2).mul_(y.narrow(1, 2, 2).clone() * 1.0);
    y.narrow(1, 0, 1).mul_(y.narrow(1, 3, 1));
    BOOST_TEST(tg::detail::live_node_count() > before);
  }
  BOOST_TEST(tg::detail::live_node_count() == before);
}

BOOST_AUTO_TEST_CASE(a_view_whose_base_is_gone_is_rebased_like_a_tensor) {
  tg::Tensor x = tg::rand({2, 3}, tg::kFloat64).requires_grad_();
  tg::Tensor row = (x * 2.0)[1];  // the base (x * 2) has no other handle
  row.mul_(3.0);
  row.sum().backward();
  std::vector<double> g = x.grad().to_vector<double>();
  BOOST_TEST(g == (std::vector<double>{0, 0, 0, 6, 6, 6}), boost::test_tools::per_element());
}
