// The bench/run.sh workloads in LibTorch (Debian's libtorch-dev 1.13), built by run.sh only
// when it is installed (not part of the CMake build):
//   g++ -O2 -std=c++17 -I/usr/include/torch/csrc/api/include workloads.cpp -ltorch -ltorch_cpu -lc10 -lopenblas
// usage and JSON fields as bench/workloads.cpp; inputs from $BENCH_CACHE (bench_workloads prep).
#include <sys/resource.h>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

extern "C" int openblas_get_num_threads(void);
extern "C" char* openblas_get_corename(void);

namespace F = torch::nn::functional;

namespace {

int threads() {
  const char* t = std::getenv("TAPEGRAD_BENCH_THREADS");
  return t ? std::atoi(t) : 1;
}

struct Timing {
  double wall = 0, cpu = 0;
};
Timing timed(const std::function<void()>& fn) {
  auto wall = [] { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); };
  auto cpu = [] {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
  };
  const double w0 = wall(), c0 = cpu();
  fn();
  return {wall() - w0, cpu() - c0};
}

void emit(const std::string& wl, const Timing& t, double per, const char* unit, double scale,
          const std::string& extra = "") {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf(
      "{\"fw\": \"libtorch\", \"wl\": \"%s\", \"unit\": \"%s\", \"wall\": %.6g, \"cpu\": %.6g, \"n\": %.6g, "
      "\"threads\": %d, \"blas_threads\": %d, \"blas_core\": \"%s\", \"blas\": \"OpenBLAS\", \"peak_rss_mb\": "
      "%.1f%s}\n",
      wl.c_str(), unit, t.wall / per * scale, t.cpu / per * scale, per, at::get_num_threads(),
      openblas_get_num_threads(), openblas_get_corename(), ru.ru_maxrss / 1024.0, extra.c_str());
  std::fflush(stdout);
}

std::vector<char> raw(const std::string& name) {
  const char* dir = std::getenv("BENCH_CACHE");
  std::ifstream f(std::string(dir ? dir : "build/bench/cache") + "/" + name, std::ios::binary);
  if (!f) throw std::runtime_error("missing " + name + " (run bench_workloads prep)");
  return std::vector<char>((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

torch::Tensor bytes(const std::string& name, std::vector<int64_t> shape) {
  auto v = raw(name);  // the file's bytes, copied once into a tensor that owns them
  return torch::from_blob(v.data(), {static_cast<int64_t>(v.size())}, torch::kUInt8).clone().reshape(shape);
}

torch::nn::Sequential mlp(const std::vector<int64_t>& sizes, bool sigmoid_hidden, bool sigmoid_out) {
  torch::nn::Sequential net;
  for (size_t i = 0; i + 1 < sizes.size(); ++i) {
    net->push_back(torch::nn::Linear(sizes[i], sizes[i + 1]));
    const bool last = i + 2 == sizes.size();
    if (!last && sigmoid_hidden) net->push_back(torch::nn::Sigmoid());
    if (!last && !sigmoid_hidden) net->push_back(torch::nn::ReLU());
    if (last && sigmoid_out) net->push_back(torch::nn::Sigmoid());
  }
  return net;
}

void ops(int chains) {
  auto x = torch::ones({1}, torch::requires_grad());
  auto c = torch::full({1}, 1.0001);
  auto once = [&] {
    x.mutable_grad() = torch::Tensor();
    auto y = x;
    for (int i = 0; i < 500; ++i) {
      y = y + c;
      y = y * c;
    }
    y.backward();
  };
  once();
  emit("ops", timed([&] {
         for (int r = 0; r < chains; ++r) once();
       }),
       chains * 1000.0, "us/op", 1e6);
}

void xor_(int steps) {
  torch::manual_seed(0);
  auto x = torch::tensor({0.f, 0.f, 0.f, 1.f, 1.f, 0.f, 1.f, 1.f}).reshape({4, 2});
  auto y = torch::tensor({0.f, 1.f, 1.f, 0.f}).reshape({4, 1});
  auto net = mlp({2, 2, 1}, true, true);
  torch::optim::SGD opt(net->parameters(), torch::optim::SGDOptions(0.5));
  auto step = [&] {
    opt.zero_grad();
    F::mse_loss(net->forward(x), y).backward();
    opt.step();
  };
  step();
  emit("xor", timed([&] {
         for (int s = 0; s < steps; ++s) step();
       }),
       steps, "us/step", 1e6);
}

void digits(int samples) {
  auto v = raw("digits_x.f32");
  auto xs = torch::from_blob(v.data(), {static_cast<int64_t>(v.size() / 4 / 64), 64}).narrow(0, 0, 1347).clone() / 16;
  auto labels = bytes("digits_y.u8", {-1}).narrow(0, 0, 1347).to(torch::kLong);
  auto ys = F::one_hot(labels, 10).to(torch::kFloat);
  torch::manual_seed(0);
  auto net = mlp({64, 32, 16, 10}, true, true);
  torch::optim::SGD opt(net->parameters(), torch::optim::SGDOptions(0.1));
  std::vector<torch::Tensor> rows, targets;
  for (int64_t i = 0; i < 1347; ++i) {
    rows.push_back(xs.narrow(0, i, 1));
    targets.push_back(ys.narrow(0, i, 1));
  }
  auto order = torch::randperm(1347, torch::kLong);
  auto step = [&](int64_t i) {
    opt.zero_grad();
    (0.5 * F::mse_loss(net->forward(rows[i]), targets[i], F::MSELossFuncOptions(torch::kSum))).backward();
    opt.step();
  };
  step(0);
  auto acc = order.accessor<int64_t, 1>();
  emit("digits", timed([&] {
         for (int s = 0; s < samples; ++s) step(acc[s % 1347]);
       }),
       samples, "us/sample", 1e6);
}

void mnist(const std::string& arch, int batches) {
  std::vector<int64_t> sizes;
  std::stringstream in(arch);
  std::string part;
  while (std::getline(in, part, ',')) sizes.push_back(std::stoll(part));
  torch::Tensor x, y;
  const Timing load = timed([&] {
    x = bytes("mnist_train_x.u8", {60000, 784}).to(torch::kFloat);
    x.div_(255).sub_(0.1307).div_(0.3081);
    y = bytes("mnist_train_y.u8", {60000}).to(torch::kLong);
  });
  torch::manual_seed(0);
  auto net = mlp(sizes, false, false);
  torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(1e-3));
  const int per_epoch = 469;
  const int todo = batches <= 0 || batches > per_epoch ? per_epoch : batches;
  double loss_value = 0;
  const Timing t = timed([&] {
    auto perm = torch::randperm(60000, torch::kLong);
    for (int b = 0; b < todo; ++b) {
      auto idx = perm.narrow(0, b * 128, std::min<int64_t>(128, 60000 - b * 128));
      opt.zero_grad();
      auto loss = F::cross_entropy(net->forward(x.index_select(0, idx)), y.index_select(0, idx));
      loss.backward();
      opt.step();
      if (b + 1 == todo) loss_value = loss.item<double>();
    }
  });
  std::ostringstream extra;
  extra << ", \"batches\": " << todo << ", \"load_s\": " << load.wall << ", \"loss\": " << loss_value;
  emit("mnist_" + arch, t, static_cast<double>(todo) / per_epoch, "s/epoch", 1.0, extra.str());
}

void cat(int iters) {
  auto x = bytes("cat_train_x.u8", {-1, 12288}).to(torch::kFloat) / 255;
  auto y = bytes("cat_train_y.u8", {-1, 1}).to(torch::kFloat);
  const std::vector<int64_t> dims = {12288, 20, 7, 5, 1};
  torch::manual_seed(1);
  std::vector<torch::Tensor> ws, bs, params;
  for (size_t l = 1; l < dims.size(); ++l) {
    ws.push_back((torch::randn({dims[l], dims[l - 1]}) / std::sqrt(double(dims[l - 1]))).requires_grad_());
    bs.push_back(torch::zeros({dims[l]}, torch::requires_grad()));
  }
  params = ws;
  params.insert(params.end(), bs.begin(), bs.end());
  torch::optim::SGD opt(params, torch::optim::SGDOptions(0.0075));
  auto it = [&] {
    opt.zero_grad();
    auto a = x;
    for (size_t l = 0; l < ws.size(); ++l) {
      a = F::linear(a, ws[l], bs[l]);
      a = l + 1 < ws.size() ? torch::relu(a) : torch::sigmoid(a);
    }
    F::binary_cross_entropy(a, y).backward();
    opt.step();
  };
  it();
  emit("cat", timed([&] {
         for (int i = 0; i < iters; ++i) it();
       }),
       iters, "ms/iter", 1e3);
}

void linear(int steps) {
  torch::manual_seed(0);
  torch::nn::Linear lin(1024, 1024);
  auto input = torch::randn({256, 1024}, torch::requires_grad());
  auto gy = torch::randn({256, 1024});
  auto step = [&] {
    input.mutable_grad() = torch::Tensor();
    lin->weight.mutable_grad() = torch::Tensor();
    lin->bias.mutable_grad() = torch::Tensor();
    lin->forward(input).backward(gy);
  };
  step();
  emit("linear", timed([&] {
         for (int s = 0; s < steps; ++s) step();
       }),
       steps, "us/step", 1e6);
}

}  // namespace

int main(int argc, char** argv) try {
  at::set_num_threads(threads());
  const std::string wl = argc > 1 ? argv[1] : "";
  auto arg = [&](int i, int fallback) { return argc > i ? std::atoi(argv[i]) : fallback; };
  if (wl == "ops")
    ops(arg(2, 200));
  else if (wl == "xor")
    xor_(arg(2, 5000));
  else if (wl == "digits")
    digits(arg(2, 1347 * 3));
  else if (wl == "mnist")
    mnist(argc > 2 ? argv[2] : "784,128,10", arg(3, 0));
  else if (wl == "cat")
    cat(arg(2, 100));
  else if (wl == "linear")
    linear(arg(2, 30));
  else
    return 2;
} catch (const std::exception& e) {
  std::fprintf(stderr, "libtorch workloads: %s\n", e.what());
  return 1;
}
