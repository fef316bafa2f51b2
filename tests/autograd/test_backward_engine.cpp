// The backward engine: a run that throws changes nothing, autograd::grad runs only the nodes it
// needs, optional (undefined) inputs, freed graphs, higher-order gradients and very long chains.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <tapegrad/autograd/node.hpp>
#include <tapegrad/tapegrad.hpp>

#include "support/test_support.hpp"

namespace tg = tapegrad;

namespace {

using Grads = std::vector<tg::Tensor>;

std::vector<double> values(const tg::Tensor& t) { return t.to_vector<double>(); }

tg::Tensor f64(std::initializer_list<double> v) { return tg::tensor(std::vector<double>(v), tg::kFloat64); }

/// y = x, recorded as a user op whose backward first calls `hook` (which may count or throw).
tg::Tensor tap(const tg::Tensor& x, std::function<void()> hook) {
  tg::Tensor y = [&] {
    tg::NoGradGuard no_grad;
    return x * 1.0;
  }();
  return tg::autograd::record("TapBackward", y, {x}, [hook](const tg::Tensor& g) {
    hook();
    return Grads{g};
  });
}

/// loss = sum(x * 3) + sum(tap(x)): d loss / dx = 4. The tap's node is older than the product's,
/// so backward delivers the product's 3 to x before the tap's backward runs.
struct TwoBranches {
  tg::Tensor x = f64({1.0, 2.0}).requires_grad_();
  tg::Tensor tapped, tripled, loss;
  explicit TwoBranches(std::function<void()> hook) {
    tapped = tap(x, std::move(hook));
    tripled = x * 3.0;
    tripled.retain_grad();
    loss = tg::sum(tripled) + tg::sum(tapped);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(backward_engine)

BOOST_AUTO_TEST_CASE(a_user_backward_that_throws_changes_no_grad_and_a_retry_matches_a_clean_run) {
  int calls = 0;
  TwoBranches g([&] {
    if (++calls == 1) throw std::runtime_error("flaky backward");
  });
  std::string message;
  try {
    g.loss.backward(tg::Tensor(), true);
  } catch (const tg::Error& e) {
    message = std::string("a tg::Error: ") + e.what();
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  BOOST_TEST(message == "flaky backward");  // the user's exception, not wrapped
  BOOST_TEST(calls == 1);
  // The product's 3 had reached x inside the run, but nothing was committed.
  BOOST_TEST(!g.x.grad().defined());
  BOOST_TEST(!g.tripled.grad().defined());
  BOOST_TEST(tg::is_grad_enabled());  // the engine's no-grad mode ended with the run

  g.loss.backward(tg::Tensor(), true);  // the graph was not released: retry it
  BOOST_TEST(calls == 2);
  TwoBranches clean([] {});
  clean.loss.backward();
  BOOST_TEST(values(clean.x.grad()) == (std::vector<double>{4, 4}), boost::test_tools::per_element());
  BOOST_TEST(values(g.x.grad()) == values(clean.x.grad()), boost::test_tools::per_element());  // not 7 = 3 + 4
  BOOST_TEST(values(g.tripled.grad()) == (std::vector<double>{1, 1}), boost::test_tools::per_element());

  g.loss.backward();  // retained once more, so it accumulates
  BOOST_TEST(values(g.x.grad()) == (std::vector<double>{8, 8}), boost::test_tools::per_element());
  TG_CHECK_THROWS_STARTING_WITH(g.loss.backward(), "backward: trying to backward through the graph a second time");
  BOOST_TEST(values(g.x.grad()) == (std::vector<double>{8, 8}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_throw_without_retain_graph_keeps_the_graph_for_a_retry) {
  // retain_graph=false releases the graph only when the run succeeded
  int calls = 0;
  TwoBranches g([&] {
    if (++calls == 1) throw std::runtime_error("flaky backward");
  });
  BOOST_CHECK_THROW(g.loss.backward(), std::runtime_error);
  BOOST_TEST(!g.x.grad().defined());
  g.loss.backward();
  BOOST_TEST(values(g.x.grad()) == (std::vector<double>{4, 4}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_throw_under_create_graph_restores_grad_mode_and_changes_no_grad) {
  int calls = 0;
  TwoBranches g([&] {
    if (++calls == 1) throw std::runtime_error("flaky backward");
  });
  {
    tg::NoGradGuard no_grad;  // the caller's mode is off; create_graph turns it on for the run
    BOOST_CHECK_THROW(g.loss.backward(tg::Tensor(), true, true), std::runtime_error);
    BOOST_TEST(!tg::is_grad_enabled());
  }
  BOOST_TEST(!g.x.grad().defined());
  g.loss.backward(tg::Tensor(), true, true);
  BOOST_TEST(values(g.x.grad()) == (std::vector<double>{4, 4}), boost::test_tools::per_element());
  g.x.mutable_grad() = tg::Tensor();
}

BOOST_AUTO_TEST_CASE(an_error_from_an_op_inside_backward_changes_no_grad) {
  // The tap's backward calls matmul on mismatched shapes the first time.
  int calls = 0;
  TwoBranches g([&] {
    if (++calls == 1) tg::matmul(tg::ones({2, 3}), tg::ones({2, 3}));
  });
  TG_CHECK_THROWS_STARTING_WITH(g.loss.backward(tg::Tensor(), true), "matmul: cannot multiply [2,3] by [2,3]");
  BOOST_TEST(!g.x.grad().defined());
  BOOST_TEST(!g.tripled.grad().defined());
  g.loss.backward();
  BOOST_TEST(values(g.x.grad()) == (std::vector<double>{4, 4}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_gradient_of_the_wrong_shape_throws_naming_the_op_and_both_shapes) {
  auto x = f64({1.0, 2.0}).requires_grad_();
  bool wrong = true;
  tg::Tensor y = [&] {
    tg::NoGradGuard no_grad;
    return x * 2.0;
  }();
  y = tg::autograd::record("WrongShapeBackward", y, {x}, [&wrong](const tg::Tensor& g) {
    return Grads{wrong ? tg::ones({3}, tg::kFloat64) : g * 2.0};
  });
  tg::Tensor loss = tg::sum(x * 5.0) + tg::sum(y);  // x * 5 delivers to x first
  TG_CHECK_THROWS_STARTING_WITH(
      loss.backward(tg::Tensor(), true),
      "WrongShapeBackward: backward produced a gradient of shape [3] for an input of shape [2]");
  BOOST_TEST(!x.grad().defined());
  wrong = false;
  loss.backward();
  BOOST_TEST(values(x.grad()) == (std::vector<double>{7, 7}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_gradient_of_the_wrong_dtype_or_count_throws_naming_the_op) {
  auto x = f64({1.0, 2.0}).requires_grad_();
  auto y = tg::autograd::record("Int64Backward", x.detach() * 1.0, {x},
                                [](const tg::Tensor&) { return Grads{tg::ones({2}, tg::kInt64)}; });
  TG_CHECK_THROWS_STARTING_WITH(tg::sum(y).backward(),
                                "Int64Backward: backward produced a int64 gradient for a float64 input");
  auto z = tg::autograd::record("TwoGradsBackward", x.detach() * 1.0, {x}, [](const tg::Tensor& g) {
    return Grads{g, g};
  });
  TG_CHECK_THROWS_STARTING_WITH(tg::sum(z).backward(), "TwoGradsBackward: backward returned 2 gradients for 1 inputs");
  BOOST_TEST(!x.grad().defined());
}

BOOST_AUTO_TEST_CASE(a_floating_gradient_of_another_dtype_is_cast_to_the_input_dtype) {
  // As PyTorch's engine: an op that promoted float32 to float64 sends float64 gradients back.
  auto x = f64({1.0, 2.0}).requires_grad_();
  auto y = tg::autograd::record("Float32Backward", x.detach() * 1.0, {x},
                                [](const tg::Tensor&) { return Grads{tg::full({2}, 3.0)}; });
  tg::sum(y).backward();
  BOOST_TEST(x.grad().dtype() == tg::kFloat64);
  BOOST_TEST(values(x.grad()) == (std::vector<double>{3, 3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(grad_runs_only_the_nodes_on_a_path_to_the_requested_inputs) {
  auto x = f64({1.0, 2.0}).requires_grad_();
  auto w = f64({3.0, 4.0}).requires_grad_();
  int toward_x = 0, toward_w = 0;
  tg::Tensor a = tap(x * 2.0, [&] { ++toward_x; });
  tg::Tensor b = tap(w * 3.0, [&] { ++toward_w; });
  tg::Tensor y = tg::sum(a * b);

  tg::Tensor dx = tg::autograd::grad({y}, {x}, {}, true)[0];
  BOOST_TEST(values(dx) == (std::vector<double>{18, 24}), boost::test_tools::per_element());  // 2 b = 6 w
  BOOST_TEST(toward_x == 1);
  BOOST_TEST(toward_w == 0);  // b's branch leads only to w

  // Asking for a non-leaf runs neither its own node nor anything below it.
  tg::Tensor da = tg::autograd::grad({y}, {a}, {}, true)[0];
  BOOST_TEST(values(da) == (std::vector<double>{9, 12}), boost::test_tools::per_element());  // b
  BOOST_TEST(toward_x == 1);
  BOOST_TEST(toward_w == 0);

  y.backward();  // the full backward runs both branches
  BOOST_TEST(toward_x == 2);
  BOOST_TEST(toward_w == 1);
  BOOST_TEST(values(w.grad()) == (std::vector<double>{6, 12}), boost::test_tools::per_element());  // 3 a = 6 x
  BOOST_TEST(values(x.grad()) == (std::vector<double>{18, 24}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(grad_frees_only_the_nodes_it_ran) {
  auto x = f64({1.0, 2.0}).requires_grad_();
  auto w = f64({0.5, 1.5}).requires_grad_();
  tg::Tensor b = tg::exp(w);  // saves its output
  tg::Tensor y = tg::sum(x * b);
  BOOST_TEST(values(tg::autograd::grad({y}, {x})[0]) == values(b), boost::test_tools::per_element());
  TG_CHECK_THROWS_WITH(tg::autograd::grad({y}, {x}), "backward through the graph a second time");
  // exp's node did not run (it leads only to w), so it still has what its backward needs
  tg::sum(b).backward();
  BOOST_TEST(values(w.grad()) == values(b), boost::test_tools::per_element());

  // A released node that a later run does not need to run is no obstacle either.
  tg::Tensor r = x * 2.0;
  tg::sum(r).backward();
  tg::Tensor z = tg::sum(r) + tg::sum(w * 3.0);
  BOOST_TEST(values(tg::autograd::grad({z}, {w})[0]) == (std::vector<double>{3, 3}), boost::test_tools::per_element());
  TG_CHECK_THROWS_WITH(z.backward(), "backward through the graph a second time");  // this one must run r's node
}

BOOST_AUTO_TEST_CASE(a_grad_of_the_wrong_shape_or_dtype_throws_before_any_grad_changes) {
  auto a = f64({1.0, 2.0}).requires_grad_();
  auto b = f64({3.0, 4.0}).requires_grad_();
  tg::Tensor loss = tg::sum(a * b);  // a's gradient is committed first
  b.mutable_grad() = tg::zeros({3}, tg::kFloat64);
  TG_CHECK_THROWS_STARTING_WITH(loss.backward(),
                                "backward: grad() holds a float64 [3] tensor, but the gradient is float64 [2]");
  BOOST_TEST(!a.grad().defined());
  b.mutable_grad() = tg::zeros({2});  // float32
  TG_CHECK_THROWS_STARTING_WITH(loss.backward(),
                                "backward: grad() holds a float32 [2] tensor, but the gradient is float64 [2]");
  BOOST_TEST(!a.grad().defined());
  b.mutable_grad() = tg::Tensor();
  loss.backward();  // a failed commit released nothing
  BOOST_TEST(values(a.grad()) == (std::vector<double>{3, 4}), boost::test_tools::per_element());
  BOOST_TEST(values(b.grad()) == (std::vector<double>{1, 2}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(grad_with_no_inputs_throws_naming_grad) {
  auto x = f64({1.0}).requires_grad_();
  auto y = x * 2.0;
  TG_CHECK_THROWS_STARTING_WITH(tg::autograd::grad({y}, {}), "grad: grad requires one or more input tensors");
  y.backward();  // the graph is untouched
  BOOST_TEST(x.grad().item<double>() == 2.0);
}

// A user op in LibTorch's custom-Function style: y = x W^T (+ b), with an optional bias passed
// as an undefined tensor.
tg::Tensor user_linear(const tg::Tensor& x, const tg::Tensor& w, const tg::Tensor& bias, bool grad_for_missing_bias) {
  tg::Tensor y = [&] {
    tg::NoGradGuard no_grad;
    tg::Tensor out = tg::matmul(x, w.t());
    return bias.defined() ? out + bias : out;
  }();
  const bool has_bias = bias.defined();
  return tg::autograd::record("UserLinearBackward", y, {x, w, bias},
                              [x, w, has_bias, grad_for_missing_bias](const tg::Tensor& g) {
                                tg::Tensor gb = has_bias || grad_for_missing_bias ? tg::sum(g, 0) : tg::Tensor();
                                return Grads{tg::matmul(g, w), tg::matmul(g.t(), x), gb};
                              },
                              {x, w});
}

BOOST_AUTO_TEST_CASE(an_undefined_input_of_record_gets_no_gradient) {
  auto x = tg::tensor({{1.0, 2.0}}, tg::kFloat64).requires_grad_();              // [1,2]
  auto w = tg::tensor({{1.0, 0.0}, {0.0, 3.0}}, tg::kFloat64).requires_grad_();  // [2,2]
  for (bool grad_for_missing_bias : {false, true}) {
    BOOST_TEST_CONTEXT("backward returns a bias gradient: " << grad_for_missing_bias) {
      x.mutable_grad() = tg::Tensor();
      w.mutable_grad() = tg::Tensor();
      tg::Tensor y = user_linear(x, w, tg::Tensor(), grad_for_missing_bias);
      BOOST_TEST(values(y) == (std::vector<double>{1, 6}), boost::test_tools::per_element());
      tg::sum(y * f64({1.0, 10.0})).backward();
      BOOST_TEST(values(x.grad()) == (std::vector<double>{1, 30}), boost::test_tools::per_element());
      BOOST_TEST(values(w.grad()) == (std::vector<double>{1, 2, 10, 20}), boost::test_tools::per_element());
    }
  }
  auto b = f64({0.5, 0.5}).requires_grad_();  // and a defined bias gets its gradient in that slot
  tg::sum(user_linear(x, w, b, false) * f64({1.0, 10.0})).backward();
  BOOST_TEST(values(b.grad()) == (std::vector<double>{1, 10}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(without_retain_graph_the_closures_are_freed_and_a_second_backward_throws) {
  auto x = f64({1.0, 2.0}).requires_grad_();
  auto token = std::make_shared<int>(0);  // captured by the closure: counts whether it is alive
  tg::Tensor y = tg::autograd::record("TokenBackward", x.detach() * 1.0, {x},
                                      [token](const tg::Tensor& g) { return Grads{g * 2.0}; });
  tg::Tensor loss = tg::sum(tg::exp(y));
  BOOST_TEST(token.use_count() == 2);
  loss.backward(tg::Tensor(), true);
  BOOST_TEST(token.use_count() == 2);  // retained
  loss.backward();
  BOOST_TEST(token.use_count() == 1);  // released, though `loss` and `y` still hold the nodes
  const std::vector<double> after_two = values(x.grad());
  BOOST_TEST(after_two[0] == 4 * std::exp(1.0), boost::test_tools::tolerance(1e-12));
  BOOST_TEST(after_two[1] == 4 * std::exp(2.0), boost::test_tools::tolerance(1e-12));
  TG_CHECK_THROWS_STARTING_WITH(loss.backward(),
                                "backward: trying to backward through the graph a second time (its saved tensors were "
                                "freed by the first backward); pass retain_graph=true");
  // A new graph on top of a released node hits the same error, and delivers nothing.
  tg::Tensor again = tg::sum(y * 3.0);
  TG_CHECK_THROWS_WITH(again.backward(), "backward through the graph a second time");
  TG_CHECK_THROWS_WITH(tg::autograd::grad({again}, {x}), "backward through the graph a second time");
  BOOST_TEST(values(x.grad()) == after_two, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(create_graph_gives_the_analytic_higher_derivatives_of_tanh_and_exp) {
  const std::vector<double> xs{-1.5, -0.3, 0.0, 0.4, 2.0};
  auto x = tg::tensor(xs, tg::kFloat64).requires_grad_();
  // tanh: t' = 1 - t^2, t'' = -2 t (1 - t^2), t''' = (1 - t^2)(6 t^2 - 2)
  tg::Tensor t = tg::tanh(x);
  tg::Tensor d1 = tg::autograd::grad({tg::sum(t)}, {x}, {}, std::nullopt, true)[0];
  tg::Tensor d2 = tg::autograd::grad({tg::sum(d1)}, {x}, {}, std::nullopt, true)[0];
  tg::Tensor d3 = tg::autograd::grad({tg::sum(d2)}, {x})[0];
  // exp(tanh x): e' = e (1 - t^2), e'' = e (1 - t^2)(1 - t^2 - 2t)
  // (a new graph: the last grad() above freed t's node, as it ran without retain_graph)
  tg::Tensor e1 = tg::autograd::grad({tg::sum(tg::exp(tg::tanh(x)))}, {x}, {}, std::nullopt, true)[0];
  tg::Tensor e2 = tg::autograd::grad({tg::sum(e1)}, {x})[0];
  std::vector<double> t1, t2, t3, ee1, ee2;
  for (double v : xs) {
    const double th = std::tanh(v), s = 1 - th * th, e = std::exp(th);
    t1.push_back(s);
    t2.push_back(-2 * th * s);
    t3.push_back(s * (6 * th * th - 2));
    ee1.push_back(e * s);
    ee2.push_back(e * s * (s - 2 * th));
  }
  tg_test::check_close(values(d1), t1, 1e-12, 1e-14, "tanh'");
  tg_test::check_close(values(d2), t2, 1e-12, 1e-14, "tanh''");
  tg_test::check_close(values(d3), t3, 1e-12, 1e-14, "tanh'''");
  tg_test::check_close(values(e1), ee1, 1e-12, 1e-14, "exp(tanh)'");
  tg_test::check_close(values(e2), ee2, 1e-12, 1e-14, "exp(tanh)''");
  BOOST_TEST(!x.grad().defined());

  // backward(create_graph) leaves a differentiable grad(): d/dx of exp'(x) = exp(x)
  auto z = f64({0.7}).requires_grad_();
  tg::exp(z * 2.0).backward(tg::Tensor(), std::nullopt, true);
  tg::Tensor gz = z.grad();  // 2 e^{2z}
  BOOST_TEST(gz.requires_grad());
  BOOST_TEST(gz.item<double>() == 2 * std::exp(1.4), boost::test_tools::tolerance(1e-12));
  BOOST_TEST(tg::autograd::grad({gz}, {z})[0].item<double>() == 4 * std::exp(1.4), boost::test_tools::tolerance(1e-12));
  z.mutable_grad() = tg::Tensor();  // grad() refers back to z's graph: break the cycle
}

BOOST_AUTO_TEST_CASE(a_backward_started_inside_a_backward_runs_apart_from_it) {
  // Runs started from a user op's backward and from a tensor hook, while the outer run is midway,
  // one of them through a node the outer run has yet to reach: each gets its own gradients.
  auto x = f64({1.0, 2.0}).requires_grad_();
  auto other = f64({2.0}).requires_grad_();
  tg::Tensor shared = x * x;
  tg::Tensor inner_dx, inner_dother;
  tg::Tensor tapped = tap(shared, [&] {
    tg::AutoGradMode enable(true);
    inner_dx = tg::autograd::grad({tg::sum(shared * 3.0)}, {x}, {}, true)[0];  // 6x, keeps shared's node
    tg::sum(tg::exp(other)).backward();
  });
  tg::Tensor doubled = shared * 2.0;
  doubled.register_hook([&](const tg::Tensor&) {
    tg::AutoGradMode enable(true);
    inner_dother = tg::autograd::grad({tg::sum(other * other)}, {other})[0];
  });
  tg::sum(tapped + doubled).backward();
  BOOST_TEST(values(x.grad()) == std::vector<double>({6.0, 12.0}), boost::test_tools::per_element());
  BOOST_TEST(values(inner_dx) == std::vector<double>({6.0, 12.0}), boost::test_tools::per_element());
  BOOST_TEST(other.grad().item<double>() == std::exp(2.0), boost::test_tools::tolerance(1e-12));
  BOOST_TEST(inner_dother.item<double>() == 4.0);
}

BOOST_AUTO_TEST_CASE(a_chain_of_100000_nodes_linked_through_saved_tensors_is_freed_without_recursion) {
  const std::int64_t nodes0 = tg::detail::live_node_count();
  constexpr int kLength = 100000;
  {  // y = y * w: each MulBackward saves the previous y (for w's gradient) and w
    auto x = f64({1.0}).requires_grad_();
    auto w = f64({1.0}).requires_grad_();
    tg::Tensor y = x;
    for (int i = 0; i < kLength; ++i) y = y * w;
    BOOST_TEST(tg::detail::live_node_count() - nodes0 == kLength);
    y.backward();
    BOOST_TEST(x.grad().item<double>() == 1.0);              // w^n
    BOOST_TEST(w.grad().item<double>() == double(kLength));  // n x w^(n-1)
  }
  BOOST_TEST(tg::detail::live_node_count() == nodes0);
  {  // y = y * y, retained: every closure still holds the previous y twice when the chain dies
    auto x = f64({1.0}).requires_grad_();
    tg::Tensor y = x;
    for (int i = 0; i < kLength; ++i) y = y * y;
    BOOST_TEST(tg::detail::live_node_count() - nodes0 == kLength);
    y.backward(tg::Tensor(), true);
    BOOST_TEST(std::isinf(x.grad().item<double>()));  // 2^100000
  }
  BOOST_TEST(tg::detail::live_node_count() == nodes0);
  {  // and never run: dropped straight after building
    auto x = f64({0.5}).requires_grad_();
    tg::Tensor y = x;
    for (int i = 0; i < kLength; ++i) y = tg::exp(y * y) * 0.5;
    BOOST_TEST(tg::detail::live_node_count() - nodes0 == 3 * kLength);
  }
  BOOST_TEST(tg::detail::live_node_count() == nodes0);
}

BOOST_AUTO_TEST_SUITE_END()
