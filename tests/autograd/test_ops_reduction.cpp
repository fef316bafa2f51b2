// Reductions (sum, mean, max, min, var, softmax, log_softmax, logsumexp, argmax, argmin):
// finite-difference checks over every axis form, forward values against PyTorch and by hand.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <tapegrad/autograd/autograd.hpp>

#include "autograd/op_test_support.hpp"

namespace tg = tapegrad;

using namespace op_test;

BOOST_FIXTURE_TEST_SUITE(reduction_gradients, Seeded)

BOOST_AUTO_TEST_CASE(sum_and_mean_match_finite_differences_over_all_axes) {
  tg::Tensor x = rnd({2, 3, 4});
  expect_gradcheck("sum()", [](const auto& in) { return tg::sum(in[0]); }, {x});
  expect_gradcheck("mean()", [](const auto& in) { return in[0].mean(); }, {x});
  for (std::int64_t axis : {0, 1, 2, -1, -3})
    for (bool keepdim : {false, true}) {
      std::string where = "(axis " + std::to_string(axis) + (keepdim ? ", keepdim)" : ")");
      expect_gradcheck("sum" + where, [=](const auto& in) { return tg::sum(in[0], axis, keepdim); }, {x});
      expect_gradcheck("mean" + where, [=](const auto& in) { return in[0].mean(axis, keepdim); }, {x});
    }
  tg::Tensor s = leaf(tg::scalar_tensor(1.5, kF64));
  expect_gradcheck("sum of a 0-d tensor", [](const auto& in) { return tg::sum(in[0]) * in[0]; }, {s});
}

BOOST_AUTO_TEST_CASE(max_and_min_match_finite_differences_without_ties) {
  tg::Tensor x = rnd({3, 4});  // continuous random values: ties have probability 0
  expect_gradcheck("max()", [](const auto& in) { return tg::max(in[0]); }, {x});
  expect_gradcheck("min()", [](const auto& in) { return in[0].min(); }, {x});
  for (std::int64_t axis : {0, 1, -1})
    for (bool keepdim : {false, true}) {
      std::string where = "(axis " + std::to_string(axis) + (keepdim ? ", keepdim)" : ")");
      expect_gradcheck("max" + where, [=](const auto& in) { return std::get<0>(tg::max(in[0], axis, keepdim)); }, {x});
      expect_gradcheck("min" + where, [=](const auto& in) { return std::get<0>(in[0].min(axis, keepdim)); }, {x});
    }
}

BOOST_AUTO_TEST_CASE(var_matches_finite_differences) {
  tg::Tensor x = rnd({3, 4});
  expect_gradcheck("var() unbiased", [](const auto& in) { return tg::var(in[0]); }, {x});
  expect_gradcheck("var() biased", [](const auto& in) { return in[0].var(false); }, {x});
  for (std::int64_t axis : {0, 1, -2})
    for (bool keepdim : {false, true})
      for (bool unbiased : {true, false}) {
        std::string where =
            "(axis " + std::to_string(axis) + (unbiased ? ", unbiased" : ", biased") + (keepdim ? ", keepdim)" : ")");
        expect_gradcheck("var" + where, [=](const auto& in) { return tg::var(in[0], axis, unbiased, keepdim); }, {x});
      }
}

BOOST_AUTO_TEST_CASE(softmax_family_matches_finite_differences) {
  tg::Tensor x = rnd({2, 3, 4}, -3.0, 3.0);
  for (std::int64_t axis : {0, 1, 2, -1}) {
    std::string where = "(axis " + std::to_string(axis) + ")";
    expect_gradcheck("softmax" + where, [=](const auto& in) { return tg::softmax(in[0], axis); }, {x});
    expect_gradcheck("log_softmax" + where, [=](const auto& in) { return in[0].log_softmax(axis); }, {x});
    expect_gradcheck("logsumexp" + where, [=](const auto& in) { return tg::logsumexp(in[0], axis); }, {x});
    expect_gradcheck("logsumexp keepdim" + where, [=](const auto& in) { return tg::logsumexp(in[0], axis, true); },
                     {x});
  }
  tg::Tensor big = leaf(tg::tensor({{1000.0, 999.0, -1000.0}, {-1000.0, -999.5, -1001.0}}, kF64));
  expect_gradcheck("softmax at +-1000", [](const auto& in) { return tg::softmax(in[0], 1); }, {big});
  expect_gradcheck("log_softmax at +-1000", [](const auto& in) { return tg::log_softmax(in[0], 1); }, {big});
  expect_gradcheck("logsumexp at +-1000", [](const auto& in) { return tg::logsumexp(in[0], 1); }, {big});
}

BOOST_AUTO_TEST_CASE(reductions_of_transposed_and_sliced_inputs_match_finite_differences) {
  tg::Tensor x = rnd({4, 3});
  expect_gradcheck("sum(x^T, 1)", [](const auto& in) { return tg::sum(in[0].t(), 1); }, {x});
  expect_gradcheck("max(x^T, 0)", [](const auto& in) { return std::get<0>(tg::max(in[0].t(), 0)); }, {x});
  expect_gradcheck("softmax(x[::2]^T, -1)",
                   [](const auto& in) { return tg::softmax(in[0].slice(0, 0, std::nullopt, 2).t(), -1); }, {x});
  expect_gradcheck("var(x[1:], 0)", [](const auto& in) { return tg::var(in[0].slice(0, 1), std::int64_t{0}); }, {x});
}

BOOST_AUTO_TEST_CASE(sum_to_matches_finite_differences) {
  tg::Tensor x = rnd({2, 3, 4});
  expect_gradcheck("sum_to [3,1]", [](const auto& in) { return tg::sum_to(in[0], {3, 1}); }, {x});
  expect_gradcheck("sum_to [2,1,4]", [](const auto& in) { return tg::sum_to(in[0], {2, 1, 4}); }, {x});
  expect_gradcheck("sum_to []", [](const auto& in) { return tg::sum_to(in[0], {}); }, {x});
}

BOOST_AUTO_TEST_CASE(second_derivatives_match_finite_differences) {
  tg::Tensor x = rnd({2, 3}, -2.0, 2.0);
  expect_gradgradcheck("softmax", [](const auto& in) { return tg::softmax(in[0], 1); }, {x});
  expect_gradgradcheck("softmax axis 0", [](const auto& in) { return tg::softmax(in[0], 0); }, {x});
  expect_gradgradcheck("log_softmax", [](const auto& in) { return tg::log_softmax(in[0], -1); }, {x});
  expect_gradgradcheck("logsumexp", [](const auto& in) { return tg::logsumexp(in[0], 1); }, {x});
  expect_gradgradcheck("var", [](const auto& in) { return tg::var(in[0], std::int64_t{1}); }, {x});
  expect_gradgradcheck("mean * sum", [](const auto& in) { return tg::mean(in[0], 0) * tg::sum(in[0]); }, {x});
  expect_gradgradcheck("max * x", [](const auto& in) { return tg::amax(in[0], {1}, true) * in[0]; }, {x});
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(reduction_forward_values)

BOOST_AUTO_TEST_CASE(match_pytorch_golden_values_and_gradients) {
  check_against_torch("softmax_axis1", [](const auto& in) { return tg::softmax(in[0], 1); });
  check_against_torch("softmax_axis0", [](const auto& in) { return tg::softmax(in[0], 0); });
  check_against_torch("log_softmax_axis_neg1", [](const auto& in) { return tg::log_softmax(in[0], -1); });
  check_against_torch("log_softmax_large", [](const auto& in) { return tg::log_softmax(in[0], 1); });
  check_against_torch("softmax_large", [](const auto& in) { return tg::softmax(in[0], 1); });
  check_against_torch("logsumexp_axis1", [](const auto& in) { return tg::logsumexp(in[0], 1); });
  check_against_torch("logsumexp_large", [](const auto& in) { return tg::logsumexp(in[0], 1); });
  check_against_torch("var_all_unbiased", [](const auto& in) { return tg::var(in[0]); });
  check_against_torch("var_all_biased", [](const auto& in) { return tg::var(in[0], false); });
  check_against_torch("var_axis0_keepdim", [](const auto& in) { return tg::var(in[0], 0, true, true); });
  check_against_torch("mean_axis_neg1", [](const auto& in) { return tg::mean(in[0], -1); });
}

BOOST_AUTO_TEST_CASE(max_and_min_share_the_gradient_equally_between_ties_as_torch_amax) {
  check_against_torch("amax_all_ties", [](const auto& in) { return tg::max(in[0]); });
  check_against_torch("amax_axis1_ties", [](const auto& in) { return tg::amax(in[0], {1}); });
  check_against_torch("amin_axis0_ties", [](const auto& in) { return tg::amin(in[0], {0}); });
  // by hand: three equal maxima get a third each
  tg::Tensor x = leaf(tg::tensor({2.0, 5.0, 5.0, 1.0, 5.0}, kF64));
  tg::max(x).backward();
  tg_test::check_close(x.grad(), tg::tensor({0.0, 1.0 / 3, 1.0 / 3, 0.0, 1.0 / 3}, kF64), 1e-15, 1e-15,
                       "grad of max with 3 ties");
}

BOOST_AUTO_TEST_CASE(softmax_and_log_softmax_stay_finite_at_plus_minus_1000) {
  for (tg::Dtype dtype : {tg::kFloat32, tg::kFloat64}) {
    tg::Tensor x = tg::tensor({{1000.0, 0.0, -1000.0}, {-1000.0, -1000.0, -1000.0}}, dtype);
    std::vector<double> s = values_of(tg::softmax(x, 1)), ls = values_of(tg::log_softmax(x, 1)),
                        lse = values_of(tg::logsumexp(x, 1));
    for (double v : s) BOOST_TEST(std::isfinite(v));
    for (double v : ls) BOOST_TEST(std::isfinite(v));
    for (double v : lse) BOOST_TEST(std::isfinite(v));
    BOOST_TEST(s[0] == 1.0);
    BOOST_TEST(s[2] == 0.0);
    BOOST_TEST(ls[0] == 0.0);
    BOOST_TEST(ls[2] == -2000.0);
    BOOST_TEST(s[3] == 1.0 / 3, boost::test_tools::tolerance(1e-6));
    BOOST_TEST(lse[1] == -1000.0 + std::log(3.0), boost::test_tools::tolerance(1e-6));
  }
}

BOOST_AUTO_TEST_CASE(logsumexp_of_an_all_minus_infinity_row_is_minus_infinity_as_torch) {
  const double inf = std::numeric_limits<double>::infinity();
  tg::Tensor x = tg::from_vector({-inf, -inf, 1.0, 2.0}, {2, 2}, kF64);
  std::vector<double> lse = values_of(tg::logsumexp(x, 1));
  BOOST_TEST(lse[0] == -inf);
  BOOST_TEST(lse[1] == std::log(std::exp(1.0) + std::exp(2.0)), boost::test_tools::tolerance(1e-12));
  // a row with some -inf entries (a masked attention row) is fine either way
  std::vector<double> ls = values_of(tg::log_softmax(tg::from_vector({-inf, 0.0}, {1, 2}, kF64), 1));
  BOOST_TEST(ls[0] == -inf);
  BOOST_TEST(ls[1] == 0.0);
}

BOOST_AUTO_TEST_CASE(var_divides_by_n_minus_1_unless_biased) {
  tg::Tensor x = tg::tensor({1.0, 2.0, 3.0, 4.0});  // mean 2.5, squared deviations sum to 5
  BOOST_TEST(tg::var(x).item<double>() == 5.0 / 3, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(tg::var(x, false).item<double>() == 5.0 / 4, boost::test_tools::tolerance(1e-6));
  tg::Tensor m = tg::tensor({{1.0, 2.0}, {3.0, 6.0}});
  // `tg::var(m, 0)` does not compile: a literal 0 converts equally well to the `bool unbiased` of
  // var(x, unbiased) and to the `int64_t axis` of var(x, axis, ...), so the axis is spelled out.
  BOOST_TEST(values_of(tg::var(m, std::int64_t{0})) == std::vector<double>({2, 8}), boost::test_tools::per_element());
  BOOST_TEST(values_of(tg::var(m, 1, false)) == std::vector<double>({0.25, 2.25}), boost::test_tools::per_element());
  BOOST_TEST(tg::var(m, 1, true, true).shape() == tg::Shape({2, 1}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(sums_means_and_extrema_by_hand) {
  tg::Tensor x = tg::tensor({{1.0, -2.0, 3.0}, {4.0, 5.0, -6.0}});
  BOOST_TEST(tg::sum(x).item<double>() == 5.0);
  BOOST_TEST(tg::sum(x).dim() == 0);
  BOOST_TEST(values_of(tg::sum(x, 0)) == std::vector<double>({5, 3, -3}), boost::test_tools::per_element());
  BOOST_TEST(values_of(x.sum(-1)) == std::vector<double>({2, 3}), boost::test_tools::per_element());
  BOOST_TEST(x.sum(1, true).shape() == tg::Shape({2, 1}), boost::test_tools::per_element());
  BOOST_TEST(x.sum(1, false).shape() == tg::Shape({2}), boost::test_tools::per_element());
  BOOST_TEST(x.mean().item<double>() == 5.0 / 6, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(values_of(x.mean(0)) == std::vector<double>({2.5, 1.5, -1.5}), boost::test_tools::per_element());
  BOOST_TEST(x.max().item<double>() == 5.0);
  BOOST_TEST(x.min().item<double>() == -6.0);
  BOOST_TEST(values_of(std::get<0>(x.max(1))) == std::vector<double>({3, 5}), boost::test_tools::per_element());
  BOOST_TEST(values_of(std::get<0>(x.min(0, true))) == std::vector<double>({1, -2, -6}),
             boost::test_tools::per_element());
  BOOST_TEST(std::get<0>(x.min(0, true)).shape() == tg::Shape({1, 3}), boost::test_tools::per_element());
  BOOST_TEST(values_of(tg::sum_to(x, {1, 3})) == std::vector<double>({5, 3, -3}), boost::test_tools::per_element());
  // float32 sums accumulate in double: a million 0.1f sum to 100000 to float precision
  BOOST_TEST(tg::sum(tg::full({1000000}, 0.1)).item<double>() == 100000.0, boost::test_tools::tolerance(1e-6));
}

BOOST_AUTO_TEST_CASE(argmax_and_argmin_return_the_first_occurrence_as_int64) {
  tg::Tensor x = tg::tensor({{1.0, 7.0, 7.0, -3.0}, {-3.0, 0.0, -3.0, 7.0}});
  BOOST_TEST(x.argmax().dtype() == tg::kInt64);
  BOOST_TEST(x.argmax().dim() == 0);
  BOOST_TEST(x.argmax().item<std::int64_t>() == 1);
  BOOST_TEST(tg::argmin(x).item<std::int64_t>() == 3);
  BOOST_TEST(tg::argmax(x, 1).to_vector<std::int64_t>() == std::vector<std::int64_t>({1, 3}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::argmin(x, -1).to_vector<std::int64_t>() == std::vector<std::int64_t>({3, 0}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::argmax(x, 0).to_vector<std::int64_t>() == std::vector<std::int64_t>({0, 0, 0, 1}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::argmin(x, 0, true).shape() == tg::Shape({1, 4}), boost::test_tools::per_element());
  BOOST_TEST(tg::argmin(x, 0, true).to_vector<std::int64_t>() == std::vector<std::int64_t>({1, 1, 1, 0}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::argmax(tg::tensor(std::vector<std::int64_t>{4, 9, 9})).item<std::int64_t>() == 1);
  tg::Tensor y = tg::ones({2}).requires_grad_();
  BOOST_TEST(tg::argmax(y).requires_grad() == false);
}

BOOST_AUTO_TEST_CASE(softmax_rows_sum_to_one_and_log_softmax_is_its_log) {
  tg::manual_seed(3);
  tg::Tensor x = tg::randn({4, 5}, kF64) * 5.0;
  std::vector<double> row_sums = values_of(tg::sum(tg::softmax(x, 1), 1));
  for (double v : row_sums) BOOST_TEST(v == 1.0, boost::test_tools::tolerance(1e-12));
  std::vector<double> a = values_of(tg::log_softmax(x, 1)), b = values_of(tg::log(tg::softmax(x, 1)));
  BOOST_REQUIRE_EQUAL(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    BOOST_TEST(std::fabs(a[i] - b[i]) <= 1e-12 * (1.0 + std::fabs(b[i])),
               "element " << i << ": " << a[i] << " vs " << b[i]);
}

BOOST_AUTO_TEST_SUITE_END()
