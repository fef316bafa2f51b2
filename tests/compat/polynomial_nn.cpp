// PyTorch's "polynomial fit" tutorial in its nn form: y = sin(x) fitted by
// a + b x + c x^2 + d x^3 through Linear(3, 1) + Flatten(0, 1), summed MSE and plain SGD.
#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <vector>

int main() {
  torch::manual_seed(0);
  torch::Tensor x = torch::linspace(-3.14159265, 3.14159265, 2000);
  std::vector<float> sines;
  for (int i = 0; i < 2000; ++i) sines.push_back(static_cast<float>(std::sin(-3.14159265 + i * 6.2831853 / 1999)));
  torch::Tensor y = torch::tensor(sines);
  torch::Tensor xx = torch::stack({x, x.pow(2), x.pow(3)}, 1);

  torch::nn::Sequential model(torch::nn::Linear(3, 1),
                              torch::nn::Flatten(torch::nn::FlattenOptions().start_dim(0).end_dim(1)));
  torch::nn::MSELoss loss_fn(torch::nn::MSELossOptions().reduction(torch::kSum));
  const double learning_rate = 1e-6;
  float loss_value = 0;
  for (int t = 0; t < 2000; ++t) {
    torch::Tensor y_pred = model->forward(xx);
    torch::Tensor loss = loss_fn(y_pred, y);
    if (t % 500 == 499) std::printf("step %d  loss %.3f\n", t, loss.item<float>());
    loss_value = loss.item<float>();
    model->zero_grad();
    loss.backward();
    torch::NoGradGuard no_grad;
    for (auto& p : model->parameters()) p.sub_(learning_rate * p.grad());
  }
  auto& linear = model->at<torch::nn::LinearImpl>(0);
  std::printf("y = %.3f + %.3f x + %.3f x^2 + %.3f x^3  (sum loss %.2f)\n", linear.bias.item<float>(),
              linear.weight[0][0].item<float>(), linear.weight[0][1].item<float>(), linear.weight[0][2].item<float>(),
              loss_value);
  return loss_value < 50 ? 0 : 1;
}
