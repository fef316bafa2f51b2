#include <boost/test/unit_test.hpp>

#include <cmath>
#include <functional>
#include <memory>
#include <sstream>
#include <string>

#include <tapegrad/tapegrad.hpp>

#include "nn/nn_test_utils.hpp"

namespace tg = tapegrad;
namespace F = tg::nn::functional;
using tg::nn::Reduction;
using tg_test::Fixture;

namespace {

using nn_test::kReductions;

// Losses match PyTorch's to 5e-7 (float32 fixtures), gradients too unless `check_grad` is false.
void check_fixture(const std::string& name, const std::function<tg::Tensor(const tg::Tensor&, const Fixture&)>& loss_fn,
                   bool check_grad = true) {
  nn_test::check_against_fixture(name, loss_fn, "loss", 5e-7, check_grad);
}

tg::Tensor f64(const std::vector<double>& values) {
  return tg::from_vector(values, {static_cast<std::int64_t>(values.size())}, tg::kFloat64);
}

bool gradcheck_loss(const std::function<tg::Tensor(const tg::Tensor&)>& fn, const tg::Tensor& input) {
  tg::Tensor x = input.detach().clone().requires_grad_();
  return tg::gradcheck([&](const std::vector<tg::Tensor>& in) { return fn(in[0]); }, {x});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(nn_mse_loss)

BOOST_AUTO_TEST_CASE(matches_pytorch_for_every_reduction) {
  for (const auto& [name, r] : kReductions) {
    check_fixture("mse_loss_" + name,
                  [r = r](const tg::Tensor& x, const Fixture& f) { return F::mse_loss(x, f.at("target"), r); });
  }
}

BOOST_AUTO_TEST_CASE(passes_gradcheck_for_input_and_target) {
  const Fixture f = tg_test::load_fixture("nn/mse_loss_mean");
  tg::Tensor x = f.at("input").detach().requires_grad_();
  tg::Tensor y = f.at("target").detach().requires_grad_();
  BOOST_CHECK(tg::gradcheck([](const std::vector<tg::Tensor>& in) { return F::mse_loss(in[0], in[1]); }, {x, y}));
}

BOOST_AUTO_TEST_CASE(mismatched_shapes_name_the_loss_and_both_shapes) {
  TG_CHECK_THROWS_WITH(F::mse_loss(tg::ones({4, 1}), tg::ones({4})),
                       "mse_loss: input [4,1] and target [4] must have the same shape");
  TG_CHECK_THROWS_WITH(F::mse_loss(tg::ones({2}), tg::ones({2}, tg::kFloat64)), "mse_loss", "float32", "float64");
  TG_CHECK_THROWS_WITH(tg::nn::MSELoss()(tg::ones({3}), tg::ones({2})), "mse_loss", "[3]", "[2]");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(nn_binary_cross_entropy)

BOOST_AUTO_TEST_CASE(matches_pytorch_for_every_reduction_and_with_weights) {
  for (const auto& [name, r] : kReductions) {
    check_fixture("binary_cross_entropy_" + name, [r = r](const tg::Tensor& p, const Fixture& f) {
      return F::binary_cross_entropy(p, f.at("target"), r);
    });
  }
  check_fixture("binary_cross_entropy_weighted", [](const tg::Tensor& p, const Fixture& f) {
    return F::binary_cross_entropy(p, f.at("target"), Reduction::Mean, f.at("weight"));
  });
}

BOOST_AUTO_TEST_CASE(probabilities_of_exactly_zero_and_one_give_pytorchs_clamped_loss_and_finite_gradients) {
  // PyTorch's own gradient there is its eps-regularised (p - y) / max(p (1 - p), 1e-12); the
  // composed one differs (it is 0 or 1/(1-p)), so only the values and finiteness are compared.
  check_fixture(
      "binary_cross_entropy_extreme",
      [](const tg::Tensor& p, const Fixture& f) { return F::binary_cross_entropy(p, f.at("target"), Reduction::None); },
      /*check_grad=*/false);
  tg::Tensor p = tg::tensor({0.0, 1.0, 0.0, 1.0}).requires_grad_();
  tg::Tensor loss = F::binary_cross_entropy(p, tg::tensor({1.0, 0.0, 0.0, 1.0}), Reduction::Sum);
  BOOST_CHECK_CLOSE(loss.item<double>(), 200.0, 1e-4);
  loss.backward();
  for (float g : p.grad().to_vector<float>()) BOOST_CHECK(std::isfinite(g));
}

BOOST_AUTO_TEST_CASE(passes_gradcheck) {
  const Fixture f = tg_test::load_fixture("nn/binary_cross_entropy_mean");
  tg::Tensor y = f.at("target");
  BOOST_CHECK(gradcheck_loss([&](const tg::Tensor& p) { return F::binary_cross_entropy(p, y); }, f.at("input")));
}

BOOST_AUTO_TEST_CASE(rejects_mismatched_shapes_and_values_outside_zero_one) {
  TG_CHECK_THROWS_WITH(F::binary_cross_entropy(tg::full({3, 1}, 0.5), tg::ones({3})),
                       "binary_cross_entropy: input [3,1] and target [3]");
  TG_CHECK_THROWS_WITH(F::binary_cross_entropy(tg::tensor({0.5, 1.5}), tg::ones({2})), "binary_cross_entropy", "[0, 1]",
                       "1.5");
  TG_CHECK_THROWS_WITH(F::binary_cross_entropy(tg::full({2, 3}, 0.5), tg::ones({2, 3}), Reduction::Mean, tg::ones({2})),
                       "binary_cross_entropy: weight [2] does not broadcast to input [2,3]");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(nn_binary_cross_entropy_with_logits)

BOOST_AUTO_TEST_CASE(matches_pytorch_for_every_reduction_and_with_weights) {
  for (const auto& [name, r] : kReductions) {
    check_fixture("bce_with_logits_" + name, [r = r](const tg::Tensor& x, const Fixture& f) {
      return F::binary_cross_entropy_with_logits(x, f.at("target"), r);
    });
  }
  check_fixture("bce_with_logits_weighted", [](const tg::Tensor& x, const Fixture& f) {
    return F::binary_cross_entropy_with_logits(x, f.at("target"), Reduction::Mean, f.at("weight"), f.at("pos_weight"));
  });
}

BOOST_AUTO_TEST_CASE(logits_of_plus_minus_one_thousand_match_pytorch_values_and_gradients) {
  check_fixture("bce_with_logits_extreme", [](const tg::Tensor& x, const Fixture& f) {
    return F::binary_cross_entropy_with_logits(x, f.at("target"), Reduction::None);
  });
  // In float32 as well.
  tg::Tensor x = tg::tensor({-1000.0, 1000.0, -100.0, 100.0}).requires_grad_();
  tg::Tensor loss = F::binary_cross_entropy_with_logits(x, tg::tensor({1.0, 0.0, 0.0, 1.0}), Reduction::None);
  tg_test::check_close(loss, tg::tensor({1000.0, 1000.0, 0.0, 0.0}), 5e-7, 5e-7, "float32 extremes");
  loss.sum().backward();
  tg_test::check_close(x.grad(), tg::tensor({-1.0, 1.0, 0.0, 0.0}), 5e-7, 5e-7, "float32 extreme grads");
}

BOOST_AUTO_TEST_CASE(passes_gradcheck) {
  const Fixture f = tg_test::load_fixture("nn/bce_with_logits_weighted");
  tg::Tensor x = f.at("input");  // includes x = 0, where the composed loss is still smooth
  BOOST_CHECK(gradcheck_loss(
      [&](const tg::Tensor& z) {
        return F::binary_cross_entropy_with_logits(z, f.at("target"), Reduction::Sum, f.at("weight"),
                                                   f.at("pos_weight"));
      },
      x));
}

BOOST_AUTO_TEST_CASE(mismatched_shapes_name_the_loss_and_both_shapes) {
  TG_CHECK_THROWS_WITH(F::binary_cross_entropy_with_logits(tg::ones({5, 1}), tg::ones({5})),
                       "binary_cross_entropy_with_logits: input [5,1] and target [5]");
  TG_CHECK_THROWS_WITH(F::binary_cross_entropy_with_logits(tg::ones({5, 2}), tg::ones({5, 2}), Reduction::Mean,
                                                           tg::Tensor(), tg::ones({3})),
                       "binary_cross_entropy_with_logits: pos_weight [3]", "[5,2]");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(nn_cross_entropy)

BOOST_AUTO_TEST_CASE(matches_pytorch_with_class_indices_and_with_probabilities) {
  for (const auto& [name, r] : kReductions) {
    check_fixture("cross_entropy_indices_" + name,
                  [r = r](const tg::Tensor& x, const Fixture& f) { return F::cross_entropy(x, f.at("target"), r); });
    check_fixture("cross_entropy_probs_" + name,
                  [r = r](const tg::Tensor& x, const Fixture& f) { return F::cross_entropy(x, f.at("target"), r); });
  }
  check_fixture("cross_entropy_one_hot",
                [](const tg::Tensor& x, const Fixture& f) { return F::cross_entropy(x, f.at("target")); });
  check_fixture("cross_entropy_unbatched",
                [](const tg::Tensor& x, const Fixture& f) { return F::cross_entropy(x, f.at("target")); });
}

BOOST_AUTO_TEST_CASE(one_hot_targets_give_the_same_loss_as_indices) {
  tg::Tensor logits = tg::randn({6, 4}, tg::kFloat64);
  tg::Tensor labels = tg::tensor({0, 3, 1, 1, 2, 0}, tg::kInt64);
  tg_test::check_close(F::cross_entropy(logits, tg::one_hot(labels, 4, tg::kFloat64)), F::cross_entropy(logits, labels),
                       5e-13, 5e-13, "one-hot vs indices");
}

BOOST_AUTO_TEST_CASE(logits_of_plus_minus_one_thousand_stay_finite_and_match_pytorch) {
  check_fixture("cross_entropy_extreme", [](const tg::Tensor& x, const Fixture& f) {
    return F::cross_entropy(x, f.at("target"), Reduction::None);
  });
  tg::Tensor x = tg::tensor({{1000.0, -1000.0, 0.0}}).requires_grad_();
  tg::Tensor loss = F::cross_entropy(x, tg::tensor({1}, tg::kInt64));
  BOOST_CHECK_CLOSE(loss.item<double>(), 2000.0, 1e-4);
  loss.backward();
  tg_test::check_close(x.grad(), tg::tensor({{1.0, -1.0, 0.0}}), 5e-7, 5e-7, "float32 extreme grads");
}

BOOST_AUTO_TEST_CASE(passes_gradcheck_with_indices_and_with_probabilities) {
  const Fixture idx = tg_test::load_fixture("nn/cross_entropy_indices_mean");
  const Fixture probs = tg_test::load_fixture("nn/cross_entropy_probs_sum");
  BOOST_CHECK(
      gradcheck_loss([&](const tg::Tensor& x) { return F::cross_entropy(x, idx.at("target")); }, idx.at("input")));
  BOOST_CHECK(
      gradcheck_loss([&](const tg::Tensor& x) { return F::cross_entropy(x, probs.at("target"), Reduction::None); },
                     probs.at("input")));
}

BOOST_AUTO_TEST_CASE(bad_targets_name_the_loss_and_both_shapes) {
  tg::Tensor logits = tg::randn({4, 3});
  TG_CHECK_THROWS_WITH(F::cross_entropy(logits, tg::tensor({0, 1, 2}, tg::kInt64)),
                       "cross_entropy: input [4,3] and target [3] do not match", "[4]");
  TG_CHECK_THROWS_WITH(F::cross_entropy(logits, tg::ones({4, 2})),
                       "cross_entropy: input [4,3] and target [4,2] do not match");
  TG_CHECK_THROWS_WITH(F::cross_entropy(logits, tg::tensor({0, 1, 3, 2}, tg::kInt64)),
                       "cross_entropy: target class 3 is out of range for 3 classes");
  TG_CHECK_THROWS_WITH(F::cross_entropy(logits, tg::tensor({0, -1, 1, 2}, tg::kInt64)),
                       "cross_entropy: target class -1");
  TG_CHECK_THROWS_WITH(F::cross_entropy(tg::randn({2, 3, 4}), tg::tensor({0, 1}, tg::kInt64)), "cross_entropy",
                       "[2,3,4]");
  TG_CHECK_THROWS_WITH(F::cross_entropy(logits, tg::ones({4, 3}, tg::kFloat64)), "cross_entropy", "float32", "float64");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(nn_nll_loss)

BOOST_AUTO_TEST_CASE(matches_pytorch_for_every_reduction) {
  for (const auto& [name, r] : kReductions) {
    check_fixture("nll_loss_" + name,
                  [r = r](const tg::Tensor& x, const Fixture& f) { return F::nll_loss(x, f.at("target"), r); });
  }
}

BOOST_AUTO_TEST_CASE(equals_cross_entropy_after_log_softmax_and_passes_gradcheck) {
  const Fixture f = tg_test::load_fixture("nn/cross_entropy_indices_none");
  tg::Tensor logits = f.at("input");
  tg_test::check_close(F::nll_loss(F::log_softmax(logits, 1), f.at("target"), Reduction::None),
                       F::cross_entropy(logits, f.at("target"), Reduction::None), 5e-13, 5e-13, "nll o log_softmax");
  BOOST_CHECK(gradcheck_loss([&](const tg::Tensor& x) { return F::nll_loss(x, f.at("target")); }, logits));
}

BOOST_AUTO_TEST_CASE(float_targets_and_bad_shapes_are_rejected) {
  TG_CHECK_THROWS_WITH(F::nll_loss(tg::randn({2, 3}), tg::ones({2})),
                       "nll_loss: class-index target must be Int64, got float32");
  TG_CHECK_THROWS_WITH(F::nll_loss(tg::randn({2, 3}), tg::tensor({0, 1, 2}, tg::kInt64)),
                       "nll_loss: input [2,3] and target [3] do not match");
  TG_CHECK_THROWS_WITH(F::nll_loss(tg::randn({2, 3}), tg::tensor({0, 5}, tg::kInt64)),
                       "nll_loss: target class 5 is out of range for 3 classes");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(nn_l2_penalty)

BOOST_AUTO_TEST_CASE(is_lambda_over_two_m_times_the_sum_of_squares) {
  tg::Tensor w1 = f64({1.0, 2.0}).requires_grad_();
  tg::Tensor w2 = tg::tensor({{3.0}}, tg::kFloat64).requires_grad_();
  tg::Tensor penalty = F::l2_penalty({w1, w2}, 0.5, 10);
  BOOST_CHECK_CLOSE(penalty.item<double>(), 0.5 / 20.0 * 14.0, 1e-10);
  penalty.backward();
  // d/dw = lambda / m * w
  tg_test::check_close(w1.grad(), f64({0.05, 0.1}), 5e-13, 5e-13, "dw1");
  BOOST_CHECK(tg::gradcheck([](const std::vector<tg::Tensor>& in) { return F::l2_penalty(in, 0.7, 3); },
                            {w1.detach().requires_grad_(), w2.detach().requires_grad_()}));
  BOOST_CHECK_EQUAL(F::l2_penalty(std::vector<tg::Tensor>{}, 1.0, 1).item<double>(), 0.0);
}

BOOST_AUTO_TEST_CASE(module_form_takes_the_weights_and_leaves_out_the_biases) {
  tg::nn::Sequential net(tg::nn::Linear(2, 3), tg::nn::ReLU(), tg::nn::Linear(3, 1));
  tg::Tensor w0 = net->at<tg::nn::LinearImpl>(0).weight;
  tg::Tensor w2 = net->at<tg::nn::LinearImpl>(2).weight;
  tg_test::check_close(F::l2_penalty(*net, 0.7, 5), F::l2_penalty({w0, w2}, 0.7, 5), 5e-8, 5e-8, "module weights");
  F::l2_penalty(*net, 0.7, 5).backward();
  BOOST_CHECK(w0.grad().defined());
  BOOST_CHECK(!net->at<tg::nn::LinearImpl>(0).bias.grad().defined());
}

BOOST_AUTO_TEST_CASE(rejects_non_positive_m_and_negative_lambda) {
  TG_CHECK_THROWS_WITH(F::l2_penalty({tg::ones({2})}, 0.1, 0), "l2_penalty", "m", "0");
  TG_CHECK_THROWS_WITH(F::l2_penalty({tg::ones({2})}, -0.1, 4), "l2_penalty", "lambda");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(nn_loss_modules)

BOOST_AUTO_TEST_CASE(loss_modules_match_the_functional_forms) {
  tg::Tensor x = tg::randn({4, 3}, tg::kFloat64);
  tg::Tensor y = tg::rand({4, 3}, tg::kFloat64);
  tg::Tensor labels = tg::tensor({2, 0, 1, 1}, tg::kInt64);
  tg::Tensor p = tg::sigmoid(x);
  tg_test::check_close(tg::nn::MSELoss(Reduction::Sum)(x, y), F::mse_loss(x, y, Reduction::Sum), 0, 0, "MSELoss");
  tg_test::check_close(tg::nn::BCELoss()(p, y), F::binary_cross_entropy(p, y), 0, 0, "BCELoss");
  tg_test::check_close(tg::nn::BCEWithLogitsLoss(Reduction::None)(x, y),
                       F::binary_cross_entropy_with_logits(x, y, Reduction::None), 0, 0, "BCEWithLogitsLoss");
  tg_test::check_close(tg::nn::CrossEntropyLoss()(x, labels), F::cross_entropy(x, labels), 0, 0, "CrossEntropyLoss");
  tg_test::check_close(tg::nn::NLLLoss()(x, labels), F::nll_loss(x, labels), 0, 0, "NLLLoss");
  // BCE of sigmoid(x) is the logits form.
  tg_test::check_close(tg::nn::BCELoss()(p, y), tg::nn::BCEWithLogitsLoss()(x, y), 5e-13, 5e-13, "BCE vs logits");
}

BOOST_AUTO_TEST_CASE(loss_modules_print_their_reduction_and_take_options) {
  std::ostringstream out;
  out << tg::nn::CrossEntropyLoss(tg::nn::kSum);
  BOOST_CHECK(out.str().find("CrossEntropyLoss(reduction=sum)\n") == 0);
  BOOST_CHECK_EQUAL(tg::nn::MSELoss()->extra_repr(), "reduction=mean");
  BOOST_CHECK_EQUAL(tg::nn::reduction_name(Reduction::None), "none");
  // A loss has no forward(Tensor): putting one in a Sequential fails to compile (AnyModule).
  tg::nn::MSELoss mse(tg::nn::MSELossOptions().reduction(tg::kSum));
  BOOST_CHECK_EQUAL(mse->extra_repr(), "reduction=sum");
  tg::nn::BCELoss weighted(tg::nn::BCELossOptions().weight(tg::tensor({2.0})).reduction(tg::kSum));
  tg::Tensor p = tg::tensor({0.25, 0.5}), y = tg::tensor({1.0, 0.0});
  tg_test::check_close(weighted(p, y), 2.0 * F::binary_cross_entropy(p, y, tg::kSum), 1e-6, 1e-6, "BCE weight");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(nn_l1_loss)

// torch.nn.functional.l1_loss(torch.tensor([0.5, -1.0, 2.0, 3.0]), torch.tensor([1.0, 1.0, 1.0, 1.0])) = 1.375
// (sum 5.5; none: [0.5, 2.0, 1.0, 2.0]); its gradient for mean is sign(input - target) / 4.
BOOST_AUTO_TEST_CASE(matches_pytorch_values_and_gradients) {
  tg::Tensor x = tg::tensor({0.5, -1.0, 2.0, 3.0}, tg::kFloat64).requires_grad_();
  tg::Tensor y = tg::ones({4}, tg::kFloat64);
  tg::Tensor loss = F::l1_loss(x, y);
  BOOST_TEST(loss.item<double>() == 1.375, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(F::l1_loss(x, y, tg::kSum).item<double>() == 5.5, boost::test_tools::tolerance(1e-12));
  tg_test::check_close(F::l1_loss(x, y, tg::kNone), tg::tensor({0.5, 2.0, 1.0, 2.0}, tg::kFloat64), 1e-12, 1e-12,
                       "none");
  loss.backward();
  tg_test::check_close(x.grad(), tg::tensor({-0.25, -0.25, 0.25, 0.25}, tg::kFloat64), 1e-12, 1e-12, "grad");
  tg_test::check_close(tg::nn::L1Loss(tg::kSum)(x, y), F::l1_loss(x, y, tg::kSum), 0, 0, "module");
  tg::Tensor away = tg::tensor({0.3, -0.7, 1.9, 2.2}, tg::kFloat64);
  BOOST_CHECK(gradcheck_loss([&](const tg::Tensor& in) { return F::l1_loss(in, y); }, away));
  TG_CHECK_THROWS_WITH(F::l1_loss(x, tg::ones({3}, tg::kFloat64)), "l1_loss");
}

BOOST_AUTO_TEST_SUITE_END()
