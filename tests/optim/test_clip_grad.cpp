// tg::nn::utils::clip_grad_norm_ and clip_grad_value_, against values worked out by hand
// (and matching torch.nn.utils: per-gradient norms, then the norm of those; coefficient
// max_norm / (total + 1e-6), never above 1).
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <limits>

#include "optim/optim_test_support.hpp"

namespace tg = tapegrad;

namespace {

// Two parameters whose gradients are g1 = [3, -4] and g2 = [[12]] (L2 norms 5 and 12, joint 13).
struct TwoGrads {
  tg::Tensor a = tg::zeros({2}, tg::kFloat64).requires_grad_();
  tg::Tensor b = tg::zeros({1, 1}, tg::kFloat64).requires_grad_();
  tg::Tensor no_grad = tg::zeros({3}, tg::kFloat64).requires_grad_();
  TwoGrads() {
    const tg::Tensor loss = tg::sum(a * tg::from_vector({3.0, -4.0}, {2}, tg::kFloat64)) + tg::sum(b * 12.0);
    loss.backward();
  }
  std::vector<tg::Tensor> params() const { return {a, no_grad, b}; }
};

bool close(const std::vector<double>& actual, const std::vector<double>& expected) {
  return tg_test::check_close(actual, expected, 1e-12, 0, "gradient");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(clip_grad_norm)

BOOST_AUTO_TEST_CASE(scales_all_gradients_together_down_to_max_norm_and_returns_the_total) {
  TwoGrads t;
  const double total = tg::nn::utils::clip_grad_norm_(t.params(), 6.5);
  BOOST_CHECK_CLOSE(total, 13.0, 1e-12);
  const double coef = 6.5 / (13.0 + 1e-6);
  BOOST_CHECK(close(t.a.grad().to_vector<double>(), {3.0 * coef, -4.0 * coef}));
  BOOST_CHECK(close(t.b.grad().to_vector<double>(), {12.0 * coef}));
  BOOST_CHECK(!t.no_grad.grad().defined());
}

BOOST_AUTO_TEST_CASE(leaves_gradients_below_max_norm_unchanged) {
  TwoGrads t;
  BOOST_CHECK_CLOSE(tg::nn::utils::clip_grad_norm_(t.params(), 100.0), 13.0, 1e-12);
  BOOST_CHECK(t.a.grad().to_vector<double>() == (std::vector<double>{3.0, -4.0}));
  BOOST_CHECK(t.b.grad().to_vector<double>() == (std::vector<double>{12.0}));
}

BOOST_AUTO_TEST_CASE(supports_the_infinity_norm) {
  TwoGrads t;
  const double inf = std::numeric_limits<double>::infinity();
  BOOST_CHECK_EQUAL(tg::nn::utils::clip_grad_norm_(t.params(), 6.0, inf), 12.0);
  const double coef = 6.0 / (12.0 + 1e-6);
  BOOST_CHECK(close(t.a.grad().to_vector<double>(), {3.0 * coef, -4.0 * coef}));
  BOOST_CHECK(close(t.b.grad().to_vector<double>(), {12.0 * coef}));
}

BOOST_AUTO_TEST_CASE(supports_the_one_norm) {
  TwoGrads t;
  BOOST_CHECK_CLOSE(tg::nn::utils::clip_grad_norm_(t.params(), 1.0, 1.0), 19.0, 1e-12);
  const double coef = 1.0 / (19.0 + 1e-6);
  BOOST_CHECK(close(t.b.grad().to_vector<double>(), {12.0 * coef}));
}

BOOST_AUTO_TEST_CASE(works_on_float32_gradients_and_a_single_tensor) {
  tg::Tensor w = tg::zeros({2}).requires_grad_();
  tg::sum(w * tg::from_vector({6.0, 8.0}, {2})).backward();
  BOOST_CHECK_CLOSE(tg::nn::utils::clip_grad_norm_(w, 5.0), 10.0, 1e-5);
  const auto g = w.grad().to_vector<double>();
  BOOST_CHECK_CLOSE(g[0], 3.0, 1e-4);
  BOOST_CHECK_CLOSE(g[1], 4.0, 1e-4);
}

BOOST_AUTO_TEST_CASE(returns_zero_when_no_parameter_has_a_gradient) {
  const tg::Tensor p = tg::zeros({2}).requires_grad_();
  BOOST_CHECK_EQUAL(tg::nn::utils::clip_grad_norm_(std::vector<tg::Tensor>{p}, 1.0), 0.0);
}

BOOST_AUTO_TEST_CASE(rejects_bad_arguments) {
  TwoGrads t;
  TG_CHECK_THROWS_WITH(tg::nn::utils::clip_grad_norm_(t.params(), -1.0),
                       "clip_grad_norm_: max_norm must be >= 0, got -1");
  TG_CHECK_THROWS_WITH(tg::nn::utils::clip_grad_norm_(t.params(), 1.0, 0.0),
                       "clip_grad_norm_: norm_type must be positive or infinity, got 0");
  TG_CHECK_THROWS_WITH(tg::nn::utils::clip_grad_norm_(std::vector<tg::Tensor>{tg::Tensor()}, 1.0),
                       "clip_grad_norm_: got an undefined parameter");
  BOOST_CHECK(t.a.grad().to_vector<double>() == (std::vector<double>{3.0, -4.0}));
}

BOOST_AUTO_TEST_CASE(rejects_a_non_finite_norm_only_when_asked) {
  tg::Tensor w = tg::zeros({2}, tg::kFloat64).requires_grad_();
  tg::sum(w * tg::from_vector({std::numeric_limits<double>::infinity(), 1.0}, {2}, tg::kFloat64)).backward();
  TG_CHECK_THROWS_WITH(tg::nn::utils::clip_grad_norm_(w, 1.0, 2.0, /*error_if_nonfinite=*/true),
                       "clip_grad_norm_: the total norm of order 2 of the gradients is inf");
  BOOST_CHECK(std::isinf(tg::nn::utils::clip_grad_norm_(w, 1.0)));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(clip_grad_value)

BOOST_AUTO_TEST_CASE(clamps_every_element_into_the_range) {
  TwoGrads t;
  tg::nn::utils::clip_grad_value_(t.params(), 3.5);
  BOOST_CHECK(t.a.grad().to_vector<double>() == (std::vector<double>{3.0, -3.5}));
  BOOST_CHECK(t.b.grad().to_vector<double>() == (std::vector<double>{3.5}));
  BOOST_CHECK(!t.no_grad.grad().defined());
  tg::nn::utils::clip_grad_value_(t.a, 1.0);
  BOOST_CHECK(t.a.grad().to_vector<double>() == (std::vector<double>{1.0, -1.0}));
}

BOOST_AUTO_TEST_CASE(rejects_a_negative_clip_value_and_undefined_parameters) {
  TwoGrads t;
  TG_CHECK_THROWS_WITH(tg::nn::utils::clip_grad_value_(t.params(), -1.0),
                       "clip_grad_value_: clip_value must be >= 0, got -1");
  TG_CHECK_THROWS_WITH(tg::nn::utils::clip_grad_value_(std::vector<tg::Tensor>{tg::Tensor()}, 1.0),
                       "clip_grad_value_: got an undefined parameter");
}

BOOST_AUTO_TEST_SUITE_END()
