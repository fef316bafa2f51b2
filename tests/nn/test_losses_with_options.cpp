// The losses and distance added for LibTorch compatibility (smooth_l1_loss, huber_loss,
// kl_div, margin_ranking_loss, cosine_similarity), their modules, and the FuncOptions
// spellings of every functional loss. Golden values: scripts/fixtures/gen_nn_extra_fixtures.py.
#include <boost/test/unit_test.hpp>

#include <functional>
#include <string>
#include <vector>

#include <tapegrad/tapegrad.hpp>

#include "nn/nn_test_utils.hpp"

namespace tg = tapegrad;
namespace F = tg::nn::functional;
using tg::nn::Reduction;
using tg_test::Fixture;

namespace {

using nn_test::kReductions;

// Values ("loss" or "output") and d/d(input) match PyTorch's float64 fixtures to 1e-9.
void check_fixture(const std::string& name, const std::function<tg::Tensor(const tg::Tensor&, const Fixture&)>& fn,
                   const std::string& value = "loss") {
  nn_test::check_against_fixture(name, fn, value, 1e-9);
}

// gradcheck on contiguous inputs and on the same values through a transposed (strided) view.
bool gradcheck_both_layouts(const std::function<tg::Tensor(const std::vector<tg::Tensor>&)>& fn,
                            const std::vector<tg::Tensor>& inputs) {
  std::vector<tg::Tensor> dense, strided;
  for (const auto& t : inputs) {
    dense.push_back(t.detach().clone().requires_grad_());
    strided.push_back(t.dim() == 2 ? t.detach().t().contiguous().t().requires_grad_() : dense.back());
  }
  BOOST_REQUIRE(inputs[0].dim() != 2 || !strided[0].is_contiguous());
  return tg::gradcheck(fn, dense) && tg::gradcheck(fn, strided);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(nn_losses_with_options)

BOOST_AUTO_TEST_CASE(smooth_l1_and_huber_match_pytorch) {
  for (const auto& [name, r] : kReductions) {
    check_fixture("smooth_l1_loss_" + name, [r = r](const tg::Tensor& x, const Fixture& f) {
      return F::smooth_l1_loss(x, f.at("target"), F::SmoothL1LossFuncOptions(r));
    });
    check_fixture("huber_loss_" + name, [r = r](const tg::Tensor& x, const Fixture& f) {
      return F::huber_loss(x, f.at("target"), F::HuberLossFuncOptions().reduction(r));
    });
  }
  check_fixture("smooth_l1_loss_beta", [](const tg::Tensor& x, const Fixture& f) {
    return F::smooth_l1_loss(x, f.at("target"), F::SmoothL1LossFuncOptions().beta(0.5));
  });
  check_fixture("huber_loss_delta", [](const tg::Tensor& x, const Fixture& f) {
    return tg::nn::HuberLoss(tg::nn::HuberLossOptions().delta(2.0))(x, f.at("target"));
  });
  const Fixture f = tg_test::load_fixture("nn/smooth_l1_loss_mean");
  BOOST_CHECK(gradcheck_both_layouts(
      [](const std::vector<tg::Tensor>& in) {
        return F::smooth_l1_loss(in[0], in[1], F::SmoothL1LossFuncOptions().beta(0.5));
      },
      {f.at("input"), f.at("target")}));
  BOOST_CHECK(gradcheck_both_layouts(
      [](const std::vector<tg::Tensor>& in) {
        return F::huber_loss(in[0], in[1], F::HuberLossFuncOptions().delta(0.8));
      },
      {f.at("input"), f.at("target")}));
  // beta = 0 is l1_loss (PyTorch's special case), not 0 / 0.
  tg::Tensor a = tg::tensor({1.0, -2.0}), b = tg::tensor({0.0, 0.0});
  BOOST_CHECK_CLOSE(F::smooth_l1_loss(a, b, F::SmoothL1LossFuncOptions().beta(0.0)).item<double>(), 1.5, 1e-9);
  TG_CHECK_THROWS_WITH(F::smooth_l1_loss(a, b, F::SmoothL1LossFuncOptions().beta(-1.0)), "smooth_l1_loss", "beta");
  TG_CHECK_THROWS_WITH(F::huber_loss(a, b, F::HuberLossFuncOptions().delta(0.0)), "huber_loss", "delta");
  TG_CHECK_THROWS_WITH(F::huber_loss(a, tg::tensor({1.0})), "huber_loss", "[2]", "[1]");
}

BOOST_AUTO_TEST_CASE(kl_div_matches_pytorch_for_every_reduction_and_log_target) {
  for (const auto& [name, r] : kReductions) {
    check_fixture("kl_div_" + name, [r = r](const tg::Tensor& x, const Fixture& f) {
      return F::kl_div(x, f.at("target"), F::KLDivFuncOptions(r));
    });
  }
  check_fixture("kl_div_batchmean", [](const tg::Tensor& x, const Fixture& f) {
    return tg::nn::KLDivLoss(tg::nn::KLDivLossOptions(tg::kBatchMean))(x, f.at("target"));
  });
  check_fixture("kl_div_log_target", [](const tg::Tensor& x, const Fixture& f) {
    return F::kl_div(x, f.at("target"), F::KLDivFuncOptions().reduction(tg::kBatchMean).log_target(true));
  });
  const Fixture f = tg_test::load_fixture("nn/kl_div_log_target");
  BOOST_CHECK(gradcheck_both_layouts(
      [](const std::vector<tg::Tensor>& in) {
        return F::kl_div(in[0], in[1], F::KLDivFuncOptions(tg::kBatchMean).log_target(true));
      },
      {f.at("input"), f.at("target")}));
  BOOST_CHECK_EQUAL(tg::nn::KLDivLoss(tg::nn::KLDivLossOptions(tg::kBatchMean))->extra_repr(),
                    "reduction=batchmean, log_target=false");
}

BOOST_AUTO_TEST_CASE(margin_ranking_loss_matches_pytorch) {
  for (const auto& [name, r] : kReductions) {
    check_fixture("margin_ranking_loss_" + name, [r = r](const tg::Tensor& x, const Fixture& f) {
      return tg::nn::MarginRankingLoss(tg::nn::MarginRankingLossOptions().margin(0.3).reduction(r))(x, f.at("input2"),
                                                                                                    f.at("target"));
    });
  }
  const Fixture f = tg_test::load_fixture("nn/margin_ranking_loss_sum");
  BOOST_CHECK(tg::gradcheck(
      [&](const std::vector<tg::Tensor>& in) {
        return F::margin_ranking_loss(in[0], in[1], f.at("target"), F::MarginRankingLossFuncOptions().margin(0.3));
      },
      {f.at("input").detach().clone().requires_grad_(), f.at("input2").detach().clone().requires_grad_()}));
  TG_CHECK_THROWS_WITH(F::margin_ranking_loss(tg::ones({3}), tg::ones({3}), tg::ones({2})), "margin_ranking_loss",
                       "[3]", "[2]");
}

BOOST_AUTO_TEST_CASE(cosine_similarity_matches_pytorch_along_any_dim_and_broadcasts) {
  check_fixture(
      "cosine_similarity_dim1",
      [](const tg::Tensor& x, const Fixture& f) { return F::cosine_similarity(x, f.at("input2")); }, "output");
  check_fixture(
      "cosine_similarity_dim0",
      [](const tg::Tensor& x, const Fixture& f) {
        return tg::nn::CosineSimilarity(tg::nn::CosineSimilarityOptions().dim(0))(x, f.at("input2"));
      },
      "output");
  check_fixture(
      "cosine_similarity_broadcast",
      [](const tg::Tensor& x, const Fixture& f) {
        return F::cosine_similarity(x, f.at("input2"), F::CosineSimilarityFuncOptions().dim(-1));
      },
      "output");
  const Fixture f = tg_test::load_fixture("nn/cosine_similarity_dim1");
  BOOST_CHECK(
      gradcheck_both_layouts([](const std::vector<tg::Tensor>& in) { return F::cosine_similarity(in[0], in[1]); },
                             {f.at("input"), f.at("input2")}));
  TG_CHECK_THROWS_WITH(F::cosine_similarity(tg::ones({2, 3}), tg::ones({2, 4})), "cosine_similarity", "[2,3]", "[2,4]");
}

BOOST_AUTO_TEST_CASE(every_functional_loss_takes_its_func_options) {
  const Fixture mse = tg_test::load_fixture("nn/mse_loss_sum");
  tg_test::check_close(F::mse_loss(mse.at("input"), mse.at("target"), F::MSELossFuncOptions(tg::kSum)), mse.at("loss"),
                       1e-9, 1e-9, "mse");
  const Fixture ce = tg_test::load_fixture("nn/cross_entropy_indices_sum");
  tg_test::check_close(
      F::cross_entropy(ce.at("input"), ce.at("target"), F::CrossEntropyFuncOptions().reduction(tg::kSum)),
      ce.at("loss"), 1e-9, 1e-9, "cross_entropy");
  const Fixture nll = tg_test::load_fixture("nn/nll_loss_none");
  tg_test::check_close(F::nll_loss(nll.at("input"), nll.at("target"), F::NLLLossFuncOptions().reduction(tg::kNone)),
                       nll.at("loss"), 1e-9, 1e-9, "nll");
  const Fixture bce = tg_test::load_fixture("nn/binary_cross_entropy_weighted");
  tg_test::check_close(F::binary_cross_entropy(bce.at("input"), bce.at("target"),
                                               F::BinaryCrossEntropyFuncOptions().weight(bce.at("weight"))),
                       bce.at("loss"), 1e-9, 1e-9, "bce");
  const Fixture bcel = tg_test::load_fixture("nn/bce_with_logits_weighted");
  tg_test::check_close(
      F::binary_cross_entropy_with_logits(
          bcel.at("input"), bcel.at("target"),
          F::BinaryCrossEntropyWithLogitsFuncOptions().weight(bcel.at("weight")).pos_weight(bcel.at("pos_weight"))),
      bcel.at("loss"), 1e-9, 1e-9, "bce_with_logits");
  tg::Tensor a = tg::tensor({1.0, -2.0}), b = tg::tensor({0.5, 0.0});
  BOOST_CHECK_CLOSE(F::l1_loss(a, b, F::L1LossFuncOptions(tg::kSum)).item<double>(), 2.5, 1e-9);
}

BOOST_AUTO_TEST_SUITE_END()
