// LibTorch's autograd basics with a custom Function: the PyTorch tutorial's LegendrePolynomial3,
// checked by hand, then used to fit y = sin(x) with y = a + b * P3(c + d * x). Plain LibTorch
// code: it builds against LibTorch itself and, through a forwarding torch/torch.h, tapegrad.
#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <vector>

using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

struct LegendrePolynomial3 : public torch::autograd::Function<LegendrePolynomial3> {
  static torch::Tensor forward(AutogradContext* ctx, torch::Tensor input) {
    ctx->save_for_backward({input});
    return 0.5 * (5 * input.pow(3) - 3 * input);
  }
  static tensor_list backward(AutogradContext* ctx, tensor_list grad_outputs) {
    auto saved = ctx->get_saved_variables();
    auto input = saved[0];
    return {grad_outputs[0] * 1.5 * (5 * input.pow(2) - 1)};
  }
};

// y = x * factor, with a non-tensor argument kept in saved_data.
struct Scale : public torch::autograd::Function<Scale> {
  static torch::Tensor forward(AutogradContext* ctx, torch::Tensor x, double factor) {
    ctx->saved_data["factor"] = factor;
    return x * factor;
  }
  static tensor_list backward(AutogradContext* ctx, tensor_list grad_outputs) {
    return {grad_outputs[0] * ctx->saved_data["factor"].toDouble(), torch::Tensor()};
  }
};

static int failures = 0;
static void expect(bool ok, const char* what) {
  if (!ok) {
    std::cerr << "FAILED: " << what << "\n";
    ++failures;
  }
}

int main() {
  // ---- autograd basics --------------------------------------------------------------------
  auto x = torch::tensor({1.0, 2.0, 3.0}, torch::requires_grad());
  auto y = LegendrePolynomial3::apply(x);
  std::cout << "y sizes " << y.sizes() << ", requires_grad " << y.requires_grad() << ", has grad_fn "
            << (y.grad_fn() != nullptr) << ", leaf " << x.is_leaf() << "\n";
  y.sum().backward();
  auto expected = 1.5 * (5 * x.detach().pow(2) - 1);
  std::printf("x.grad() = %.4f %.4f %.4f\n", x.grad()[0].item<float>(), x.grad()[1].item<float>(),
              x.grad()[2].item<float>());
  expect((x.grad() - expected).abs().max().item<float>() < 1e-5f, "custom backward gives 1.5 * (5x^2 - 1)");

  // A hook doubles the gradient; a second backward accumulates into x.grad().
  x.grad().zero_();
  auto handle = x.register_hook([](torch::Tensor grad) { return grad * 2; });
  Scale::apply(x, 3.0).sum().backward();
  std::printf("with hook: x.grad()[0] = %.1f\n", x.grad()[0].item().toFloat());
  expect(x.grad()[0].item<float>() == 6.0f, "hook doubled the gradient of Scale");
  x.remove_hook(handle);
  Scale::apply(x, 3.0).sum().backward();
  expect(x.grad()[0].item<float>() == 9.0f, "gradients accumulate once the hook is removed");

  // ---- the tutorial's fit -----------------------------------------------------------------
  auto xs = torch::linspace(-M_PI, M_PI, 2000);
  std::vector<float> sines(2000);
  auto xa = xs.accessor<float, 1>();
  for (int64_t i = 0; i < xa.size(0); ++i) sines[i] = std::sin(xa[i]);
  auto ys = torch::tensor(sines);

  auto options = torch::dtype(torch::kFloat).requires_grad(true);
  auto a = torch::full({}, 0.0, options);
  auto b = torch::full({}, -1.0, options);
  auto c = torch::full({}, 0.0, options);
  auto d = torch::full({}, 0.3, options);
  const double learning_rate = 5e-6;
  float first_loss = 0, last_loss = 0;
  for (int t = 0; t < 2000; ++t) {
    auto y_pred = a + b * LegendrePolynomial3::apply(c + d * xs);
    auto loss = (y_pred - ys).pow(2).sum();
    if (t == 0) first_loss = loss.item<float>();
    last_loss = loss.item<float>();
    if (t % 500 == 499) std::printf("t=%d loss=%.2f\n", t, loss.item<float>());
    loss.backward();
    torch::NoGradGuard no_grad;
    a -= learning_rate * a.grad();
    b -= learning_rate * b.grad();
    c -= learning_rate * c.grad();
    d -= learning_rate * d.grad();
    a.grad().zero_();
    b.grad().zero_();
    c.grad().zero_();
    d.grad().zero_();
  }
  std::printf("Result: y = %.3f + %.3f * P3(%.3f + %.3f x)\n", a.item<float>(), b.item<float>(), c.item<float>(),
              d.item<float>());
  expect(last_loss < first_loss / 10, "the fit reduces the loss tenfold");
  expect(std::abs(d.item<float>()) > 0.2f && b.item<float>() < -1.5f, "the fit moves b and d as the tutorial's does");
  std::cout << (failures ? "FAILED" : "OK") << "\n";
  return failures ? 1 : 0;
}
