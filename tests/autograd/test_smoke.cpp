#include <boost/test/unit_test.hpp>
#include <sstream>
#include <tapegrad/tapegrad.hpp>
namespace tg = tapegrad;

BOOST_AUTO_TEST_CASE(issue_snippet_runs) {
  tg::manual_seed(42);
  std::vector<double> v{1, 2, 3, 4, 5, 6};
  tg::Tensor a = tg::tensor(v, tg::kFloat64).reshape({2, 3}).requires_grad_();
  tg::Tensor b = tg::randn({3}, tg::kFloat64).requires_grad_();
  tg::Tensor loss = tg::sum(tg::tanh(a * b) + tg::exp(b)) / 2.0;
  loss.backward();
  std::vector<double> ga = a.grad().to_vector<double>();
  double l = loss.item<double>();
  std::ostringstream s;
  s << a.grad();
  BOOST_TEST_MESSAGE(s.str() << " loss " << l);
  BOOST_TEST(ga.size() == 6u);
}
