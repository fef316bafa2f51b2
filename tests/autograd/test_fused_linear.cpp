// Linear with a bias runs as one op (the bias folded into the GEMM): the same values and
// gradients as mm + add, gradcheck and gradgradcheck (strided inputs take the composite path).
#include <boost/test/unit_test.hpp>

#include <tapegrad/tapegrad.hpp>

#include "autograd/op_test_support.hpp"
#include "support/test_support.hpp"

namespace tg = tapegrad;
namespace F = tg::nn::functional;

BOOST_AUTO_TEST_CASE(matches_mm_plus_bias_in_value_and_gradient) {
  for (tg::Dtype dtype : {tg::kFloat32, tg::kFloat64}) {
    tg::manual_seed(8);
    tg::Tensor x0 = tg::randn({6, 5}).to(dtype), w0 = tg::randn({4, 5}).to(dtype), b0 = tg::randn({4}).to(dtype);
    tg::Tensor x = x0.clone().requires_grad_(), w = w0.clone().requires_grad_(), b = b0.clone().requires_grad_();
    tg::Tensor x2 = x0.clone().requires_grad_(), w2 = w0.clone().requires_grad_(), b2 = b0.clone().requires_grad_();
    tg::Tensor fused = F::linear(x, w, b);
    BOOST_TEST(fused.grad_fn_name() == "AddmmBackward");
    tg::Tensor composite = tg::mm(x2, w2, false, true) + b2;
    tg::Tensor weights = tg::arange(1.0, 25.0, 1.0, tg::TensorOptions().dtype(dtype)).reshape({6, 4});
    tg::sum(fused * weights).backward();
    tg::sum(composite * weights).backward();
    const double tol = dtype == tg::kFloat32 ? 1e-5 : 1e-12;
    BOOST_TEST(tg_test::check_close(fused.detach(), composite.detach(), tol, tol, "output"));
    BOOST_TEST(tg_test::check_close(x.grad(), x2.grad(), tol, tol, "input grad"));
    BOOST_TEST(tg_test::check_close(w.grad(), w2.grad(), tol, tol, "weight grad"));
    BOOST_TEST(tg_test::check_close(b.grad(), b2.grad(), tol, tol, "bias grad"));
  }
}

BOOST_AUTO_TEST_CASE(only_the_inputs_that_require_grad_get_one) {
  tg::Tensor x = tg::randn({3, 2}), w = tg::randn({5, 2}).requires_grad_(), b = tg::randn({5});
  tg::sum(F::linear(x, w, b)).backward();
  BOOST_TEST(w.grad().defined());
  BOOST_TEST(!x.grad().defined());
  BOOST_TEST(!b.grad().defined());
}

BOOST_AUTO_TEST_CASE(gradcheck_and_gradgradcheck) {
  tg::manual_seed(9);
  auto fn = [](const std::vector<tg::Tensor>& in) { return F::linear(in[0], in[1], in[2]); };
  const std::vector<tg::Tensor> inputs{op_test::rnd({4, 3}), op_test::rnd({2, 3}), op_test::rnd({2})};
  op_test::expect_gradcheck("linear", fn, inputs);
  op_test::expect_gradgradcheck("linear", fn, inputs);
}
