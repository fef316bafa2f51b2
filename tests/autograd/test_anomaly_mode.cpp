// Anomaly mode: backward names the first op whose gradient holds a NaN or an infinity.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>

#include <tapegrad/tapegrad.hpp>

#include "support/test_support.hpp"

namespace tg = tapegrad;

BOOST_AUTO_TEST_CASE(without_anomaly_mode_a_nan_gradient_flows_silently) {
  tg::Tensor x = tg::tensor({0.0, 1.0}, tg::kFloat64).requires_grad_();
  tg::sqrt(x).sum().backward();  // d sqrt(x) / dx = inf at 0, as in PyTorch
  BOOST_TEST(std::isinf(x.grad().to_vector<double>()[0]));
}

BOOST_AUTO_TEST_CASE(anomaly_mode_names_the_first_op_that_produced_a_nan_or_inf) {
  tg::autograd::DetectAnomalyGuard detect;
  BOOST_TEST(tg::autograd::AnomalyMode::is_enabled());
  tg::Tensor x = tg::tensor({0.0, 1.0}, tg::kFloat64).requires_grad_();
  tg::Tensor loss = (tg::sqrt(x) * 2.0).sum();
  TG_CHECK_THROWS_WITH(loss.backward(), "backward: Function 'SqrtBackward' (node ",
                       ") returned inf values in its 0th output");
  BOOST_TEST(!x.grad().defined());  // nothing reached the leaf
  tg::Tensor y = tg::tensor({0.0}, tg::kFloat64).requires_grad_();
  TG_CHECK_THROWS_WITH((y / y).sum().backward(), "Function 'DivBackward'", "returned inf values in its 0th output");
}

BOOST_AUTO_TEST_CASE(anomaly_mode_reports_where_a_user_op_was_recorded) {
  tg::autograd::DetectAnomalyGuard detect;
  tg::Tensor x = tg::ones({2}, tg::kFloat64).requires_grad_();
  tg::Tensor y = x * 1.0;
  const char* here = TG_HERE;
  tg::Tensor out = tg::autograd::record(
      "PoisonBackward", y.detach() * 1.0, {x},
      [](const tg::Tensor& g) { return std::vector<tg::Tensor>{g * std::numeric_limits<double>::quiet_NaN()}; }, {},
      here);
  TG_CHECK_THROWS_WITH(out.sum().backward(), "Function 'PoisonBackward'", std::string("recorded at ") + here,
                       "test_anomaly_mode.cpp:");
}

BOOST_AUTO_TEST_CASE(the_guard_restores_the_previous_mode) {
  BOOST_TEST(!tg::autograd::AnomalyMode::is_enabled());
  {
    tg::autograd::DetectAnomalyGuard detect;
    BOOST_TEST(tg::autograd::AnomalyMode::is_enabled());
  }
  BOOST_TEST(!tg::autograd::AnomalyMode::is_enabled());
  tg::autograd::DetectAnomalyGuard detect;
  tg::Tensor x = tg::ones({2}, tg::kFloat64).requires_grad_();
  (x * x).sum().backward();  // finite gradients pass
  BOOST_TEST(x.grad().to_vector<double>() == std::vector<double>(2, 2.0), boost::test_tools::per_element());
}
