#include <boost/test/unit_test.hpp>

#include <cmath>
#include <memory>
#include <sstream>

#include <tapegrad/tapegrad.hpp>

#include "nn/nn_test_utils.hpp"

namespace tg = tapegrad;
namespace F = tg::nn::functional;

namespace {

// Values chosen away from the kinks at 0.
tg::Tensor sample() { return tg::tensor({{-2.5, -0.5, 0.25}, {1.5, 3.0, -30.0}}); }

std::string printed(const tg::nn::Module& m) {
  std::ostringstream out;
  out << m;
  return out.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(nn_activation)

BOOST_AUTO_TEST_CASE(relu_sigmoid_and_tanh_modules_apply_the_formula) {
  tg::Tensor x = sample();
  const auto v = x.to_vector<double>();
  std::vector<double> relu, sigmoid, tanh;
  for (double e : v) {
    relu.push_back(e > 0 ? e : 0);
    sigmoid.push_back(1 / (1 + std::exp(-e)));
    tanh.push_back(std::tanh(e));
  }
  tg_test::check_close(tg::nn::ReLU()->forward(x), tg::from_vector(relu, x.shape()), 5e-7, 5e-7, "ReLU");
  tg_test::check_close(tg::nn::Sigmoid()->forward(x), tg::from_vector(sigmoid, x.shape()), 5e-7, 5e-7, "Sigmoid");
  tg_test::check_close(tg::nn::Tanh()->forward(x), tg::from_vector(tanh, x.shape()), 5e-7, 5e-7, "Tanh");
}

BOOST_AUTO_TEST_CASE(leaky_relu_and_softplus_use_their_options) {
  tg::Tensor x = sample();
  std::vector<double> leaky, soft;
  for (double e : x.to_vector<double>()) {
    leaky.push_back(e > 0 ? e : 0.2 * e);
    soft.push_back(2 * e > 20 ? e : std::log1p(std::exp(2 * e)) / 2);
  }
  tg_test::check_close(tg::nn::LeakyReLU(0.2)->forward(x), tg::from_vector(leaky, x.shape()), 5e-7, 5e-7, "LeakyReLU");
  tg_test::check_close(tg::nn::Softplus(2.0, 20.0)->forward(x), tg::from_vector(soft, x.shape()), 5e-7, 5e-7,
                       "Softplus");
  TG_CHECK_THROWS_WITH(tg::nn::Softplus(0.0), "Softplus", "beta");
}

BOOST_AUTO_TEST_CASE(softmax_rows_sum_to_one_and_log_softmax_is_its_log) {
  tg::Tensor x = sample();
  tg::Tensor s = tg::nn::Softmax(1)->forward(x);
  tg_test::check_close(s.sum(1), tg::ones({2}), 5e-7, 5e-7, "row sums");
  tg_test::check_close(tg::nn::LogSoftmax(1)->forward(x), s.log(), 5e-6, 5e-6, "log softmax");
  tg_test::check_close(tg::nn::Softmax(0)->forward(x).sum(0), tg::ones({3}), 5e-7, 5e-7, "column sums");
}

BOOST_AUTO_TEST_CASE(modules_match_their_functional_forms) {
  tg::Tensor x = sample();
  tg_test::check_close(tg::nn::ReLU()->forward(x), F::relu(x), 0, 0, "relu");
  tg_test::check_close(tg::nn::LeakyReLU(0.1)->forward(x), F::leaky_relu(x, 0.1), 0, 0, "leaky_relu");
  tg_test::check_close(tg::nn::Softplus()->forward(x), F::softplus(x), 0, 0, "softplus");
  tg_test::check_close(tg::nn::LogSoftmax(-1)->forward(x), F::log_softmax(x, -1), 0, 0, "log_softmax");
  tg_test::check_close(tg::nn::Softmax(-1)->forward(x), F::softmax(x, -1), 0, 0, "softmax");
}

BOOST_AUTO_TEST_CASE(activations_pass_gradients_through) {
  tg::Tensor x = tg::tensor({-1.0, 2.0}).requires_grad_();
  tg::nn::LeakyReLU(0.1)->forward(x).sum().backward();
  tg_test::check_close(x.grad(), tg::tensor({0.1, 1.0}), 5e-7, 5e-7, "leaky grad");
  tg::Tensor x64 = tg::randn({3, 4}, tg::kFloat64).requires_grad_();
  BOOST_CHECK(
      tg::gradcheck([](const std::vector<tg::Tensor>& in) { return tg::nn::LogSoftmax(1)->forward(in[0]); }, {x64}));
}

BOOST_AUTO_TEST_CASE(flatten_keeps_the_batch_dimension_by_default) {
  tg::Tensor x = tg::randn({2, 3, 4, 5});
  BOOST_CHECK(tg::nn::Flatten()->forward(x).shape() == (tg::Shape{2, 60}));
  BOOST_CHECK(tg::nn::Flatten(0)->forward(x).shape() == (tg::Shape{120}));
  BOOST_CHECK(tg::nn::Flatten(1, 2)->forward(x).shape() == (tg::Shape{2, 12, 5}));
  BOOST_CHECK_EQUAL(tg::nn::Flatten()->extra_repr(), "start_dim=1, end_dim=-1");
}

BOOST_AUTO_TEST_CASE(identity_returns_its_input) {
  tg::Tensor x = tg::randn({2, 2});
  BOOST_CHECK(tg::nn::Identity()->forward(x).impl() == x.impl());
}

BOOST_AUTO_TEST_CASE(activation_modules_print_their_options_and_no_parameters) {
  BOOST_CHECK(printed(*tg::nn::ReLU()).find("ReLU()\n") == 0);
  BOOST_CHECK(printed(*tg::nn::LeakyReLU(0.2)).find("LeakyReLU(negative_slope=0.2)\n") == 0);
  BOOST_CHECK(printed(*tg::nn::Softplus()).find("Softplus(beta=1, threshold=20)\n") == 0);
  BOOST_CHECK(printed(*tg::nn::Softmax(1)).find("Softmax(dim=1)\n") == 0);
  BOOST_CHECK(printed(*tg::nn::LogSoftmax(-1)).find("LogSoftmax(dim=-1)\n") == 0);
  BOOST_CHECK(printed(*tg::nn::Identity()).find("Identity()\n") == 0);
  BOOST_CHECK(printed(*tg::nn::Tanh()).find("Total parameters: 0") != std::string::npos);
  BOOST_CHECK(tg::nn::Sigmoid()->parameters().empty());
}

BOOST_AUTO_TEST_SUITE_END()
