// The PyTorch polynomial-fit tutorial in its raw-tensor form: y = sin(x) fitted by
// a + b x + c x^2 + d x^3 with gradients written by hand, then the same fit with autograd,
// which must agree. Plain LibTorch code (see autograd_custom_function.cpp).
#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <vector>

using namespace torch::indexing;

int main() {
  torch::Device device(torch::cuda::is_available() ? torch::kCUDA : torch::kCPU);
  std::cout << "device " << device << ", cuda devices " << torch::cuda::device_count() << "\n";

  auto x = torch::linspace(-M_PI, M_PI, 2000).to(device);
  std::vector<float> sines(2000);
  const float* px = x.data_ptr<float>();
  for (size_t i = 0; i < sines.size(); ++i) sines[i] = std::sin(px[i]);
  auto y = torch::tensor(sines).to(x.options().dtype());
  std::cout << "x " << x.sizes() << ", every 500th point:";
  auto sample = x.index({Slice(None, None, 500)});
  for (int64_t i = 0; i < sample.numel(); ++i) std::printf(" %.3f", sample.index({i}).item().toFloat());
  std::cout << "\n";

  const double learning_rate = 1e-6;
  const double start[4] = {0.1, 0.2, -0.1, 0.05};

  // ---- gradients by hand ------------------------------------------------------------------
  auto a = torch::full({}, start[0]), b = torch::full({}, start[1]);
  auto c = torch::full({}, start[2]), d = torch::full({}, start[3]);
  for (int t = 0; t < 2000; ++t) {
    auto y_pred = a + b * x + c * x.pow(2) + d * x.pow(3);
    auto loss = (y_pred - y).pow(2).sum().item<float>();
    if (t % 500 == 499) std::printf("manual   t=%d loss=%.2f\n", t, loss);
    auto grad_y_pred = 2.0 * (y_pred - y);
    auto grad_a = grad_y_pred.sum();
    auto grad_b = (grad_y_pred * x).sum();
    auto grad_c = (grad_y_pred * x.pow(2)).sum();
    auto grad_d = (grad_y_pred * x.pow(3)).sum();
    a -= learning_rate * grad_a;
    b -= learning_rate * grad_b;
    c -= learning_rate * grad_c;
    d -= learning_rate * grad_d;
  }
  std::printf("manual   result: y = %.4f + %.4f x + %.4f x^2 + %.4f x^3\n", a.item<float>(), b.item<float>(),
              c.item<float>(), d.item<float>());

  // ---- the same with autograd -------------------------------------------------------------
  auto options = torch::TensorOptions().dtype(torch::kFloat32).requires_grad(true);
  auto A = torch::full({}, start[0], options), B = torch::full({}, start[1], options);
  auto C = torch::full({}, start[2], options), D = torch::full({}, start[3], options);
  for (int t = 0; t < 2000; ++t) {
    auto y_pred = A + B * x + C * x.pow(2) + D * x.pow(3);
    auto loss = (y_pred - y).pow(2).sum();
    if (t % 500 == 499) std::printf("autograd t=%d loss=%.2f\n", t, loss.item<float>());
    loss.backward();
    torch::NoGradGuard no_grad;
    for (auto* p : {&A, &B, &C, &D}) {
      *p -= learning_rate * p->grad();
      p->grad().zero_();
    }
  }
  std::printf("autograd result: y = %.4f + %.4f x + %.4f x^2 + %.4f x^3\n", A.item<float>(), B.item<float>(),
              C.item<float>(), D.item<float>());

  int failures = 0;
  auto manual = torch::stack({a, b, c, d}), automatic = torch::stack({A, B, C, D}).detach();
  if ((manual - automatic).abs().max().item<float>() > 1e-3f) {
    std::cerr << "FAILED: autograd and the hand-written gradients disagree\n";
    ++failures;
  }
  if (!(b.item<float>() > 0.7f && d.item<float>() < -0.05f)) {
    std::cerr << "FAILED: the fit did not approach sin(x) ~ x - x^3/6\n";
    ++failures;
  }
  auto coefficients = torch::zeros(4);
  coefficients.index_put_({Slice(0, 4)}, manual);
  std::cout << torch::str("coefficients ", coefficients.sizes(), " sum ", coefficients.sum().item().toFloat()) << "\n";
  std::cout << (failures ? "FAILED" : "OK") << "\n";
  return failures ? 1 : 0;
}
