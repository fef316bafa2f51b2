#include <boost/test/unit_test.hpp>

#include <cmath>

#include <tapegrad/tapegrad.hpp>

#include "nn/nn_test_utils.hpp"

namespace tg = tapegrad;
namespace init = tg::nn::init;

namespace {

// A 1000 x 1000 tensor: a million draws pin the mean to ~1e-3 std and the variance to ~0.3%.
tg::Tensor big(tg::Dtype dtype = tg::kFloat32) { return tg::empty({1000, 1000}, dtype); }

void check_moments(const tg::Tensor& t, double mean, double variance, const std::string& what) {
  auto [m, v] = nn_test::mean_and_variance(t);
  BOOST_TEST_MESSAGE(what << ": mean " << m << " variance " << v);
  BOOST_CHECK_MESSAGE(std::abs(m - mean) < 5e-3 * std::sqrt(variance) + 1e-12, what << ": mean " << m);
  BOOST_CHECK_MESSAGE(std::abs(v - variance) < 0.02 * variance, what << ": variance " << v << " vs " << variance);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(nn_init)

BOOST_AUTO_TEST_CASE(fans_follow_pytorch_for_2d_and_higher_weights) {
  BOOST_CHECK(init::calculate_fan_in_and_fan_out(tg::empty({8, 2})) == (std::pair<std::int64_t, std::int64_t>{2, 8}));
  // [out_channels, in_channels, kh, kw]: the receptive field multiplies both fans.
  BOOST_CHECK(init::calculate_fan_in_and_fan_out(tg::empty({16, 3, 5, 5})) ==
              (std::pair<std::int64_t, std::int64_t>{75, 400}));
  TG_CHECK_THROWS_WITH(init::calculate_fan_in_and_fan_out(tg::empty({5})), "calculate_fan_in_and_fan_out",
                       "at least 2 dimensions", "[5]");
  TG_CHECK_THROWS_WITH(init::xavier_uniform_(tg::empty({5})), "xavier_uniform_", "[5]");
}

BOOST_AUTO_TEST_CASE(gains_follow_pytorch) {
  BOOST_CHECK_EQUAL(init::calculate_gain(init::Nonlinearity::Linear), 1.0);
  BOOST_CHECK_EQUAL(init::calculate_gain(init::Nonlinearity::Sigmoid), 1.0);
  BOOST_CHECK_CLOSE(init::calculate_gain(init::Nonlinearity::Tanh), 5.0 / 3.0, 1e-12);
  BOOST_CHECK_CLOSE(init::calculate_gain(init::Nonlinearity::ReLU), std::sqrt(2.0), 1e-12);
  BOOST_CHECK_CLOSE(init::calculate_gain(init::Nonlinearity::LeakyReLU), std::sqrt(2.0 / (1 + 1e-4)), 1e-12);
  BOOST_CHECK_CLOSE(init::calculate_gain(init::Nonlinearity::LeakyReLU, 0.2), std::sqrt(2.0 / 1.04), 1e-12);
  BOOST_CHECK_CLOSE(init::calculate_gain(init::Nonlinearity::SELU), 0.75, 1e-12);
}

BOOST_AUTO_TEST_CASE(constant_fills_work_in_place_and_return_the_tensor) {
  tg::Tensor t = tg::empty({3, 4}).requires_grad_();
  tg::Tensor r = init::constant_(t, 2.5);
  BOOST_CHECK(r.impl() == t.impl());
  BOOST_CHECK(t.requires_grad() && t.is_leaf());
  BOOST_CHECK_EQUAL(t.min().item<double>(), 2.5);
  BOOST_CHECK_EQUAL(t.max().item<double>(), 2.5);
  init::zeros_(t);
  BOOST_CHECK_EQUAL(t.abs().max().item<double>(), 0.0);
  init::ones_(t);
  BOOST_CHECK_EQUAL(t.sum().item<double>(), 12.0);
}

BOOST_AUTO_TEST_CASE(uniform_and_normal_have_the_requested_moments) {
  tg::manual_seed(100);
  tg::Tensor u = init::uniform_(big(), -2.0, 4.0);
  BOOST_CHECK_GE(u.min().item<double>(), -2.0);
  BOOST_CHECK_LT(u.max().item<double>(), 4.0);
  check_moments(u, 1.0, 36.0 / 12.0, "uniform_(-2, 4)");
  check_moments(init::normal_(big(tg::kFloat64), 3.0, 0.5), 3.0, 0.25, "normal_(3, 0.5)");
}

BOOST_AUTO_TEST_CASE(xavier_variances_are_two_gains_squared_over_fan_sum) {
  tg::manual_seed(101);
  // fan_in = fan_out = 1000: variance gain^2 * 2 / 2000.
  check_moments(init::xavier_uniform_(big()), 0.0, 1e-3, "xavier_uniform_");
  check_moments(init::xavier_normal_(big(), 2.0), 0.0, 4e-3, "xavier_normal_(gain 2)");
  tg::Tensor w = init::xavier_uniform_(tg::empty({100, 300}));
  BOOST_CHECK_LE(w.abs().max().item<double>(), std::sqrt(6.0 / 400.0));
}

BOOST_AUTO_TEST_CASE(kaiming_variances_are_gain_squared_over_fan) {
  tg::manual_seed(102);
  // [1000, 500]: fan_in 500, fan_out 1000.
  tg::Tensor w = tg::empty({1000, 500});
  check_moments(init::kaiming_normal_(w, 0.0, init::FanMode::FanIn, init::Nonlinearity::ReLU), 0.0, 2.0 / 500,
                "kaiming_normal_ relu fan_in");
  check_moments(init::kaiming_uniform_(w, 0.0, init::FanMode::FanOut, init::Nonlinearity::ReLU), 0.0, 2.0 / 1000,
                "kaiming_uniform_ relu fan_out");
  // The defaults (leaky_relu, a = 0) give gain sqrt(2) too; a = sqrt(5) is Linear's 1/(3 fan_in).
  check_moments(init::kaiming_uniform_(w), 0.0, 2.0 / 500, "kaiming_uniform_ defaults");
  check_moments(init::kaiming_uniform_(w, std::sqrt(5.0)), 0.0, 1.0 / 1500, "kaiming_uniform_ a=sqrt(5)");
  BOOST_CHECK_LE(w.abs().max().item<double>(), 1.0 / std::sqrt(500.0));
}

BOOST_AUTO_TEST_CASE(initialisers_are_not_recorded_and_keep_parameters_leaves) {
  tg::nn::Linear fc(4, 3);
  init::kaiming_normal_(fc->weight);
  init::zeros_(fc->bias);
  BOOST_CHECK(fc->weight.is_leaf() && fc->weight.requires_grad());
  BOOST_CHECK_EQUAL(fc->weight.grad_fn_name(), "");
  BOOST_CHECK_EQUAL(fc->bias.abs().sum().item<double>(), 0.0);
}

BOOST_AUTO_TEST_CASE(seeded_initialisation_is_reproducible) {
  tg::manual_seed(9);
  auto a = init::xavier_normal_(tg::empty({4, 4})).to_vector<float>();
  tg::manual_seed(9);
  auto b = init::xavier_normal_(tg::empty({4, 4})).to_vector<float>();
  BOOST_TEST(a == b, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(classic_schemes_are_one_line_each) {
  tg::manual_seed(103);
  const std::int64_t n = 1000, fan_in = 1000;
  check_moments(tg::randn({n, fan_in}) * 0.01, 0.0, 1e-4, "randn * 0.01");
  check_moments(tg::randn({n, fan_in}) / std::sqrt(static_cast<double>(fan_in)), 0.0, 1e-3, "randn / sqrt(fan_in)");
}

BOOST_AUTO_TEST_CASE(bad_arguments_are_rejected_with_the_initialiser_name) {
  TG_CHECK_THROWS_WITH(init::uniform_(tg::empty({2}), 1.0, 0.0), "uniform_", "a <= b");
  TG_CHECK_THROWS_WITH(init::normal_(tg::empty({2}), 0.0, -1.0), "normal_", "std");
  TG_CHECK_THROWS_WITH(init::zeros_(tg::tensor({1, 2}, tg::kInt64)), "zeros_", "int64");
  TG_CHECK_THROWS_WITH(init::ones_(tg::Tensor()), "ones_", "undefined");
  TG_CHECK_THROWS_WITH(init::kaiming_normal_(tg::empty({0, 3}), 0.0, init::FanMode::FanOut), "kaiming_normal_",
                       "zero fan", "[0,3]");
}

BOOST_AUTO_TEST_SUITE_END()
