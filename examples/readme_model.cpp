#include <iostream>
#include <tapegrad/tapegrad.hpp>
namespace tg = tapegrad;

int main() {  // XOR with one hidden layer, trained by plain gradient descent on the tape
  tg::manual_seed(0);
  tg::Tensor x = tg::tensor({{0., 0.}, {0., 1.}, {1., 0.}, {1., 1.}}), y = tg::tensor({{0.}, {1.}, {1.}, {0.}});
  tg::Tensor w1 = (tg::randn({2, 8}) * 0.5).requires_grad_(), b1 = tg::zeros({8}).requires_grad_();
  tg::Tensor w2 = (tg::randn({8, 1}) * 0.5).requires_grad_(), b2 = tg::zeros({1}).requires_grad_();
  for (int step = 0; step <= 2000; ++step) {
    tg::Tensor p = tg::sigmoid(tg::matmul(tg::tanh(tg::matmul(x, w1) + b1), w2) + b2);
    tg::Tensor loss = tg::mean(tg::pow(p - y, 2));
    loss.backward();
    tg::NoGradGuard no_grad;
    for (tg::Tensor* w : {&w1, &b1, &w2, &b2}) {
      w->sub_(w->grad(), 2.0);
      w->grad().zero_();
    }
    if (step % 500 == 0) std::cout << "step " << step << "  loss " << loss.item<float>() << "\n";
    if (step == 2000) std::cout << "predictions " << p.detach().reshape({4}) << "\n";
  }
}
