// The tape itself: graph shapes, accumulation, retain/create_graph, no-grad, node lifetime.
// The million-step memory test is in test_tape_memory_slow.cpp (CTest label `slow`).
#include <boost/test/unit_test.hpp>

#include <cmath>

#include <string>

#include <tapegrad/autograd/node.hpp>
#include <tapegrad/tapegrad.hpp>

#include "support/test_support.hpp"

namespace tg = tapegrad;

namespace {

std::vector<double> values(const tg::Tensor& t) { return t.to_vector<double>(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(tape)

BOOST_AUTO_TEST_CASE(gradients_accumulate_across_backward_calls_until_zeroed) {
  auto x = tg::tensor({1.0, 2.0}, tg::kFloat64).requires_grad_();
  (x * x).sum().backward();
  (x * x).sum().backward();
  BOOST_TEST(values(x.grad()) == (std::vector<double>{4, 8}), boost::test_tools::per_element());
  x.grad().zero_();
  (x * 3.0).sum().backward();
  BOOST_TEST(values(x.grad()) == (std::vector<double>{3, 3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_tensor_used_twice_gets_both_contributions) {
  auto x = tg::tensor({3.0}, tg::kFloat64).requires_grad_();
  auto y = x * x * x;  // 3x^2 = 27
  y.backward();
  BOOST_TEST(x.grad().item<double>() == 27.0);
}

BOOST_AUTO_TEST_CASE(diamond_with_reused_non_leaf_is_summed_in_topological_order) {
  auto x = tg::tensor({2.0}, tg::kFloat64).requires_grad_();
  auto a = x * 3.0;         // shared non-leaf
  auto b = tg::exp(a) + a;  // two paths from a
  auto c = a * b;           // and a third
  c.backward();
  // c = a*(e^a + a), dc/da = e^a + a + a*e^a + a ; da/dx = 3
  double av = 6.0, expected = 3.0 * (std::exp(av) + 2 * av + av * std::exp(av));
  BOOST_TEST(x.grad().item<double>() == expected, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_chain_of_100000_nodes_neither_overflows_the_stack_nor_leaks) {
  std::int64_t before = tg::detail::live_node_count();
  {
    auto x = tg::tensor({1.0}, tg::kFloat64).requires_grad_();
    tg::Tensor y = x;
    for (int i = 0; i < 100000; ++i) y = y * 1.0 + 0.0;
    BOOST_TEST(tg::detail::live_node_count() - before == 200000);
    y.backward();
    BOOST_TEST(x.grad().item<double>() == 1.0);
  }
  BOOST_TEST(tg::detail::live_node_count() == before);
  {  // and a graph dropped without ever running backward
    auto x = tg::tensor({1.0}, tg::kFloat64).requires_grad_();
    tg::Tensor y = x;
    for (int i = 0; i < 100000; ++i) y = tg::tanh(y);
  }
  BOOST_TEST(tg::detail::live_node_count() == before);
}

BOOST_AUTO_TEST_CASE(no_grad_guard_records_nothing) {
  auto x = tg::ones({2}).requires_grad_();
  std::int64_t before = tg::detail::live_node_count();
  {
    tg::NoGradGuard no_grad;
    auto y = x * 2.0 + 1.0;
    BOOST_TEST(!y.requires_grad());
    BOOST_TEST(tg::detail::live_node_count() == before);
  }
  BOOST_TEST(tg::is_grad_enabled());
  auto z = tg::ones({2}) * 2.0;  // no input requires grad: nothing recorded either
  BOOST_TEST(!z.requires_grad());
  BOOST_TEST(tg::detail::live_node_count() == before);
}

BOOST_AUTO_TEST_CASE(detach_cuts_the_graph_and_shares_data) {
  auto x = tg::tensor({1.0, 2.0}, tg::kFloat64).requires_grad_();
  auto y = x * 2.0;
  auto d = y.detach();
  BOOST_TEST(!d.requires_grad());
  BOOST_TEST(d.is_leaf());
  (y * d).sum().backward();  // d is a constant: d(y*d)/dx = 2*d
  BOOST_TEST(values(x.grad()) == (std::vector<double>{4, 8}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(second_backward_through_a_freed_graph_throws) {
  auto x = tg::tensor({1.0}, tg::kFloat64).requires_grad_();
  auto y = tg::exp(x);
  y.backward();
  TG_CHECK_THROWS_WITH(y.backward(), "backward through the graph a second time");
}

BOOST_AUTO_TEST_CASE(retain_graph_allows_a_second_backward) {
  auto x = tg::tensor({1.0}, tg::kFloat64).requires_grad_();
  auto y = tg::exp(x);
  y.backward(tg::Tensor(), true);
  y.backward();
  BOOST_TEST(x.grad().item<double>() == 2 * std::exp(1.0), boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(leaves_and_non_leaves_follow_pytorch) {
  auto x = tg::tensor({1.0, 2.0}, tg::kFloat64).requires_grad_();
  auto h = x * 2.0;
  auto k = h * 3.0;
  BOOST_TEST(x.is_leaf());
  BOOST_TEST(!h.is_leaf());
  BOOST_TEST(h.grad_fn_name() == "MulBackward");
  k.retain_grad();
  k.sum().backward();
  BOOST_TEST(!h.grad().defined());  // non-leaf without retain_grad keeps nothing
  BOOST_TEST(values(k.grad()) == (std::vector<double>{1, 1}), boost::test_tools::per_element());
  BOOST_TEST(values(x.grad()) == (std::vector<double>{6, 6}), boost::test_tools::per_element());
  TG_CHECK_THROWS_WITH(h.requires_grad_(false), "requires_grad_");
}

BOOST_AUTO_TEST_CASE(backward_on_a_non_scalar_needs_a_gradient) {
  auto x = tg::tensor({1.0, 2.0}, tg::kFloat64).requires_grad_();
  auto y = x * x;
  TG_CHECK_THROWS_WITH(y.backward(), "backward: grad can be implicitly created only for one-element outputs", "[2]");
  y.backward(tg::tensor({1.0, 10.0}, tg::kFloat64));
  BOOST_TEST(values(x.grad()) == (std::vector<double>{2, 40}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(backward_of_a_tensor_that_needs_no_grad_throws) {
  auto y = tg::ones({1}) * 2.0;
  TG_CHECK_THROWS_WITH(y.backward(), "does not require grad");
}

BOOST_AUTO_TEST_CASE(create_graph_gives_second_derivatives) {
  auto x = tg::tensor({2.0}, tg::kFloat64).requires_grad_();
  auto y = x * x * x;  // y' = 3x^2 = 12, y'' = 6x = 12, y''' = 6
  auto [dy] = std::array<tg::Tensor, 1>{tg::autograd::grad({y}, {x}, {}, std::nullopt, true)[0]};
  BOOST_TEST(dy.item<double>() == 12.0);
  BOOST_TEST(dy.requires_grad());
  auto d2 = tg::autograd::grad({dy}, {x}, {}, std::nullopt, true)[0];
  BOOST_TEST(d2.item<double>() == 12.0);
  d2.backward();
  BOOST_TEST(x.grad().item<double>() == 6.0);
}

BOOST_AUTO_TEST_CASE(backward_with_create_graph_makes_grad_differentiable) {
  auto x = tg::tensor({0.5}, tg::kFloat64).requires_grad_();
  auto y = tg::tanh(x);
  y.backward(tg::Tensor(), std::nullopt, true);
  tg::Tensor g = x.grad();  // 1 - tanh^2
  BOOST_TEST(g.requires_grad());
  auto gg = tg::autograd::grad({g}, {x})[0];  // -2 tanh (1 - tanh^2)
  double t = std::tanh(0.5);
  BOOST_TEST(gg.item<double>() == -2 * t * (1 - t * t), boost::test_tools::tolerance(1e-12));
  // x.grad() now holds a graph that refers back to x: a reference cycle, as in PyTorch. Reset it.
  x.mutable_grad() = tg::Tensor();
}

BOOST_AUTO_TEST_CASE(functional_grad_does_not_touch_grad_fields) {
  auto x = tg::tensor({1.0, 2.0}, tg::kFloat64).requires_grad_();
  auto w = tg::tensor({3.0, 4.0}, tg::kFloat64).requires_grad_();
  auto y = (x * w).sum();
  auto grads = tg::autograd::grad({y}, {x, w});
  BOOST_TEST(values(grads[0]) == (std::vector<double>{3, 4}), boost::test_tools::per_element());
  BOOST_TEST(values(grads[1]) == (std::vector<double>{1, 2}), boost::test_tools::per_element());
  BOOST_TEST(!x.grad().defined());
  auto unused = tg::ones({1}, tg::kFloat64).requires_grad_();
  auto z = (x * 2.0).sum();
  TG_CHECK_THROWS_WITH(tg::autograd::grad({z}, {unused}), "allow_unused");
}

BOOST_AUTO_TEST_CASE(gradients_of_broadcast_inputs_are_summed_back_to_their_shape) {
  auto a = tg::ones({2, 3}, tg::kFloat64).requires_grad_();
  auto b = tg::tensor({1.0, 2.0, 3.0}, tg::kFloat64).requires_grad_();
  auto s = tg::tensor({{10.0}, {20.0}}, tg::kFloat64).requires_grad_();
  ((a * b) + s).sum().backward();
  BOOST_TEST(b.grad().shape() == (tg::Shape{3}));
  BOOST_TEST(values(b.grad()) == (std::vector<double>{2, 2, 2}), boost::test_tools::per_element());
  BOOST_TEST(s.grad().shape() == (tg::Shape{2, 1}));
  BOOST_TEST(values(s.grad()) == (std::vector<double>{3, 3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(in_place_update_of_a_leaf_requires_no_grad_guard) {
  auto w = tg::ones({2}).requires_grad_();
  TG_CHECK_THROWS_WITH(w.mul_(2.0), "mul_: a leaf tensor that requires grad");
  tg::NoGradGuard no_grad;
  w.mul_(2.0);
  BOOST_TEST(values(w) == (std::vector<double>{2, 2}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(in_place)

BOOST_AUTO_TEST_CASE(copy_writes_the_source_into_the_destination_with_broadcasting) {
  auto a = tg::zeros({2, 2});
  a.copy_(tg::ones({2, 2}));
  BOOST_TEST(a.to_vector<float>() == (std::vector<float>{1, 1, 1, 1}), boost::test_tools::per_element());
  a.copy_(tg::tensor({3.0, 4.0}));
  BOOST_TEST(a.to_vector<float>() == (std::vector<float>{3, 4, 3, 4}), boost::test_tools::per_element());
  TG_CHECK_THROWS_WITH(a.copy_(tg::ones({3})), "copy_: cannot broadcast [3] into [2,2]");
  a.copy_(tg::full({2, 2}, 2.5, tg::kFloat64));  // converts the dtype, as LibTorch's copy_
  BOOST_TEST(a.dtype() == tg::kFloat32);
  BOOST_TEST(a.to_vector<float>() == (std::vector<float>{2.5, 2.5, 2.5, 2.5}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(arithmetic_updates_change_the_shared_storage) {
  auto a = tg::ones({3});
  auto view = a.reshape({3, 1});  // shares storage
  a.add_(tg::full({3}, 2.0), 0.5).mul_(4.0).sub_(tg::ones({3})).div_(2.0);
  BOOST_TEST(view.to_vector<float>() == (std::vector<float>{3.5, 3.5, 3.5}), boost::test_tools::per_element());
  a.addcmul_(tg::full({3}, 2.0), tg::full({3}, 3.0), 0.5).addcdiv_(tg::full({3}, 1.0), tg::full({3}, 4.0), 2.0);
  BOOST_TEST(a.to_vector<float>() == (std::vector<float>{7.0, 7.0, 7.0}), boost::test_tools::per_element());
  a.clamp_(std::nullopt, 4.0).sqrt_();
  BOOST_TEST(a.to_vector<float>() == (std::vector<float>{2, 2, 2}), boost::test_tools::per_element());
  a.fill_(5.0).zero_();
  BOOST_TEST(a.sum().item<float>() == 0.0f);
}

BOOST_AUTO_TEST_SUITE_END()
