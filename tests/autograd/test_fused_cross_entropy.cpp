// cross_entropy with class indices runs as one fused op: it must give the composite
// log_softmax + nll_loss values and gradients, pass gradcheck and gradgradcheck (contiguous and
// strided inputs: strided ones take the composite path), and keep the composite's errors.
#include <boost/test/unit_test.hpp>

#include <tapegrad/tapegrad.hpp>

#include "autograd/op_test_support.hpp"
#include "support/test_support.hpp"

namespace tg = tapegrad;
namespace F = tg::nn::functional;

namespace {
const tg::Tensor classes = tg::tensor(std::vector<std::int64_t>{2, 0, 4, 4, 1});
}

BOOST_AUTO_TEST_CASE(matches_log_softmax_plus_nll_in_value_and_gradient) {
  for (tg::Dtype dtype : {tg::kFloat32, tg::kFloat64}) {
    for (tg::nn::Reduction r : {tg::nn::Reduction::Mean, tg::nn::Reduction::Sum}) {
      tg::manual_seed(5);
      tg::Tensor values = (tg::randn({5, 6}) * 4.0).to(dtype);
      tg::Tensor a = values.clone().requires_grad_(), b = values.clone().requires_grad_();
      tg::Tensor fused = F::cross_entropy(a, classes, r);
      tg::Tensor composite = F::nll_loss(tg::log_softmax(b, -1), classes, r);
      BOOST_TEST(fused.grad_fn_name() == "NllLossBackward");
      fused.backward();
      composite.backward();
      const double tol = dtype == tg::kFloat32 ? 1e-5 : 1e-12;
      BOOST_TEST(tg_test::check_close(fused.detach(), composite.detach(), tol, tol, "loss"));
      BOOST_TEST(tg_test::check_close(a.grad(), b.grad(), tol, tol, "gradient"));
    }
  }
}

BOOST_AUTO_TEST_CASE(gradcheck_and_gradgradcheck) {
  tg::manual_seed(6);
  for (tg::nn::Reduction r : {tg::nn::Reduction::Mean, tg::nn::Reduction::Sum}) {
    auto fn = [r](const std::vector<tg::Tensor>& in) { return F::cross_entropy(in[0], classes, r); };
    op_test::expect_gradcheck("cross_entropy", fn, {op_test::rnd({5, 6}, -3, 3)});
    op_test::expect_gradgradcheck("cross_entropy", fn, {op_test::rnd({5, 6}, -3, 3)});
  }
}

BOOST_AUTO_TEST_CASE(large_logits_stay_finite_and_errors_are_the_composite_ones) {
  tg::Tensor big = tg::tensor({{1000.0, 0.0, -1000.0}, {0.0, 0.0, 0.0}}).requires_grad_();
  tg::Tensor loss = F::cross_entropy(big, tg::tensor(std::vector<std::int64_t>{0, 2}));
  BOOST_TEST(std::abs(loss.item<double>() - std::log(3.0) / 2) < 1e-5);
  loss.backward();
  BOOST_TEST(std::isfinite(big.grad().sum().item<double>()));
  TG_CHECK_THROWS_WITH(F::cross_entropy(big, tg::tensor(std::vector<std::int64_t>{0, 3})),
                       "cross_entropy: target class 3 is out of range for 3 classes");
}
