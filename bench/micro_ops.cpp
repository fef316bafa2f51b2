// Per-op framework overhead, measured exactly as ../shared/bench/src/micro_libtorch.cpp does
// (a chain of 1000 add/mul ops on 1-element tensors; median of 15 samples), so the two can be
// compared as a ratio. usage: micro_ops [samples=15] [ops|linear|all]
#include <tapegrad/tapegrad.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace tg = tapegrad;

namespace {

int samples = 15;

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

double timeit(const std::function<void()>& fn, double min_time = 0.05) {
  fn();
  long n = 1;
  for (;;) {
    double t0 = now();
    for (long i = 0; i < n; ++i) fn();
    if (now() - t0 >= min_time) break;
    n *= 2;
  }
  std::vector<double> times;
  for (int s = 0; s < samples; ++s) {
    double t0 = now();
    for (long i = 0; i < n; ++i) fn();
    times.push_back((now() - t0) / static_cast<double>(n));
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace

// Linear layer forward + backward, as micro_libtorch's "linear" rows.
void bench_linear() {
  const std::int64_t shapes[2][3] = {{784, 128, 128}, {1024, 1024, 256}};
  for (const auto& s : shapes) {
    std::int64_t fan_in = s[0], fan_out = s[1], batch = s[2];
    tg::manual_seed(0);
    tg::nn::Linear linear(fan_in, fan_out);
    tg::Tensor input = tg::randn({batch, fan_in}).requires_grad_();
    tg::Tensor grad_out = tg::randn({batch, fan_out});
    double t = timeit([&] {
      input.mutable_grad() = tg::Tensor();
      linear->weight.mutable_grad() = tg::Tensor();
      linear->bias.mutable_grad() = tg::Tensor();
      linear->forward(input).backward(grad_out);
    });
    double t_fwd = timeit([&] {
      tg::NoGradGuard g;
      linear->forward(input);
    });
    double flop = 3.0 * 2 * static_cast<double>(batch * fan_in * fan_out);
    std::printf(
        "{\"exp\": \"micro_linear_%lldx%lld_b%lld\", \"fw\": \"tapegrad\", \"us_per_step\": %.1f, "
        "\"gflops\": %.1f, \"us_fwd_nograd\": %.1f}\n",
        static_cast<long long>(fan_in), static_cast<long long>(fan_out), static_cast<long long>(batch), t * 1e6,
        flop / t * 1e-9, t_fwd * 1e6);
  }
}

// A chain of 1000 add/mul ops on 1-element tensors, as micro_libtorch's "ops" row.
void bench_ops() {
  const int chain = 1000;
  tg::Tensor x = tg::ones({1}).requires_grad_();
  tg::Tensor c = tg::full({1}, 1.0001);
  auto run_chain = [&] {
    tg::Tensor y = x;
    for (int i = 0; i < chain / 2; ++i) {
      y = y + c;
      y = y * c;
    }
    return y;
  };
  tg::Tensor a = tg::ones({1}).requires_grad_(), b = tg::ones({1}).requires_grad_();
  double t_nograd = timeit([&] {
    tg::NoGradGuard g;
    run_chain();
  });
  double t_fwd = timeit([&] { run_chain(); });
  double t_fwd_bwd = timeit([&] {
    x.mutable_grad() = tg::Tensor();
    run_chain().backward();
  });
  double t_single = timeit([&] {
    a.mutable_grad() = tg::Tensor();
    b.mutable_grad() = tg::Tensor();
    (a + b).backward();
  });
  std::printf(
      "{\"exp\": \"micro_ops\", \"fw\": \"tapegrad\", \"chain\": %d, \"us_per_op_nograd\": %.3f, "
      "\"us_per_op_fwd\": %.3f, \"us_per_op_fwd_bwd\": %.3f, \"us_single_add_plus_backward\": %.3f}\n",
      chain, t_nograd / chain * 1e6, t_fwd / chain * 1e6, t_fwd_bwd / chain * 1e6, t_single * 1e6);
}

int main(int argc, char** argv) {
  if (argc > 1) samples = std::atoi(argv[1]);
  std::string only = argc > 2 ? argv[2] : "all";
  if (only == "all" || only == "ops") bench_ops();
  if (only == "all" || only == "linear") bench_linear();
}
