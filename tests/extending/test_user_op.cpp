// docs/extending.md's example op, compiled and gradient-checked so the guide cannot rot.
#include <boost/test/unit_test.hpp>

#include "../../examples/user_op/softsign.hpp"
#include "support/test_support.hpp"

namespace tg = tapegrad;

BOOST_AUTO_TEST_SUITE(user_op)

BOOST_AUTO_TEST_CASE(softsign_forward_matches_the_formula) {
  tg::Tensor x = tg::tensor({-3.0, -0.5, 0.0, 2.0});
  std::vector<float> y = my_ops::softsign(x).to_vector<float>();
  std::vector<float> expected{-0.75f, -1.0f / 3.0f, 0.0f, 2.0f / 3.0f};
  for (std::size_t i = 0; i < y.size(); ++i) BOOST_TEST(y[i] == expected[i], boost::test_tools::tolerance(1e-6f));
}

BOOST_AUTO_TEST_CASE(softsign_passes_gradcheck_and_gradgradcheck) {
  tg::manual_seed(3);
  tg::Tensor x = (tg::randn({3, 4}, tg::kFloat64) + 0.1).requires_grad_();
  auto fn = [](const std::vector<tg::Tensor>& in) { return my_ops::softsign(in[0]); };
  BOOST_TEST(tg::gradcheck(fn, {x}));
  BOOST_TEST(tg::gradgradcheck(fn, {x}));
  // On a strided input too: a transposed view and a stepped slice.
  tg::Tensor t = x.detach().t().contiguous().t().requires_grad_();
  BOOST_REQUIRE(!t.is_contiguous());
  BOOST_TEST(tg::gradcheck(fn, {t}));
  auto stepped = [](const std::vector<tg::Tensor>& in) { return my_ops::softsign(in[0].slice(1, 0, 4, 2)); };
  BOOST_TEST(tg::gradcheck(stepped, {x}));
}

BOOST_AUTO_TEST_CASE(softsign_refuses_an_input_changed_in_place_before_backward) {
  tg::Tensor x = tg::tensor({1.0, -2.0}, tg::kFloat64).requires_grad_();
  tg::Tensor h = x * 1.0;
  tg::Tensor loss = my_ops::softsign(h).sum();
  h.add_(1.0);
  TG_CHECK_THROWS_WITH(loss.backward(), "SoftsignBackward: one of the variables needed for gradient computation");
}

BOOST_AUTO_TEST_CASE(softsign_composes_with_builtin_ops_on_the_tape) {
  tg::Tensor x = tg::tensor({1.0, -2.0}, tg::kFloat64).requires_grad_();
  tg::Tensor loss = tg::sum(my_ops::softsign(x * 2.0));
  loss.backward();
  // d/dx softsign(2x) = 2 / (1 + |2x|)^2
  std::vector<double> g = x.grad().to_vector<double>();
  BOOST_TEST(g[0] == 2.0 / 9.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(g[1] == 2.0 / 25.0, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(gradcheck_catches_a_wrong_backward) {
  auto wrong = [](const std::vector<tg::Tensor>& in) {
    const tg::Tensor& x = in[0];
    tg::Tensor y = [&] {
      tg::NoGradGuard g;
      return x * x;
    }();
    return tg::autograd::record("WrongSquareBackward", y, {x},
                                [x](const tg::Tensor& g) { return std::vector<tg::Tensor>{g * x}; });  // 2x expected
  };
  tg::Tensor x = tg::tensor({1.0, 2.0}, tg::kFloat64).requires_grad_();
  BOOST_TEST(!tg::gradcheck(wrong, {x}, 1e-6, 1e-5, 1e-3, false));
  TG_CHECK_THROWS_WITH(tg::gradcheck(wrong, {x}), "gradcheck: Jacobian mismatch");
}

BOOST_AUTO_TEST_SUITE_END()
