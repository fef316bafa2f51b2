// The top-level (ATen) spellings <tapegrad/torch.hpp> adds: torch::mse_loss(x, y,
// at::Reduction::Sum) and friends give what tg::nn::functional gives.
#include <boost/test/unit_test.hpp>

#include <tapegrad/torch.hpp>

#include "support/test_support.hpp"

namespace F = torch::nn::functional;

BOOST_AUTO_TEST_SUITE(nn_aten_losses)

BOOST_AUTO_TEST_CASE(top_level_losses_are_the_functional_ones_with_integer_reductions) {
  torch::manual_seed(3);
  torch::Tensor x = torch::randn({4, 3}, torch::kFloat64), y = torch::randn({4, 3}, torch::kFloat64);
  torch::Tensor p = torch::sigmoid(x), q = torch::sigmoid(y);
  auto same = [](const torch::Tensor& a, const torch::Tensor& b, const char* what) {
    tg_test::check_close(a, b, 1e-12, 1e-12, what);
  };
  same(torch::mse_loss(x, y), F::mse_loss(x, y), "mse_loss");
  same(torch::mse_loss(x, y, at::Reduction::Sum), F::mse_loss(x, y, torch::kSum), "mse_loss sum");
  same(torch::l1_loss(x, y, at::Reduction::None), F::l1_loss(x, y, torch::kNone), "l1_loss");
  same(torch::binary_cross_entropy(p, q), F::binary_cross_entropy(p, q), "binary_cross_entropy");
  same(torch::binary_cross_entropy_with_logits(x, q, {}, {}, at::Reduction::Sum),
       F::binary_cross_entropy_with_logits(x, q, torch::kSum), "binary_cross_entropy_with_logits");
  same(torch::smooth_l1_loss(x, y, at::Reduction::Mean, 0.5),
       F::smooth_l1_loss(x, y, F::SmoothL1LossFuncOptions().beta(0.5)), "smooth_l1_loss");
  same(torch::huber_loss(x, y, at::Reduction::Sum, 2.0),
       F::huber_loss(x, y, F::HuberLossFuncOptions(torch::kSum).delta(2.0)), "huber_loss");
  torch::Tensor log_p = torch::log_softmax(x, 1), target = torch::softmax(y, 1);
  same(torch::kl_div(log_p, target), F::kl_div(log_p, target), "kl_div");
  torch::Tensor labels = torch::tensor({0, 2, 1, 1});
  same(torch::nll_loss(log_p, labels), F::nll_loss(log_p, labels), "nll_loss");
  torch::Tensor sign = torch::tensor({1.0, -1.0, 1.0}, torch::kFloat64);
  same(torch::margin_ranking_loss(x[0], y[0], sign, 0.2),
       F::margin_ranking_loss(x[0], y[0], sign, F::MarginRankingLossFuncOptions().margin(0.2)), "margin_ranking_loss");
  same(torch::cosine_similarity(x, y, 0), F::cosine_similarity(x, y, F::CosineSimilarityFuncOptions().dim(0)),
       "cosine_similarity");
  BOOST_CHECK(torch::log_softmax(x.to(torch::kFloat), 1, torch::kFloat64).dtype() == torch::kFloat64);
  BOOST_CHECK(torch::softmax(x.to(torch::kFloat), 1, torch::kFloat64).dtype() == torch::kFloat64);
  TG_CHECK_THROWS_WITH(torch::mse_loss(x, y, 7), "mse_loss", "at::Reduction", "got 7");
  TG_CHECK_THROWS_WITH(torch::nll_loss(log_p, labels, torch::ones({3})), "nll_loss", "class weights");
}

BOOST_AUTO_TEST_SUITE_END()
