// Linear regression with torch::nn::Linear and SGD, written as a LibTorch program.
#include <torch/torch.h>

#include <cstdio>

int main() {
  torch::manual_seed(1);
  const torch::Tensor true_w = torch::tensor({{2.0f, -3.0f}});
  torch::Tensor x = torch::randn({256, 2});
  torch::Tensor y = torch::matmul(x, true_w.t()) + 0.5 + 0.01 * torch::randn({256, 1});

  torch::nn::Linear model(2, 1);
  torch::optim::SGD optimizer(model->parameters(), /*lr=*/0.1);
  float loss_value = 0;
  for (int epoch = 0; epoch < 200; ++epoch) {
    optimizer.zero_grad();
    torch::Tensor loss = torch::nn::functional::mse_loss(model(x), y);
    loss.backward();
    optimizer.step();
    loss_value = loss.item<float>();
  }
  std::printf("final loss %.5f  w = [%.3f, %.3f]  b = %.3f\n", loss_value, model->weight[0][0].item<float>(),
              model->weight[0][1].item<float>(), model->bias[0].item<float>());
  return loss_value < 1e-3 ? 0 : 1;
}
