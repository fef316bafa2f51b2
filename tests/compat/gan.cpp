// A GAN of two MLPs learning a 2-D Gaussian (mean (2, -1), std 0.5) from noise, written as
// a LibTorch program: generator and discriminator are Sequentials, BCE losses, two Adams.
#include <torch/torch.h>

#include <cmath>
#include <cstdio>

int main() {
  torch::manual_seed(0);
  const int64_t batch = 128, noise_dim = 2;
  const torch::Tensor target_mean = torch::tensor({2.0f, -1.0f});

  torch::nn::Sequential generator(torch::nn::Linear(noise_dim, 16), torch::nn::ReLU(), torch::nn::Linear(16, 2));
  torch::nn::Sequential discriminator(torch::nn::Linear(2, 16),
                                      torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.2)),
                                      torch::nn::Linear(16, 1), torch::nn::Sigmoid());
  torch::optim::Adam g_opt(generator->parameters(), torch::optim::AdamOptions(2e-3).betas({0.5, 0.999}));
  torch::optim::Adam d_opt(discriminator->parameters(), torch::optim::AdamOptions(2e-3).betas({0.5, 0.999}));
  torch::nn::BCELoss bce;

  for (int step = 0; step < 1500; ++step) {
    torch::Tensor real = target_mean + 0.5 * torch::randn({batch, 2});
    torch::Tensor fake = generator->forward(torch::randn({batch, noise_dim}));

    d_opt.zero_grad();
    torch::Tensor d_loss = bce(discriminator->forward(real), torch::ones({batch, 1})) +
                           bce(discriminator->forward(fake.detach()), torch::zeros({batch, 1}));
    d_loss.backward();
    d_opt.step();

    g_opt.zero_grad();
    torch::Tensor g_loss = bce(discriminator->forward(fake), torch::ones({batch, 1}));
    g_loss.backward();
    g_opt.step();
  }
  torch::NoGradGuard no_grad;
  torch::Tensor samples = generator->forward(torch::randn({2000, noise_dim}));
  const float mx = samples.mean(0)[0].item<float>(), my = samples.mean(0)[1].item<float>();
  std::printf("generated mean (%.3f, %.3f), target (2, -1)\n", mx, my);
  return (std::abs(mx - 2.0f) < 0.3f && std::abs(my + 1.0f) < 0.3f) ? 0 : 1;
}
