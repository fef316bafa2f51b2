// Peak resident set of two workloads, one per run (ru_maxrss is a high-water mark for the whole
// process), next to what tapegrad's own counter says the tensors hold:
//   bench_graph_memory chain   50 scalar adds on an 8 MiB float32 leaf, then backward
//   bench_graph_memory mlp     10 Adam steps of a 784 -> 256 (tanh) -> 10 MLP, batch 128
#include <sys/resource.h>

#include <cstdint>
#include <cstdio>
#include <cstring>

#include <tapegrad/autograd/tensor_impl.hpp>
#include <tapegrad/tapegrad.hpp>

namespace tg = tapegrad;
namespace F = tapegrad::nn::functional;

namespace {

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // KiB on Linux
}

double mib(std::int64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

void chain() {
  std::int64_t most = 0;
  tg::Tensor x = tg::ones({2 * 1024 * 1024}).requires_grad_();
  tg::Tensor y = x;
  for (int i = 0; i < 50; ++i) {
    y = y + 1.0;
    if (tg::detail::live_storage_bytes() > most) most = tg::detail::live_storage_bytes();
  }
  const long after_forward = peak_rss_kib();
  tg::sum(y).backward();
  std::printf("chain: live tensor bytes at most %.1f MiB while building, %.1f MiB after backward\n", mib(most),
              mib(tg::detail::live_storage_bytes()));
  std::printf("chain: peak RSS %ld KiB after the forward chain, %ld KiB after backward (grad = %g)\n", after_forward,
              peak_rss_kib(), x.grad().max().item<double>());
}

void mlp() {
  tg::manual_seed(0);
  tg::nn::Linear fc1(784, 256), fc2(256, 10);
  tg::Tensor x = tg::randn({128, 784});
  tg::Tensor target = tg::randint(0, 10, {128});
  tg::optim::Adam opt(std::vector<tg::Tensor>{fc1->weight, fc1->bias, fc2->weight, fc2->bias});
  std::int64_t after_forward = 0, after_step = 0;
  float loss_value = 0;
  for (int step = 0; step < 10; ++step) {
    opt.zero_grad();
    tg::Tensor loss =
        F::cross_entropy(F::linear(F::tanh(F::linear(x, fc1->weight, fc1->bias)), fc2->weight, fc2->bias), target);
    after_forward = tg::detail::live_storage_bytes();
    loss.backward();
    opt.step();
    after_step = tg::detail::live_storage_bytes();
    loss_value = loss.item<float>();
  }
  std::printf("mlp: live tensor bytes %lld after forward, %lld after the step (loss %.4f)\n",
              static_cast<long long>(after_forward), static_cast<long long>(after_step), loss_value);
  std::printf("mlp: peak RSS %ld KiB\n", peak_rss_kib());
}

}  // namespace

int main(int argc, char** argv) {
  const long at_start = peak_rss_kib();
  std::printf("peak RSS at start %ld KiB\n", at_start);
  if (argc == 2 && std::strcmp(argv[1], "chain") == 0) {
    chain();
  } else if (argc == 2 && std::strcmp(argv[1], "mlp") == 0) {
    mlp();
  } else {
    std::fprintf(stderr, "usage: %s chain|mlp\n", argv[0]);
    return 2;
  }
  return 0;
}
