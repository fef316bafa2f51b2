#include <boost/test/unit_test.hpp>

#include <cmath>
#include <memory>

#include <tapegrad/tapegrad.hpp>

#include "nn/nn_test_utils.hpp"

namespace tg = tapegrad;
namespace F = tg::nn::functional;

namespace {

// weight [[1, 2], [3, 4], [5, 6]], bias [10, 20, 30]: a 2 -> 3 layer whose outputs are easy to
// check by hand.
tg::nn::Linear known_layer(tg::Dtype dtype = tg::kFloat32) {
  auto fc = tg::nn::Linear(2, 3, true, dtype);
  tg::NoGradGuard no_grad;
  fc->weight.copy_(tg::tensor({{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}}, dtype));
  fc->bias.copy_(tg::tensor({10.0, 20.0, 30.0}, dtype));
  return fc;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(nn_linear)

BOOST_AUTO_TEST_CASE(parameters_are_named_shaped_and_trainable) {
  tg::nn::Linear fc(2, 8);
  auto named = fc->named_parameters();
  BOOST_REQUIRE_EQUAL(named.size(), 2u);
  BOOST_CHECK_EQUAL(named[0].key(), "weight");
  BOOST_CHECK_EQUAL(named[1].key(), "bias");
  BOOST_CHECK(fc->weight.shape() == (tg::Shape{8, 2}));
  BOOST_CHECK(fc->bias.shape() == (tg::Shape{8}));
  BOOST_CHECK(fc->weight.requires_grad() && fc->bias.requires_grad());
  BOOST_CHECK(fc->weight.dtype() == tg::kFloat32);
  BOOST_CHECK_EQUAL(fc->in_features(), 2);
  BOOST_CHECK_EQUAL(fc->out_features(), 8);
  BOOST_CHECK_EQUAL(fc->extra_repr(), "in_features=2, out_features=8, bias=true");
}

BOOST_AUTO_TEST_CASE(without_bias_there_is_only_a_weight) {
  tg::nn::Linear fc(4, 3, /*bias=*/false);
  BOOST_CHECK(!fc->has_bias());
  BOOST_CHECK_EQUAL(fc->parameters().size(), 1u);
  BOOST_CHECK_EQUAL(fc->extra_repr(), "in_features=4, out_features=3, bias=false");
  tg::Tensor x = tg::randn({5, 4});
  tg::Tensor expected = tg::matmul(x, fc->weight.t());
  tg_test::check_close(fc->forward(x), expected, 5e-7, 5e-7, "x W^T");
}

BOOST_AUTO_TEST_CASE(default_init_is_uniform_within_one_over_sqrt_fan_in) {
  tg::manual_seed(7);
  tg::nn::Linear fc(400, 300);
  const double bound = 1.0 / std::sqrt(400.0);
  for (const auto& p : fc->parameters()) {
    BOOST_CHECK_LE(p.max().item<double>(), bound);
    BOOST_CHECK_GE(p.min().item<double>(), -bound);
  }
  // U(-b, b) has mean 0 and variance b^2 / 3; with 120,000 draws both are tight.
  auto [mean, var] = nn_test::mean_and_variance(fc->weight);
  BOOST_CHECK_SMALL(mean, 0.01 * bound);
  BOOST_CHECK_CLOSE(var, bound * bound / 3.0, 2.0);
  // The range is really used (not a constant or a narrower distribution).
  BOOST_CHECK_GT(fc->weight.max().item<double>(), 0.99 * bound);
}

BOOST_AUTO_TEST_CASE(same_seed_gives_the_same_initial_weights) {
  tg::manual_seed(42);
  tg::nn::Linear a(3, 4);
  tg::manual_seed(42);
  tg::nn::Linear b(3, 4);
  BOOST_TEST(a->weight.to_vector<float>() == b->weight.to_vector<float>(), boost::test_tools::per_element());
  BOOST_TEST(a->bias.to_vector<float>() == b->bias.to_vector<float>(), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(forward_of_a_batch_is_x_times_w_transposed_plus_b) {
  auto fc = known_layer();
  tg::Tensor y = fc->forward(tg::tensor({{1.0, 1.0}, {0.0, 2.0}}));
  tg_test::check_close(y, tg::tensor({{13.0, 27.0, 41.0}, {14.0, 28.0, 42.0}}), 5e-7, 5e-7, "batch");
}

BOOST_AUTO_TEST_CASE(forward_of_a_single_vector_returns_a_vector) {
  auto fc = known_layer();
  tg::Tensor y = fc->forward(tg::tensor({1.0, 1.0}));
  tg_test::check_close(y, tg::tensor({13.0, 27.0, 41.0}), 5e-7, 5e-7, "1-D");
}

BOOST_AUTO_TEST_CASE(forward_of_an_n_d_input_applies_to_the_last_dimension) {
  auto fc = known_layer();
  tg::Tensor x = tg::randn({2, 4, 2});
  tg::Tensor y = fc->forward(x);
  BOOST_REQUIRE(y.shape() == (tg::Shape{2, 4, 3}));
  for (std::int64_t i = 0; i < 2; ++i) {
    tg_test::check_close(y.select(0, i), fc->forward(x.select(0, i)), 5e-6, 5e-6, "batch slice");
  }
}

BOOST_AUTO_TEST_CASE(functional_linear_matches_the_module_with_and_without_bias) {
  auto fc = known_layer();
  tg::Tensor x = tg::randn({3, 2});
  tg_test::check_close(F::linear(x, fc->weight, fc->bias), fc->forward(x), 5e-7, 5e-7, "with bias");
  tg_test::check_close(F::linear(x, fc->weight), fc->forward(x) - fc->bias, 5e-6, 5e-6, "without bias");
}

BOOST_AUTO_TEST_CASE(wrong_input_size_names_linear_and_both_shapes) {
  tg::nn::Linear fc(2, 8);
  TG_CHECK_THROWS_WITH(fc->forward(tg::ones({3, 5})), "Linear: input [3,5] does not match weight [8,2]",
                       "in_features=2");
  TG_CHECK_THROWS_WITH(fc->forward(tg::ones({5})), "Linear", "[5]", "[8,2]");
  TG_CHECK_THROWS_WITH(fc->forward(tg::scalar_tensor(1.0)), "Linear", "[]", "[8,2]");
  TG_CHECK_THROWS_WITH(F::linear(tg::ones({3, 5}), fc->weight, fc->bias),
                       "linear: input [3,5] does not match weight [8,2]");
  TG_CHECK_THROWS_WITH(F::linear(tg::ones({3, 2}), fc->weight, tg::ones({7})),
                       "linear: bias [7] does not match weight [8,2]");
}

BOOST_AUTO_TEST_CASE(dtype_mismatch_and_bad_sizes_are_reported_by_linear) {
  tg::nn::Linear fc(2, 8);
  TG_CHECK_THROWS_WITH(fc->forward(tg::ones({3, 2}, tg::kFloat64)), "Linear: input is float64 but weight is float32");
  TG_CHECK_THROWS_WITH(tg::nn::Linear(0, 3), "Linear", "positive", "0");
  TG_CHECK_THROWS_WITH(tg::nn::Linear(2, 3, true, tg::kInt64), "Linear", "int64");
}

BOOST_AUTO_TEST_CASE(backward_reaches_weight_bias_and_input) {
  auto fc = known_layer();
  tg::Tensor x = tg::tensor({{1.0, 2.0}, {3.0, 4.0}}).requires_grad_();
  fc->forward(x).sum().backward();
  // d sum / dW[o][i] = sum_n x[n][i]; d sum / db = N; d sum / dx[n][i] = sum_o W[o][i].
  tg_test::check_close(fc->weight.grad(), tg::tensor({{4.0, 6.0}, {4.0, 6.0}, {4.0, 6.0}}), 5e-7, 5e-7, "dW");
  tg_test::check_close(fc->bias.grad(), tg::tensor({2.0, 2.0, 2.0}), 5e-7, 5e-7, "db");
  tg_test::check_close(x.grad(), tg::tensor({{9.0, 12.0}, {9.0, 12.0}}), 5e-7, 5e-7, "dx");
}

BOOST_AUTO_TEST_CASE(gradcheck_passes_in_float64_for_2d_1d_and_3d_inputs) {
  tg::manual_seed(3);
  auto fc = tg::nn::Linear(3, 4, true, tg::kFloat64);
  for (const tg::Shape& shape : {tg::Shape{5, 3}, tg::Shape{3}, tg::Shape{2, 2, 3}}) {
    tg::Tensor x = tg::randn(shape, tg::kFloat64).requires_grad_();
    BOOST_CHECK(tg::gradcheck([&](const std::vector<tg::Tensor>& in) { return F::linear(in[0], in[1], in[2]); },
                              {x, fc->weight, fc->bias}));
  }
  // Through the module: gradcheck perturbs the module's own parameter handles.
  tg::Tensor x = tg::randn({5, 3}, tg::kFloat64).requires_grad_();
  BOOST_CHECK(
      tg::gradcheck([&](const std::vector<tg::Tensor>& in) { return fc->forward(in[0]); }, {x, fc->weight, fc->bias}));
}

BOOST_AUTO_TEST_CASE(reset_parameters_draws_new_values) {
  tg::nn::Linear fc(3, 3);
  auto before = fc->weight.to_vector<float>();
  fc->reset_parameters();
  BOOST_CHECK(before != fc->weight.to_vector<float>());
  BOOST_CHECK(fc->weight.requires_grad());
}

BOOST_AUTO_TEST_SUITE_END()
