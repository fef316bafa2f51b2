// The optimizers' fused single-pass updates (contiguous parameters) against their tensor-op
// path (taken for a non-contiguous parameter): the same trajectory for every option that
// changes the arithmetic, in float32 and float64, and the in-place version bump.
#include <boost/test/unit_test.hpp>

#include <functional>
#include <memory>
#include <tapegrad/tapegrad.hpp>

#include "support/test_support.hpp"

namespace tg = tapegrad;
namespace optim = tg::optim;

namespace {

using MakeOptimizer = std::function<std::unique_ptr<optim::Optimizer>(std::vector<tg::Tensor>)>;

// Trains a contiguous parameter (fused path) and a transposed view holding the same values
// (tensor-op path) for 6 steps on the same gradients; they must agree.
void expect_same_trajectory(const MakeOptimizer& make, tg::Dtype dtype) {
  tg::manual_seed(3);
  tg::Tensor base = tg::randn({7, 5}).to(dtype);
  tg::Tensor strided = base.t().detach().requires_grad_();  // [5,7], not contiguous
  tg::Tensor dense = base.t().contiguous().detach().requires_grad_();
  BOOST_REQUIRE(!strided.is_contiguous());
  BOOST_REQUIRE(dense.is_contiguous());
  auto opt_dense = make({dense});
  auto opt_strided = make({strided});
  for (int step = 0; step < 6; ++step) {
    tg::Tensor c = tg::randn({5, 7}).to(dtype);
    for (auto* pair : {&dense, &strided}) {
      tg::Tensor loss = tg::sum(*pair * *pair * c);
      loss.backward();
    }
    const std::int64_t before = dense._version();
    opt_dense->step();
    opt_strided->step();
    BOOST_TEST(dense._version() > before);  // the fused write bumps the version as in-place ops do
    opt_dense->zero_grad();
    opt_strided->zero_grad();
  }
  const double tol = dtype == tg::kFloat32 ? 1e-6 : 1e-12;
  BOOST_TEST(tg_test::check_close(dense.detach(), strided.detach().contiguous(), tol, tol, "parameter"));
}

void for_both_dtypes(const MakeOptimizer& make) {
  expect_same_trajectory(make, tg::kFloat32);
  expect_same_trajectory(make, tg::kFloat64);
}

template <typename Opt, typename Options>
MakeOptimizer maker(Options options) {
  return [options](std::vector<tg::Tensor> params) { return std::make_unique<Opt>(std::move(params), options); };
}

}  // namespace

BOOST_AUTO_TEST_CASE(sgd_fused_matches_the_tensor_ops) {
  for_both_dtypes(maker<optim::SGD>(optim::SGDOptions(0.1)));
  for_both_dtypes(maker<optim::SGD>(optim::SGDOptions(0.1).momentum(0.9)));
  for_both_dtypes(maker<optim::SGD>(optim::SGDOptions(0.05).momentum(0.9).nesterov(true).weight_decay(0.01)));
  for_both_dtypes(maker<optim::SGD>(optim::SGDOptions(0.05).momentum(0.8).dampening(0.3).weight_decay(0.1)));
}

BOOST_AUTO_TEST_CASE(adam_and_adamw_fused_match_the_tensor_ops) {
  for_both_dtypes(maker<optim::Adam>(optim::AdamOptions(0.01)));
  for_both_dtypes(maker<optim::Adam>(optim::AdamOptions(0.01).weight_decay(0.1).amsgrad(true)));
  for_both_dtypes(maker<optim::AdamW>(optim::AdamWOptions(0.01).weight_decay(0.1)));
  for_both_dtypes(maker<optim::AdamW>(optim::AdamWOptions(0.01).amsgrad(true)));
}

BOOST_AUTO_TEST_CASE(rmsprop_fused_matches_the_tensor_ops) {
  for_both_dtypes(maker<optim::RMSprop>(optim::RMSpropOptions(0.01)));
  for_both_dtypes(maker<optim::RMSprop>(optim::RMSpropOptions(0.01).centered(true)));
  for_both_dtypes(maker<optim::RMSprop>(optim::RMSpropOptions(0.01).momentum(0.9).weight_decay(0.1)));
  for_both_dtypes(maker<optim::RMSprop>(optim::RMSpropOptions(0.01).centered(true).momentum(0.5)));
}

BOOST_AUTO_TEST_CASE(adagrad_fused_matches_the_tensor_ops) {
  for_both_dtypes(maker<optim::Adagrad>(optim::AdagradOptions(0.1)));
  for_both_dtypes(maker<optim::Adagrad>(optim::AdagradOptions(0.1).lr_decay(0.01).weight_decay(0.1)));
}

BOOST_AUTO_TEST_CASE(a_fused_step_makes_a_saved_parameter_stale) {
  tg::Tensor w = tg::randn({3, 3}).requires_grad_();
  optim::Adam opt({w}, optim::AdamOptions(0.1));
  tg::sum(w * w).backward();
  tg::Tensor kept = tg::sum(w * w);  // saves w
  opt.step();
  TG_CHECK_THROWS_WITH(kept.backward(), "modified by an in-place operation");
}
