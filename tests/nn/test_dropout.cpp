#include <boost/test/unit_test.hpp>

#include <cmath>

#include <tapegrad/tapegrad.hpp>

#include "nn/nn_test_utils.hpp"

namespace tg = tapegrad;
namespace F = tg::nn::functional;

BOOST_AUTO_TEST_SUITE(nn_dropout)

BOOST_AUTO_TEST_CASE(training_zeroes_about_p_of_the_elements_and_scales_the_rest) {
  tg::manual_seed(1);
  tg::nn::Dropout drop(0.3);
  BOOST_CHECK(drop->is_training());
  tg::Tensor y = drop->forward(tg::ones({200, 500}));
  std::size_t zeros = 0;
  for (float v : y.to_vector<float>()) {
    if (v == 0.0f) {
      ++zeros;
    } else {
      BOOST_REQUIRE_CLOSE(v, 1.0 / 0.7, 1e-4);
    }
  }
  // 100,000 Bernoulli(0.3) draws: standard deviation of the fraction is 0.0015.
  BOOST_CHECK_CLOSE(static_cast<double>(zeros) / 100000.0, 0.3, 3.0);
  // Inverted scaling keeps the expectation: the mean stays close to 1.
  BOOST_CHECK_CLOSE(y.mean().item<double>(), 1.0, 1.5);
}

BOOST_AUTO_TEST_CASE(eval_mode_returns_the_input_unchanged) {
  tg::nn::Dropout drop(0.9);
  drop->eval();
  tg::Tensor x = tg::randn({10, 10});
  BOOST_CHECK(drop->forward(x).impl() == x.impl());
  BOOST_CHECK(F::dropout(x, 0.5, /*training=*/false).impl() == x.impl());
}

BOOST_AUTO_TEST_CASE(same_seed_gives_the_same_mask_and_different_seeds_differ) {
  tg::Tensor x = tg::ones({64});
  tg::manual_seed(11);
  auto a = F::dropout(x, 0.5).to_vector<float>();
  tg::manual_seed(11);
  auto b = F::dropout(x, 0.5).to_vector<float>();
  tg::manual_seed(12);
  auto c = F::dropout(x, 0.5).to_vector<float>();
  BOOST_TEST(a == b, boost::test_tools::per_element());
  BOOST_CHECK(a != c);
}

BOOST_AUTO_TEST_CASE(gradient_is_the_same_scaled_mask) {
  tg::manual_seed(5);
  tg::Tensor x = tg::ones({1000}, tg::kFloat64).requires_grad_();
  tg::Tensor y = F::dropout(x, 0.25);
  y.sum().backward();
  // y = x * mask / (1 - p) and x = 1, so the gradient equals the output.
  tg_test::check_close(x.grad(), y.detach(), 5e-13, 5e-13, "dropout grad");
}

BOOST_AUTO_TEST_CASE(p_zero_is_the_identity) {
  tg::Tensor x = tg::randn({5});
  tg_test::check_close(F::dropout(x, 0.0), x, 0, 0, "p=0");
}

BOOST_AUTO_TEST_CASE(p_outside_zero_one_is_rejected) {
  TG_CHECK_THROWS_WITH(tg::nn::Dropout(1.0), "Dropout: p must be in [0, 1), got 1");
  TG_CHECK_THROWS_WITH(tg::nn::Dropout(-0.1), "Dropout", "-0.1");
  TG_CHECK_THROWS_WITH(F::dropout(tg::ones({2}), 1.5), "dropout: p must be in [0, 1)");
  TG_CHECK_THROWS_WITH(F::dropout(tg::tensor({1, 2}, tg::kInt64), 0.5), "dropout", "int64");
}

BOOST_AUTO_TEST_CASE(prints_its_probability) {
  BOOST_CHECK_EQUAL(tg::nn::Dropout(0.25)->extra_repr(), "p=0.25");
  BOOST_CHECK_EQUAL(tg::nn::Dropout()->p(), 0.5);
}

BOOST_AUTO_TEST_SUITE_END()
