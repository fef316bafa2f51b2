// The public surface as the core issue writes it, line for line, checked against the formula.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <sstream>

#include <tapegrad/tapegrad.hpp>

namespace tg = tapegrad;

BOOST_AUTO_TEST_SUITE(public_surface)

BOOST_AUTO_TEST_CASE(the_issue_snippet_compiles_and_gives_the_analytic_gradient) {
  tg::manual_seed(42);
  std::vector<double> v{1, 2, 3, 4, 5, 6};
  tg::Tensor a = tg::tensor(v, tg::kFloat64).reshape({2, 3}).requires_grad_();
  tg::Tensor b = tg::randn({3}, tg::kFloat64).requires_grad_();
  tg::Tensor loss = tg::sum(tg::tanh(a * b) + tg::exp(b)) / 2.0;
  loss.backward();
  std::vector<double> ga = a.grad().to_vector<double>();  // flat, row-major
  double l = loss.item<double>();
  std::ostringstream printed;
  printed << a.grad();

  std::vector<double> bv = b.to_vector<double>();
  double expected_loss = 0;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) {
      double t = std::tanh(v[i * 3 + j] * bv[j]);
      expected_loss += (t + std::exp(bv[j])) / 2;
      // d/da_ij = b_j (1 - tanh^2) / 2
      BOOST_TEST(ga[i * 3 + j] == bv[j] * (1 - t * t) / 2, boost::test_tools::tolerance(1e-12));
    }
  BOOST_TEST(l == expected_loss, boost::test_tools::tolerance(1e-12));
  // b is broadcast over both rows: its gradient sums them, plus exp(b) counted twice / 2.
  std::vector<double> gb = b.grad().to_vector<double>();
  for (int j = 0; j < 3; ++j) {
    double expected = std::exp(bv[j]);
    for (int i = 0; i < 2; ++i) {
      double t = std::tanh(v[i * 3 + j] * bv[j]);
      expected += v[i * 3 + j] * (1 - t * t) / 2;
    }
    BOOST_TEST(gb[j] == expected, boost::test_tools::tolerance(1e-12));
  }
  BOOST_TEST(printed.str().rfind("tensor([[", 0) == 0);
  BOOST_TEST(printed.str().find("dtype=float64") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ops_exist_as_functions_and_as_methods) {
  tg::Tensor x = tg::arange(6.0, tg::kFloat64).reshape({2, 3});
  tg::Tensor w = tg::ones({3, 2}, tg::kFloat64);
  BOOST_TEST(tg::matmul(x, w).to_vector<double>() == x.matmul(w).to_vector<double>(), boost::test_tools::per_element());
  BOOST_TEST(tg::sum(x, 1, true).shape() == x.sum(1, true).shape());
  BOOST_TEST(x.sum(1, true).shape() == (tg::Shape{2, 1}));
  BOOST_TEST(x.transpose(0, 1).shape() == (tg::Shape{3, 2}));
  BOOST_TEST(std::get<0>(tg::max(x, 1, false)).to_vector<double>() == (std::vector<double>{2, 5}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::argmax(x, 1).to_vector<std::int64_t>() == (std::vector<std::int64_t>{2, 2}),
             boost::test_tools::per_element());
  for (double row_sum : tg::softmax(x, 1).sum(1).to_vector<double>())
    BOOST_TEST(row_sum == 1.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(x[1].to_vector<double>() == (std::vector<double>{3, 4, 5}), boost::test_tools::per_element());
  BOOST_TEST(x.at<double>({1, 2}) == 5.0);
}

BOOST_AUTO_TEST_SUITE_END()
