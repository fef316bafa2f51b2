// XOR with a 2-8-1 network written as a custom Module, trained with SGD, Momentum or Adam,
// then checkpointed and reloaded.
//   xor_checkpoint [sgd|momentum|adam] [epochs] [checkpoint.npz]
#include <tapegrad/tapegrad.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

namespace tg = tapegrad;

struct Net : tg::nn::Module {
  tg::nn::Linear fc1{nullptr}, fc2{nullptr};
  Net() {
    fc1 = register_module("fc1", tg::nn::Linear(2, 8));
    fc2 = register_module("fc2", tg::nn::Linear(8, 1));
  }
  tg::Tensor forward(const tg::Tensor& x) { return tg::sigmoid(fc2->forward(tg::tanh(fc1->forward(x)))); }
};

std::unique_ptr<tg::optim::Optimizer> make_optimizer(const std::string& name, const std::vector<tg::Tensor>& params) {
  if (name == "sgd") return std::make_unique<tg::optim::SGD>(params, tg::optim::SGDOptions(1.0));
  if (name == "momentum") return std::make_unique<tg::optim::SGD>(params, tg::optim::SGDOptions(0.1).momentum(0.9));
  if (name == "adam") return std::make_unique<tg::optim::Adam>(params, tg::optim::AdamOptions(0.05));
  throw tg::Error("xor: unknown optimizer '" + name + "' (expected sgd, momentum or adam)");
}

int main(int argc, char** argv) try {
  std::string optimizer_name = argc > 1 ? argv[1] : "adam";
  int epochs = argc > 2 ? std::atoi(argv[2]) : 1000;
  std::string checkpoint = argc > 3 ? argv[3] : "xor.npz";

  tg::manual_seed(7);
  tg::Tensor x = tg::tensor({{0., 0.}, {0., 1.}, {1., 0.}, {1., 1.}});
  tg::Tensor y = tg::tensor({{0.}, {1.}, {1.}, {0.}});
  auto net = std::make_shared<Net>();
  std::cout << *net << "\n";
  auto optimizer = make_optimizer(optimizer_name, net->parameters());

  tg::Tensor loss;
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    optimizer->zero_grad();
    loss = tg::nn::functional::mse_loss(net->forward(x), y);
    loss.backward();
    optimizer->step();
    if (epoch % (epochs / 10 > 0 ? epochs / 10 : 1) == 0)
      std::cout << "epoch " << epoch << "  loss " << loss.item<float>() << "\n";
  }

  tg::save(*net, checkpoint);
  auto restored = std::make_shared<Net>();
  tg::load(*restored, checkpoint);
  tg::NoGradGuard no_grad;
  tg::Tensor p = restored->forward(x);
  double accuracy = tg::mean(tg::eq(tg::gt(p, tg::full({}, 0.5)), y), tg::kFloat32).item<double>();
  std::cout << "predictions (reloaded from " << checkpoint << ") " << p.reshape({4}) << "\n"
            << "blas: " << tg::blas_info().to_string() << "\n"
            << "accuracy " << accuracy * 100 << "%\n";
  return accuracy == 1.0 ? 0 : 1;
} catch (const std::exception& e) {
  std::cerr << e.what() << "\n";
  return 2;
}
