// An MLP classifier on a synthetic three-arm spiral, trained with Adam and weight decay.
#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <vector>

struct ClassifierImpl : torch::nn::Module {
  ClassifierImpl(int64_t hidden, int64_t classes)
      : net(torch::nn::Linear(2, hidden), torch::nn::ReLU(), torch::nn::Linear(hidden, hidden), torch::nn::ReLU(),
            torch::nn::Linear(torch::nn::LinearOptions(hidden, classes).bias(true))) {
    register_module("net", net);
  }
  torch::Tensor forward(torch::Tensor x) { return net->forward(x); }
  torch::nn::Sequential net;
};
TORCH_MODULE(Classifier);

int main() {
  torch::manual_seed(0);
  const int per_class = 100, classes = 3;
  std::vector<float> points;
  std::vector<int64_t> labels;
  for (int c = 0; c < classes; ++c) {
    for (int i = 0; i < per_class; ++i) {
      const float r = static_cast<float>(i) / per_class;
      const float t = c * 4.0f + 4.0f * r + 0.2f * std::sin(13.0f * i);  // deterministic jitter
      points.push_back(r * std::sin(t));
      points.push_back(r * std::cos(t));
      labels.push_back(c);
    }
  }
  const int64_t n = per_class * classes;
  torch::Tensor x = torch::tensor(points).reshape({n, 2});
  torch::Tensor y = torch::tensor(labels);

  Classifier model(64, classes);
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-2).weight_decay(1e-4));
  float loss_value = 0;
  for (int epoch = 0; epoch < 400; ++epoch) {
    optimizer.zero_grad();
    torch::Tensor loss = torch::nn::functional::cross_entropy(model(x), y);
    loss.backward();
    optimizer.step();
    loss_value = loss.item<float>();
  }
  torch::NoGradGuard no_grad;
  model->eval();
  const double accuracy =
      torch::eq(model(x).argmax(1), y).to(torch::kFloat).sum().item<double>() / static_cast<double>(n);
  std::printf("final loss %.4f  accuracy %.3f\n", loss_value, accuracy);
  return accuracy > 0.95 ? 0 : 1;
}
