// Elementwise ops: finite-difference checks of every gradient (first and second order),
// forward values against PyTorch, and a proof that the checker itself can fail.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>
#include <vector>

#include <tapegrad/autograd/autograd.hpp>

#include "autograd/op_test_support.hpp"

namespace tg = tapegrad;

using namespace op_test;

namespace {

/// Values with |x| in [margin, margin + 1) and random signs: away from the kink at 0.
tg::Tensor away_from_zero(const tg::Shape& shape, double margin = 0.1) {
  tg::Tensor magnitude = tg::uniform(shape, margin, margin + 1.0, kF64);
  tg::Tensor sign = tg::randint(0, 2, shape).to(tg::kFloat64) * 2.0 - 1.0;
  return leaf(magnitude * sign);
}

// A cube op whose backward forgets the factor 3, and one whose backward is right but computed
// off the tape (so its second derivative is silently zero).
tg::Tensor cube_wrong_backward(const tg::Tensor& x) {
  tg::Tensor y = [&] {
    tg::NoGradGuard no_grad;
    return x * x * x;
  }();
  return tg::autograd::record("CubeWrongBackward", y, {x},
                              [x](const tg::Tensor& g) { return std::vector<tg::Tensor>{g * x * x}; });
}

tg::Tensor cube_untaped_backward(const tg::Tensor& x) {
  tg::Tensor y = [&] {
    tg::NoGradGuard no_grad;
    return x * x * x;
  }();
  return tg::autograd::record("CubeUntapedBackward", y, {x}, [x](const tg::Tensor& g) {
    tg::NoGradGuard no_grad;
    return std::vector<tg::Tensor>{g * 3.0 * x.detach() * x.detach()};
  });
}

tg::Tensor cube_right_backward(const tg::Tensor& x) {
  tg::Tensor y = [&] {
    tg::NoGradGuard no_grad;
    return x * x * x;
  }();
  return tg::autograd::record("Cube", y, {x},
                              [x](const tg::Tensor& g) { return std::vector<tg::Tensor>{g * 3.0 * x * x}; });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gradcheck_itself)

BOOST_AUTO_TEST_CASE(rejects_a_custom_op_whose_backward_is_wrong) {
  tg::manual_seed(1);
  tg::Tensor x = away_from_zero({3});
  BOOST_TEST(!tg::gradcheck([](const auto& in) { return cube_wrong_backward(in[0]); }, {x}, 1e-6, 1e-5, 1e-3, false));
  TG_CHECK_THROWS_STARTING_WITH(tg::gradcheck([](const auto& in) { return cube_wrong_backward(in[0]); }, {x}),
                                "gradcheck: Jacobian mismatch");
}

BOOST_AUTO_TEST_CASE(accepts_the_same_custom_op_with_the_right_backward) {
  tg::manual_seed(1);
  tg::Tensor x = away_from_zero({3});
  BOOST_TEST(tg::gradcheck([](const auto& in) { return cube_right_backward(in[0]); }, {x}));
  BOOST_TEST(tg::gradgradcheck([](const auto& in) { return cube_right_backward(in[0]); }, {x}));
}

BOOST_AUTO_TEST_CASE(gradgradcheck_rejects_a_backward_computed_off_the_tape) {
  tg::manual_seed(1);
  tg::Tensor x = away_from_zero({3});
  auto fn = [](const std::vector<tg::Tensor>& in) { return cube_untaped_backward(in[0]); };
  BOOST_TEST(tg::gradcheck(fn, {x}));                                // first order is right...
  BOOST_TEST(!tg::gradgradcheck(fn, {x}, 1e-6, 1e-5, 1e-3, false));  // ...second order is not
}

BOOST_AUTO_TEST_CASE(rejects_float32_inputs_and_inputs_without_grad) {
  tg::Tensor x32 = tg::ones({2}).requires_grad_();
  auto identity = [](const std::vector<tg::Tensor>& in) { return in[0] * 1.0; };
  TG_CHECK_THROWS_STARTING_WITH(tg::gradcheck(identity, {x32}), "gradcheck: input 0 is float32");
  TG_CHECK_THROWS_STARTING_WITH(tg::gradcheck(identity, {tg::ones({2}, tg::kFloat64)}),
                                "gradcheck: no input requires grad");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(elementwise_gradients, Seeded)

BOOST_AUTO_TEST_CASE(binary_ops_match_finite_differences_for_equal_shapes) {
  tg::Tensor a = rnd({2, 3}), b = away_from_zero({2, 3});
  expect_gradcheck("add", [](const auto& in) { return in[0] + in[1]; }, {a, b});
  expect_gradcheck("sub", [](const auto& in) { return in[0] - in[1]; }, {a, b});
  expect_gradcheck("mul", [](const auto& in) { return in[0] * in[1]; }, {a, b});
  expect_gradcheck("div", [](const auto& in) { return in[0] / in[1]; }, {a, b});
  expect_gradcheck("add of a tensor with itself", [](const auto& in) { return in[0] + in[0]; }, {a});
  expect_gradcheck("mul of a tensor with itself", [](const auto& in) { return in[0] * in[0]; }, {a});
  expect_gradcheck("div of a tensor by itself", [](const auto& in) { return in[0] / in[0]; }, {b});
}

BOOST_AUTO_TEST_CASE(binary_ops_sum_gradients_back_over_broadcast_dimensions) {
  tg::Tensor m = rnd({2, 3}), row = away_from_zero({3}), col = away_from_zero({2, 1}), line = away_from_zero({1, 3}),
             s = leaf(tg::scalar_tensor(0.7, kF64));
  expect_gradcheck("[2,3] + [3]", [](const auto& in) { return in[0] + in[1]; }, {m, row});
  expect_gradcheck("[3] - [2,3]", [](const auto& in) { return in[1] - in[0]; }, {m, row});
  expect_gradcheck("[2,3] * [3]", [](const auto& in) { return in[0] * in[1]; }, {m, row});
  expect_gradcheck("[2,3] / [3]", [](const auto& in) { return in[0] / in[1]; }, {m, row});
  expect_gradcheck("[2,1] + [1,3]", [](const auto& in) { return in[0] + in[1]; }, {col, line});
  expect_gradcheck("[2,1] * [1,3]", [](const auto& in) { return in[0] * in[1]; }, {col, line});
  expect_gradcheck("[2,1] / [1,3]", [](const auto& in) { return in[0] / in[1]; }, {col, line});
  expect_gradcheck("[1,3] - [2,1]", [](const auto& in) { return in[0] - in[1]; }, {line, col});
  expect_gradcheck("0-d * [2,3]", [](const auto& in) { return in[0] * in[1]; }, {s, m});
  expect_gradcheck("[2,3] / 0-d", [](const auto& in) { return in[1] / in[0]; }, {s, m});
  expect_gradcheck("0-d - [2,3]", [](const auto& in) { return in[0] - in[1]; }, {s, m});
  expect_gradcheck("0-d + 0-d", [](const auto& in) { return in[0] + in[0] * in[0]; }, {s});
}

BOOST_AUTO_TEST_CASE(row_broadcasts_wide_enough_for_the_fast_path_match_the_generic_path) {
  // Rows of >= 16 elements take map_binary's row-by-row path; [3,20] with [20] (either order,
  // and with leading 1s) must agree with the generic broadcast through expand().
  tg::Tensor m = away_from_zero({3, 20}), row = away_from_zero({20}), row3 = away_from_zero({1, 1, 20});
  expect_gradcheck("[3,20] + [20]", [](const auto& in) { return in[0] + in[1]; }, {m, row});
  expect_gradcheck("[20] - [3,20]", [](const auto& in) { return in[1] - in[0]; }, {m, row});
  expect_gradcheck("[3,20] * [20]", [](const auto& in) { return in[0] * in[1]; }, {m, row});
  expect_gradcheck("[20] / [3,20]", [](const auto& in) { return in[1] / in[0]; }, {m, row});
  expect_gradcheck("[1,1,20] * [3,20]", [](const auto& in) { return in[1] * in[0]; }, {m, row3});
  using Op = tg::Tensor (*)(const tg::Tensor&, const tg::Tensor&);
  for (Op op : {Op(tg::add), Op(tg::sub), Op(tg::mul), Op(tg::div)}) {
    BOOST_TEST(values_of(op(m, row)) == values_of(op(m, row.expand({3, 20}))), boost::test_tools::per_element());
    BOOST_TEST(values_of(op(row, m)) == values_of(op(row.expand({3, 20}), m)), boost::test_tools::per_element());
  }
  tg::Tensor y = row3 + m;
  BOOST_TEST(y.shape() == (tg::Shape{1, 3, 20}));
}

BOOST_AUTO_TEST_CASE(ops_with_a_scalar_match_finite_differences_on_both_sides) {
  tg::Tensor x = away_from_zero({2, 3});
  expect_gradcheck("x + 2", [](const auto& in) { return in[0] + 2.0; }, {x});
  expect_gradcheck("2 + x", [](const auto& in) { return 2.0 + in[0]; }, {x});
  expect_gradcheck("x - 2", [](const auto& in) { return in[0] - 2.0; }, {x});
  expect_gradcheck("2 - x", [](const auto& in) { return 2.0 - in[0]; }, {x});
  expect_gradcheck("x * 3", [](const auto& in) { return in[0] * 3.0; }, {x});
  expect_gradcheck("3 * x", [](const auto& in) { return 3.0 * in[0]; }, {x});
  expect_gradcheck("x / 3", [](const auto& in) { return in[0] / 3.0; }, {x});
  expect_gradcheck("3 / x", [](const auto& in) { return 3.0 / in[0]; }, {x});
  expect_gradcheck("add(x, 2)", [](const auto& in) { return tg::add(in[0], 2.0); }, {x});
  expect_gradcheck("mul(x, -1.5)", [](const auto& in) { return tg::mul(in[0], -1.5); }, {x});
}

BOOST_AUTO_TEST_CASE(compound_assignment_operators_record_like_the_binary_ops) {
  tg::Tensor a = rnd({2, 3}), b = away_from_zero({3});
  expect_gradcheck("+=, -=, *=, /=",
                   [](const auto& in) {
                     tg::Tensor y = in[0] * 1.0;
                     y += in[1];
                     y *= in[1];
                     y -= in[0];
                     y /= in[1];
                     return y;
                   },
                   {a, b});
}

BOOST_AUTO_TEST_CASE(unary_ops_match_finite_differences) {
  tg::Tensor x = rnd({2, 3}, -2.0, 2.0), positive = rnd({2, 3}, 0.2, 2.0), nonzero = away_from_zero({2, 3});
  expect_gradcheck("neg", [](const auto& in) { return tg::neg(in[0]); }, {x});
  expect_gradcheck("unary minus", [](const auto& in) { return -in[0]; }, {x});
  expect_gradcheck("exp", [](const auto& in) { return tg::exp(in[0]); }, {x});
  expect_gradcheck("log", [](const auto& in) { return tg::log(in[0]); }, {positive});
  expect_gradcheck("sqrt", [](const auto& in) { return tg::sqrt(in[0]); }, {positive});
  expect_gradcheck("abs away from 0", [](const auto& in) { return tg::abs(in[0]); }, {nonzero});
  expect_gradcheck("sigmoid", [](const auto& in) { return tg::sigmoid(in[0]); }, {x});
  expect_gradcheck("tanh", [](const auto& in) { return tg::tanh(in[0]); }, {x});
  expect_gradcheck("relu away from 0", [](const auto& in) { return tg::relu(in[0]); }, {nonzero});
  expect_gradcheck("leaky_relu default slope", [](const auto& in) { return tg::leaky_relu(in[0]); }, {nonzero});
  expect_gradcheck("leaky_relu slope 0.3", [](const auto& in) { return tg::leaky_relu(in[0], 0.3); }, {nonzero});
  expect_gradcheck("softplus", [](const auto& in) { return tg::softplus(in[0]); }, {x});
  expect_gradcheck("methods exp/log/sqrt/abs/tanh/sigmoid/relu/neg",
                   [](const auto& in) {
                     return in[0].exp() + in[0].log() + in[0].sqrt() + in[0].abs() + in[0].tanh() + in[0].sigmoid() +
                            in[0].relu() + in[0].neg();
                   },
                   {positive});
}

BOOST_AUTO_TEST_CASE(softplus_matches_finite_differences_on_both_sides_of_its_threshold) {
  // beta 2, threshold 1: x < 0.5 is the smooth branch, x > 0.5 the linear one. The function
  // jumps at x = 0.5 exactly (as in PyTorch), so the inputs stay clear of it.
  tg::Tensor x = leaf(tg::tensor({-1.5, -0.2, 0.1, 0.4, 0.6, 0.9, 2.0}, kF64));
  expect_gradcheck("softplus beta 2 threshold 1", [](const auto& in) { return tg::softplus(in[0], 2.0, 1.0); }, {x});
  tg::Tensor big = leaf(tg::tensor({-40.0, 19.0, 21.0, 40.0}, kF64));
  expect_gradcheck("softplus at large |x|", [](const auto& in) { return tg::softplus(in[0]); }, {big});
}

BOOST_AUTO_TEST_CASE(clamp_matches_finite_differences_away_from_its_bounds) {
  // Values at least 0.05 from both bounds (-0.5 and 0.4), on both sides of each.
  tg::Tensor x = leaf(tg::tensor({-1.2, -0.6, -0.44, 0.0, 0.3, 0.46, 1.1, -0.2}, kF64));
  expect_gradcheck("clamp(min, max)", [](const auto& in) { return tg::clamp(in[0], -0.5, 0.4); }, {x});
  expect_gradcheck("clamp(min)", [](const auto& in) { return tg::clamp(in[0], -0.5, std::nullopt); }, {x});
  expect_gradcheck("clamp(max)", [](const auto& in) { return tg::clamp(in[0], std::nullopt, 0.4); }, {x});
  expect_gradcheck("clamp method", [](const auto& in) { return in[0].clamp(-0.5, 0.4); }, {x});
}

BOOST_AUTO_TEST_CASE(clamp_passes_the_gradient_at_its_bounds_as_pytorch_does) {
  tg::Tensor x = leaf(tg::tensor({-0.5, 0.4, -0.6, 0.5, 0.0}, kF64));
  tg::sum(tg::clamp(x, -0.5, 0.4)).backward();
  BOOST_TEST(values_of(x.grad()) == std::vector<double>({1, 1, 0, 0, 1}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(relu_and_abs_have_gradient_zero_at_zero_as_pytorch) {
  tg::Tensor x = leaf(tg::tensor({-1.0, 0.0, 2.0}, kF64));
  tg::sum(tg::relu(x)).backward();
  BOOST_TEST(values_of(x.grad()) == std::vector<double>({0, 0, 1}), boost::test_tools::per_element());
  tg::Tensor y = leaf(tg::tensor({-1.0, 0.0, 2.0}, kF64));
  tg::sum(tg::abs(y)).backward();
  BOOST_TEST(values_of(y.grad()) == std::vector<double>({-1, 0, 1}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(pow_matches_finite_differences_for_scalar_and_tensor_exponents) {
  tg::Tensor x = rnd({2, 3}, -2.0, 2.0), positive = rnd({2, 3}, 0.2, 2.0), e = rnd({2, 3}, -1.5, 2.5),
             row = rnd({3}, -1.0, 2.0);
  for (double p : {0.0, 1.0, 2.0, 3.0, -1.0})
    expect_gradcheck("pow(x, " + std::to_string(p) + ")", [p](const auto& in) { return tg::pow(in[0], p); },
                     {p < 0 ? positive : x});
  for (double p : {0.5, -1.5, 2.7})
    expect_gradcheck("pow(positive, " + std::to_string(p) + ")", [p](const auto& in) { return in[0].pow(p); },
                     {positive});
  expect_gradcheck("pow(a, b) tensors", [](const auto& in) { return tg::pow(in[0], in[1]); }, {positive, e});
  expect_gradcheck("pow(a, b) broadcast [2,3] ^ [3]", [](const auto& in) { return in[0].pow(in[1]); }, {positive, row});
  expect_gradcheck("pow(a, b) exponent only", [](const auto& in) { return tg::pow(in[0], in[1]); },
                   {positive.detach(), e});
}

BOOST_AUTO_TEST_CASE(ops_on_transposed_and_sliced_inputs_match_finite_differences) {
  tg::Tensor a = rnd({3, 2}), b = away_from_zero({2, 3}), wide = rnd({2, 6});
  expect_gradcheck("mul(a^T, b)", [](const auto& in) { return in[0].t() * in[1]; }, {a, b});
  expect_gradcheck("div(b, a^T)", [](const auto& in) { return in[1] / in[0].t(); }, {a, b});
  expect_gradcheck("exp(wide[:, ::2])", [](const auto& in) { return tg::exp(in[0].slice(1, 0, std::nullopt, 2)); },
                   {wide});
  expect_gradcheck("tanh(permuted) + sliced",
                   [](const auto& in) { return tg::tanh(in[0].transpose(0, 1)) + in[1].t().slice(0, 1, 4).t(); },
                   {a, wide});
}

BOOST_AUTO_TEST_CASE(casts_and_clones_pass_gradients_through) {
  tg::Tensor x = rnd({2, 3}, 0.5, 2.0);
  // float64 -> float32 -> float64: float32 rounding limits the finite differences' accuracy.
  expect_gradcheck(
      "to(float32).to(float64) chain",
      [](const auto& in) { return (in[0].to(tg::kFloat32) * 2.0).exp().to(tg::kFloat64) * in[0]; }, {x}, 1e-3, 1e-3,
      1e-2);
  expect_gradcheck("clone", [](const auto& in) { return in[0].clone() * in[0]; }, {x});

  tg::Tensor y = leaf(tg::tensor({1.0, 2.0}, kF64));
  tg::Tensor y32 = y.to(tg::kFloat32);
  BOOST_TEST(y32.dtype() == tg::kFloat32);
  BOOST_TEST(y32.grad_fn_name() == "ToCopyBackward");
  tg::sum(y32 * 3.0).backward();
  BOOST_REQUIRE(y.grad().defined());
  BOOST_TEST(y.grad().dtype() == tg::kFloat64);
  BOOST_TEST(values_of(y.grad()) == std::vector<double>({3, 3}), boost::test_tools::per_element());
  BOOST_TEST(y.to(tg::kFloat64).impl() == y.impl());  // same dtype: returned unchanged
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(elementwise_second_order_gradients, Seeded)

BOOST_AUTO_TEST_CASE(second_derivatives_match_finite_differences) {
  tg::Tensor a = rnd({2, 3}), b = away_from_zero({2, 3}), positive = rnd({2, 3}, 0.3, 2.0), row = rnd({3}, 0.5, 2.0);
  expect_gradgradcheck("mul", [](const auto& in) { return in[0] * in[1]; }, {a, b});
  expect_gradgradcheck("mul broadcast", [](const auto& in) { return in[0] * in[1]; }, {a, row});
  expect_gradgradcheck("div", [](const auto& in) { return in[0] / in[1]; }, {a, b});
  expect_gradgradcheck("scalar / x", [](const auto& in) { return 2.0 / in[0]; }, {b});
  expect_gradgradcheck("exp", [](const auto& in) { return tg::exp(in[0]); }, {a});
  expect_gradgradcheck("log", [](const auto& in) { return tg::log(in[0]); }, {positive});
  expect_gradgradcheck("tanh", [](const auto& in) { return tg::tanh(in[0]); }, {a});
  expect_gradgradcheck("sigmoid", [](const auto& in) { return tg::sigmoid(in[0]); }, {a});
  expect_gradgradcheck("sqrt", [](const auto& in) { return tg::sqrt(in[0]); }, {positive});
  expect_gradgradcheck("pow(x, 3)", [](const auto& in) { return tg::pow(in[0], 3.0); }, {a});
  expect_gradgradcheck("pow(x, 2)", [](const auto& in) { return tg::pow(in[0], 2.0); }, {a});
  expect_gradgradcheck("pow(x, -0.5)", [](const auto& in) { return tg::pow(in[0], -0.5); }, {positive});
  expect_gradgradcheck("pow(a, b) tensors", [](const auto& in) { return tg::pow(in[0], in[1]); }, {positive, a});
  expect_gradgradcheck("softplus", [](const auto& in) { return tg::softplus(in[0]); }, {a});
  expect_gradgradcheck("neg, sub, add", [](const auto& in) { return (-in[0] - in[1]) * (in[0] + 1.0); }, {a, b});
  expect_gradgradcheck("composite tanh(a*b) + softplus(a) * exp(b)",
                       [](const auto& in) { return tg::tanh(in[0] * in[1]) + tg::softplus(in[0]) * tg::exp(in[1]); },
                       {a, b});
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(elementwise_forward_values)

BOOST_AUTO_TEST_CASE(match_pytorch_golden_values_and_gradients) {
  check_against_torch("sigmoid", [](const auto& in) { return tg::sigmoid(in[0]); });
  check_against_torch("tanh", [](const auto& in) { return tg::tanh(in[0]); });
  check_against_torch("softplus_beta2_threshold1", [](const auto& in) { return tg::softplus(in[0], 2.0, 1.0); });
  check_against_torch("softplus_default", [](const auto& in) { return tg::softplus(in[0]); });
  check_against_torch("leaky_relu_0p2", [](const auto& in) { return tg::leaky_relu(in[0], 0.2); });
  check_against_torch("pow_scalar_3", [](const auto& in) { return tg::pow(in[0], 3.0); });
  check_against_torch("pow_scalar_half", [](const auto& in) { return tg::pow(in[0], 0.5); });
  check_against_torch("pow_tensor", [](const auto& in) { return tg::pow(in[0], in[1]); });
  check_against_torch("div_broadcast", [](const auto& in) { return in[0] / in[1]; });
  check_against_torch("log", [](const auto& in) { return tg::log(in[0]); });
}

BOOST_AUTO_TEST_CASE(sigmoid_and_softplus_stay_finite_at_extreme_inputs) {
  for (tg::Dtype dtype : {tg::kFloat32, tg::kFloat64}) {
    tg::Tensor x = tg::tensor({-1000.0, -100.0, 100.0, 1000.0}, dtype);
    std::vector<double> s = values_of(tg::sigmoid(x)), sp = values_of(tg::softplus(x));
    BOOST_TEST(s[0] == 0.0);
    BOOST_TEST(s[3] == 1.0);
    BOOST_TEST(sp[0] == 0.0);
    BOOST_TEST(sp[3] == 1000.0);
    for (double v : s) BOOST_TEST(std::isfinite(v));
    for (double v : sp) BOOST_TEST(std::isfinite(v));
  }
}

BOOST_AUTO_TEST_CASE(hand_computed_values) {
  tg::Tensor x = tg::tensor({-2.0, -0.5, 0.0, 1.5});
  BOOST_TEST(values_of(tg::relu(x)) == std::vector<double>({0, 0, 0, 1.5}), boost::test_tools::per_element());
  BOOST_TEST(values_of(tg::abs(x)) == std::vector<double>({2, 0.5, 0, 1.5}), boost::test_tools::per_element());
  BOOST_TEST(values_of(tg::sign(x)) == std::vector<double>({-1, -1, 0, 1}), boost::test_tools::per_element());
  BOOST_TEST(values_of(tg::leaky_relu(x, 0.1)) == std::vector<double>({-0.2f, -0.05f, 0, 1.5}),
             boost::test_tools::per_element());
  BOOST_TEST(values_of(tg::clamp(x, -1.0, 1.0)) == std::vector<double>({-1, -0.5, 0, 1}),
             boost::test_tools::per_element());
  BOOST_TEST(values_of(-x) == std::vector<double>({2, 0.5, 0, -1.5}), boost::test_tools::per_element());
  BOOST_TEST(values_of(2.0 - x) == std::vector<double>({4, 2.5, 2, 0.5}), boost::test_tools::per_element());
  BOOST_TEST(values_of(3.0 / tg::tensor({2.0, -4.0})) == std::vector<double>({1.5, -0.75}),
             boost::test_tools::per_element());
  BOOST_TEST(values_of(tg::pow(tg::tensor({2.0, 3.0}), tg::tensor({3.0, 0.5}))[0]) == std::vector<double>({8}));
  // [2,1] + [1,3] broadcasts to [2,3]
  tg::Tensor sum = tg::tensor({{1.0}, {2.0}}) + tg::tensor({{10.0, 20.0, 30.0}});
  BOOST_TEST(sum.shape() == tg::Shape({2, 3}), boost::test_tools::per_element());
  BOOST_TEST(values_of(sum) == std::vector<double>({11, 21, 31, 12, 22, 32}), boost::test_tools::per_element());
  // the result keeps the operands' dtype
  BOOST_TEST((tg::ones({2}, tg::kFloat64) * 2.0).dtype() == tg::kFloat64);
  BOOST_TEST(tg::exp(tg::ones({2})).dtype() == tg::kFloat32);
}

BOOST_AUTO_TEST_CASE(gradients_are_recorded_only_when_needed) {
  tg::Tensor x = tg::ones({2}, kF64).requires_grad_();
  tg::Tensor c = tg::ones({2}, kF64);
  BOOST_TEST((x * c).grad_fn_name() == "MulBackward");
  BOOST_TEST((c * c).requires_grad() == false);
  {
    tg::NoGradGuard no_grad;
    BOOST_TEST((x * c).requires_grad() == false);
  }
  BOOST_TEST(tg::sign(x).requires_grad() == false);
}

BOOST_AUTO_TEST_SUITE_END()
