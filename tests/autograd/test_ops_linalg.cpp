// Matrix products: matmul over every rank combination and mm with each transpose flag,
// checked by finite differences (first and second order), against PyTorch and by hand.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>
#include <vector>

#include <tapegrad/autograd/autograd.hpp>

#include "autograd/op_test_support.hpp"

namespace tg = tapegrad;

using namespace op_test;

BOOST_FIXTURE_TEST_SUITE(matmul_gradients, Seeded)

BOOST_AUTO_TEST_CASE(matmul_matches_finite_differences_for_every_rank_combination) {
  auto product = [](const std::vector<tg::Tensor>& in) { return tg::matmul(in[0], in[1]); };
  struct Case {
    const char* name;
    tg::Shape a, b;
  };
  for (const Case& c :
       {Case{"1-D . 1-D", {4}, {4}}, Case{"2-D . 1-D", {3, 4}, {4}}, Case{"1-D . 2-D", {4}, {4, 2}},
        Case{"2-D . 2-D", {3, 4}, {4, 2}}, Case{"3-D . 3-D", {2, 3, 4}, {2, 4, 2}},
        Case{"3-D . 2-D", {2, 3, 4}, {4, 2}}, Case{"2-D . 3-D", {3, 4}, {2, 4, 2}}, Case{"3-D . 1-D", {2, 3, 4}, {4}},
        Case{"1-D . 3-D", {4}, {2, 4, 3}}, Case{"1x1 . 1x1", {1, 1}, {1, 1}}}) {
    tg::Tensor a = rnd(c.a), b = rnd(c.b);
    expect_gradcheck(std::string("matmul ") + c.name, product, {a, b});
    expect_gradcheck(std::string("matmul ") + c.name + ", left input only", product, {a, b.detach()});
    expect_gradcheck(std::string("matmul ") + c.name + ", right input only", product, {a.detach(), b});
  }
}

BOOST_AUTO_TEST_CASE(mm_matches_finite_differences_for_each_transpose_flag) {
  for (bool ta : {false, true})
    for (bool tb : {false, true}) {
      std::string name = std::string("mm(") + (ta ? "a^T" : "a") + ", " + (tb ? "b^T" : "b") + ")";
      tg::Tensor a = rnd(ta ? tg::Shape{4, 3} : tg::Shape{3, 4}), b = rnd(tb ? tg::Shape{2, 4} : tg::Shape{4, 2});
      expect_gradcheck(name, [=](const auto& in) { return tg::mm(in[0], in[1], ta, tb); }, {a, b});
      tg::Tensor ba = rnd(ta ? tg::Shape{2, 4, 3} : tg::Shape{2, 3, 4}),
                 bb = rnd(tb ? tg::Shape{2, 2, 4} : tg::Shape{2, 4, 2});
      expect_gradcheck("batched " + name, [=](const auto& in) { return tg::mm(in[0], in[1], ta, tb); }, {ba, bb});
      expect_gradcheck("batched-by-2-D " + name, [=](const auto& in) { return tg::mm(in[0], in[1], ta, tb); }, {ba, b});
      expect_gradcheck("2-D-by-batched " + name, [=](const auto& in) { return tg::mm(in[0], in[1], ta, tb); }, {a, bb});
      // the flag must equal an explicit transpose
      tg::Tensor flagged = tg::mm(a, b, ta, tb);
      tg::Tensor explicit_t = tg::matmul(ta ? a.t() : a, tb ? b.t() : b);
      tg_test::check_close(flagged, explicit_t, 1e-12, 1e-12, name + " equals the explicit transpose");
    }
}

BOOST_AUTO_TEST_CASE(matmul_of_transposed_and_sliced_inputs_matches_finite_differences) {
  tg::Tensor a = rnd({4, 3}), b = rnd({2, 8});
  expect_gradcheck("a^T @ b[:, ::2]^T",
                   [](const auto& in) { return tg::matmul(in[0].t(), in[1].slice(1, 0, std::nullopt, 2).t()); },
                   {a, b});
  expect_gradcheck("a @ a^T (same input twice)", [](const auto& in) { return in[0].matmul(in[0].t()); }, {a});
}

BOOST_AUTO_TEST_CASE(second_derivatives_match_finite_differences) {
  tg::Tensor a = rnd({3, 4}), b = rnd({4, 2}), v = rnd({4}), ba = rnd({2, 3, 4}), bb = rnd({2, 4, 2});
  expect_gradgradcheck("matmul 2-D", [](const auto& in) { return tg::matmul(in[0], in[1]); }, {a, b});
  expect_gradgradcheck("matmul 2-D . 1-D", [](const auto& in) { return tg::matmul(in[0], in[1]); }, {a, v});
  expect_gradgradcheck("matmul batched", [](const auto& in) { return tg::matmul(in[0], in[1]); }, {ba, bb});
  expect_gradgradcheck("mm(a^T, a)", [](const auto& in) { return tg::mm(in[0], in[0], true, false); }, {a});
  expect_gradgradcheck("composite tanh(x @ w) + softplus(x @ w)",
                       [](const auto& in) {
                         tg::Tensor h = tg::matmul(in[0], in[1]);
                         return tg::tanh(h) + tg::softplus(h);
                       },
                       {a, b});
  expect_gradgradcheck("two-layer network",
                       [](const auto& in) { return tg::matmul(tg::tanh(tg::matmul(in[0], in[1])), in[2]); },
                       {a, b, rnd({2, 3})});
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(matmul_forward_values)

BOOST_AUTO_TEST_CASE(match_pytorch_golden_values_and_gradients) {
  auto product = [](const std::vector<tg::Tensor>& in) { return tg::matmul(in[0], in[1]); };
  check_against_torch("matmul_3d_2d", product);
  check_against_torch("matmul_3d_3d", product);
  check_against_torch("matmul_1d_2d", product);
}

BOOST_AUTO_TEST_CASE(hand_computed_products_have_numpy_result_shapes) {
  tg::Tensor m = tg::tensor({{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}});  // [3,2]
  tg::Tensor v = tg::tensor({1.0, -1.0});
  tg::Tensor mv = tg::matmul(m, v);
  BOOST_TEST(mv.shape() == tg::Shape({3}), boost::test_tools::per_element());
  BOOST_TEST(values_of(mv) == std::vector<double>({-1, -1, -1}), boost::test_tools::per_element());
  tg::Tensor dot = tg::matmul(v, v);
  BOOST_TEST(dot.dim() == 0);
  BOOST_TEST(dot.item<double>() == 2.0);
  tg::Tensor vm = tg::matmul(tg::tensor({1.0, 0.0, 2.0}), m);
  BOOST_TEST(vm.shape() == tg::Shape({2}), boost::test_tools::per_element());
  BOOST_TEST(values_of(vm) == std::vector<double>({11, 14}), boost::test_tools::per_element());
  tg::Tensor mm = m.matmul(m.t());
  BOOST_TEST(mm.shape() == tg::Shape({3, 3}), boost::test_tools::per_element());
  BOOST_TEST(values_of(mm) == std::vector<double>({5, 11, 17, 11, 25, 39, 17, 39, 61}),
             boost::test_tools::per_element());
  tg::Tensor batch = tg::stack({m.t(), m.t() * 2.0});  // [2,2,3]
  tg::Tensor bm = tg::matmul(batch, m);                // [2,2,2]
  BOOST_TEST(bm.shape() == tg::Shape({2, 2, 2}), boost::test_tools::per_element());
  BOOST_TEST(values_of(bm) == std::vector<double>({35, 44, 44, 56, 70, 88, 88, 112}), boost::test_tools::per_element());
  BOOST_TEST(tg::matmul(m.t(), batch.transpose(1, 2)).shape() == tg::Shape({2, 2, 2}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::matmul(tg::ones({2, 3, 4}), tg::ones({4})).shape() == tg::Shape({2, 3}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::matmul(tg::ones({4}), tg::ones({2, 4, 3})).shape() == tg::Shape({2, 3}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::matmul(tg::ones({3, 4}, tg::kFloat64), tg::ones({4, 2}, tg::kFloat64)).dtype() == tg::kFloat64);
}

BOOST_AUTO_TEST_CASE(products_with_an_empty_inner_dimension_are_zero) {
  tg::Tensor c = tg::matmul(tg::ones({2, 0}), tg::ones({0, 3}));
  BOOST_TEST(c.shape() == tg::Shape({2, 3}), boost::test_tools::per_element());
  BOOST_TEST(values_of(c) == std::vector<double>(6, 0.0), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
