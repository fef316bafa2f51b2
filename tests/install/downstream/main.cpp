// A user's program built against the installed package only.
#include <tapegrad/tapegrad.hpp>

#include <iostream>

namespace tg = tapegrad;

int main() {
  tg::Tensor x = tg::tensor({1.0, 2.0, 3.0}, tg::kFloat64).requires_grad_();
  tg::Tensor y = tg::sum(x * x);
  y.backward();
  std::vector<double> g = x.grad().to_vector<double>();
  bool ok = g == std::vector<double>{2.0, 4.0, 6.0};
  std::cout << (ok ? "downstream ok" : "downstream WRONG gradient") << " " << x.grad() << "\n";
  return ok ? 0 : 1;
}
