// The module API beyond forward(), written as a LibTorch program: named_parameters() items,
// Module::apply, a FuncOptions loss, activation layers, a top-level ATen loss and
// torch::save/torch::load of a module, an optimizer and a tensor.
#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <string>

struct NetImpl : torch::nn::Module {
  NetImpl()
      : fc1(register_module("fc1", torch::nn::Linear(2, 16))),
        act(register_module("act", torch::nn::GELU(torch::nn::GELUOptions().approximate("tanh")))),
        fc2(register_module("fc2", torch::nn::Linear(16, 3))) {}
  torch::Tensor forward(torch::Tensor x) { return fc2(act(fc1(x))); }
  torch::nn::Linear fc1;
  torch::nn::GELU act;
  torch::nn::Linear fc2;
};
TORCH_MODULE(Net);

int main() {
  namespace F = torch::nn::functional;
  torch::manual_seed(0);
  Net net;
  int linears = 0;
  net->apply([&](torch::nn::Module& m) {
    if (auto* fc = m.as<torch::nn::Linear>()) {
      torch::nn::init::xavier_uniform_(fc->weight);
      torch::nn::init::zeros_(fc->bias);
      ++linears;
    }
  });
  std::int64_t total = 0;
  for (const auto& item : net->named_parameters()) {
    std::printf("%-10s %3lld\n", item.key().c_str(), static_cast<long long>(item.value().numel()));
    total += item.value().numel();
  }
  auto params = net->named_parameters();
  if (linears != 2 || total != 99 || params.find("fc9.weight") != nullptr || params["fc2.bias"].numel() != 3) return 1;

  // Three Gaussian blobs.
  const int n = 300;
  torch::Tensor labels = torch::arange(3).repeat({n / 3}).to(torch::kLong);
  torch::Tensor angle = labels.to(torch::kFloat) * (2.0 * M_PI / 3.0);
  torch::Tensor x = torch::stack({torch::cos(angle), torch::sin(angle)}, 1) * 2.0 + 0.5 * torch::randn({n, 2});

  torch::optim::Adam optimizer(net->parameters(), torch::optim::AdamOptions(0.05));
  float loss_value = 0;
  for (int step = 0; step < 150; ++step) {
    optimizer.zero_grad();
    torch::Tensor loss =
        F::cross_entropy(net->forward(x), labels, F::CrossEntropyFuncOptions().reduction(torch::kSum)) / n;
    loss.backward();
    optimizer.step();
    loss_value = loss.item<float>();
  }
  const double accuracy = (net->forward(x).argmax(1) == labels).to(torch::kFloat).mean().item<double>();
  torch::nn::SiLU silu;
  const double smooth = torch::smooth_l1_loss(silu(x), x).item<double>();

  const std::string model_path = "frontend_tour_net.pt", optimizer_path = "frontend_tour_adam.pt",
                    tensor_path = "frontend_tour_x.pt";
  torch::save(net, model_path);
  torch::save(optimizer, optimizer_path);
  torch::save(x, tensor_path);
  Net restored;
  torch::load(restored, model_path);
  torch::optim::Adam restored_optimizer(restored->parameters(), torch::optim::AdamOptions(0.05));
  torch::load(restored_optimizer, optimizer_path);
  torch::Tensor restored_x;
  torch::load(restored_x, tensor_path);
  const double model_gap = (restored->forward(x) - net->forward(x)).abs().max().item<double>();
  const double tensor_gap = (restored_x - x).abs().max().item<double>();
  std::remove(model_path.c_str());
  std::remove(optimizer_path.c_str());
  std::remove(tensor_path.c_str());

  std::printf("loss %.4f  accuracy %.3f  silu smooth_l1 %.4f  reload gaps %g %g\n", loss_value, accuracy, smooth,
              model_gap, tensor_gap);
  return accuracy > 0.9 && model_gap == 0 && tensor_gap == 0 && std::isfinite(smooth) ? 0 : 1;
}
