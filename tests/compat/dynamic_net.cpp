// PyTorch's "dynamic net" tutorial: a cubic plus a fourth and fifth power term reused a
// run-time number of times, with five 0-d parameters, trained with SGD and momentum.
#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <vector>

struct DynamicNet : torch::nn::Module {
  DynamicNet() {
    a = register_parameter("a", torch::randn({}));
    b = register_parameter("b", torch::randn({}));
    c = register_parameter("c", torch::randn({}));
    d = register_parameter("d", torch::randn({}));
    e = register_parameter("e", torch::randn({}));
  }
  // The depth changes from call to call (4, 5 or 6 terms, as the tutorial's randint(4, 6)): the graph is built anew
  // each time.
  torch::Tensor forward(torch::Tensor x, int depth) {
    torch::Tensor y = a + b * x + c * x.pow(2) + d * x.pow(3);
    for (int exp = 4; exp < depth; ++exp) y = y + e * x.pow(exp);
    return y;
  }
  torch::Tensor a, b, c, d, e;
};

int main() {
  torch::manual_seed(0);
  torch::Tensor x = torch::linspace(-3.14159265, 3.14159265, 2000);
  std::vector<float> sines;
  for (int i = 0; i < 2000; ++i) sines.push_back(static_cast<float>(std::sin(-3.14159265 + i * 6.2831853 / 1999)));
  torch::Tensor y = torch::tensor(sines);
  auto model = std::make_shared<DynamicNet>();
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(1e-8).momentum(0.9));
  float first = 0, last = 0;
  for (int t = 0; t < 3000; ++t) {
    torch::Tensor loss = (model->forward(x, 4 + t % 3) - y).pow(2).sum();
    if (t == 0) first = loss.item<float>();
    last = loss.item<float>();
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
  }
  std::printf("loss %.1f -> %.1f  e = %.6f  (dim of a: %d)\n", first, last, model->e.item<float>(),
              static_cast<int>(model->a.dim()));
  return (last < first / 10 && model->a.dim() == 0) ? 0 : 1;
}
