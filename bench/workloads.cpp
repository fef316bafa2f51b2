// The side-by-side workloads of bench/run.sh, in tapegrad. Each call runs one workload and prints
// one JSON line (the same fields as bench/py/*_workloads.py and bench/libtorch/workloads.cpp):
// wall and CPU seconds of the timed loop, the unit it is reported in, the peak RSS of the
// process and the BLAS in use. usage:
//   bench_workloads ops|xor|digits|linear [steps]
//   bench_workloads mnist 784,128,10|784,256,128,10 [batches, 0 = the whole epoch]
//   bench_workloads cat [iterations]
//   bench_workloads prep <dir>   (writes the raw files the peers read: same bytes for everyone)
// Threads: TAPEGRAD_BENCH_THREADS (default 1) goes to tg::set_num_threads before any work.
#include <tapegrad/tapegrad.hpp>

#include <algorithm>
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

#include <cblas.h>
#include <sys/resource.h>

namespace tg = tapegrad;
namespace F = tg::nn::functional;

namespace {

double wall_now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Times fn (wall and process CPU seconds).
struct Timing {
  double wall = 0, cpu = 0;
};
Timing timed(const std::function<void()>& fn) {
  const double w0 = wall_now(), c0 = cpu_now();
  fn();
  return {wall_now() - w0, cpu_now() - c0};
}

std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c != '\n') out += c;
  }
  return out;
}

// One result line. `per` is how many units the timed loop did (steps, ops, epochs...), `scale`
// multiplies time/per into the reported unit (1e6 for µs).
void emit(const std::string& workload, const Timing& t, double per, const char* unit, double scale,
          const std::string& extra = "") {
  const tg::BlasInfo blas = tg::blas_info();
  std::printf(
      "{\"fw\": \"tapegrad\", \"wl\": \"%s\", \"unit\": \"%s\", \"wall\": %.6g, \"cpu\": %.6g, \"n\": %.6g, "
      "\"threads\": %d, \"blas_threads\": %d, \"blas_core\": \"%s\", \"blas\": \"%s\", \"peak_rss_mb\": %.1f%s}\n",
      workload.c_str(), unit, t.wall / per * scale, t.cpu / per * scale, per, tg::get_num_threads(), blas.threads,
      json_escape(blas.core).c_str(), json_escape(blas.library + " " + blas.version).c_str(), peak_rss_mb(),
      extra.c_str());
  std::fflush(stdout);
}

std::vector<std::int64_t> parse_arch(const std::string& s) {
  std::vector<std::int64_t> out;
  std::stringstream in(s);
  std::string part;
  while (std::getline(in, part, ',')) out.push_back(std::stoll(part));
  return out;
}

// ---- per-op overhead: a chain of 1000 scalar add/mul, forward + backward -------------------
void run_ops(int chains) {
  const int chain = 1000;
  tg::Tensor x = tg::ones({1}).requires_grad_();
  tg::Tensor c = tg::full({1}, 1.0001);
  auto once = [&] {
    x.mutable_grad() = tg::Tensor();
    tg::Tensor y = x;
    for (int i = 0; i < chain / 2; ++i) {
      y = y + c;
      y = y * c;
    }
    y.backward();
  };
  once();
  const Timing t = timed([&] {
    for (int r = 0; r < chains; ++r) once();
  });
  emit("ops", t, static_cast<double>(chains) * chain, "us/op", 1e6);
}

// ---- XOR 2-2-1, sigmoid/sigmoid, MSE, SGD lr 0.5, full batch of 4 ---------------------------
void run_xor(int steps) {
  tg::manual_seed(0);
  tg::Tensor x = tg::tensor({{0., 0.}, {0., 1.}, {1., 0.}, {1., 1.}}), y = tg::tensor({{0.}, {1.}, {1.}, {0.}});
  auto net = tg::nn::Sequential(tg::nn::Linear(2, 2), tg::nn::Sigmoid(), tg::nn::Linear(2, 1), tg::nn::Sigmoid());
  tg::optim::SGD opt(net->parameters(), tg::optim::SGDOptions(0.5));
  tg::Tensor loss;
  auto step = [&] {
    opt.zero_grad();
    loss = F::mse_loss(net->forward(x), y);
    loss.backward();
    opt.step();
  };
  step();
  const Timing t = timed([&] {
    for (int s = 0; s < steps; ++s) step();
  });
  emit("xor", t, steps, "us/step", 1e6, ", \"loss\": " + std::to_string(loss.item<double>()));
}

// ---- 8x8 digits [64,32,16,10] sigmoid, per-sample SGD lr 0.1, 0.5 * sum of squares ----------
void run_digits(int samples) {
  const tg::data::CsvTable table = tg::data::read_csv(tg::data::data_dir("digits") + "/digits.csv.gz");
  // data [1797, 64] pixels 0..16, labels [1797]; the first 1347 rows train (as the peers)
  const std::int64_t n = std::min<std::int64_t>(1347, table.data.size(0));
  tg::Tensor xs = (table.data.narrow(0, 0, n) / 16.0).contiguous();
  tg::Tensor labels = table.labels.narrow(0, 0, n);
  tg::Tensor ys = tg::one_hot(labels, 10).to(tg::kFloat32);
  tg::manual_seed(0);
  auto net = tg::nn::Sequential(tg::nn::Linear(64, 32), tg::nn::Sigmoid(), tg::nn::Linear(32, 16), tg::nn::Sigmoid(),
                                tg::nn::Linear(16, 10), tg::nn::Sigmoid());
  tg::optim::SGD opt(net->parameters(), tg::optim::SGDOptions(0.1));
  std::vector<tg::Tensor> rows, targets;
  for (std::int64_t i = 0; i < n; ++i) {
    rows.push_back(xs.narrow(0, i, 1).contiguous());
    targets.push_back(ys.narrow(0, i, 1).contiguous());
  }
  tg::Tensor loss;
  auto step = [&](std::int64_t i) {
    opt.zero_grad();
    loss = F::mse_loss(net->forward(rows[i]), targets[i], tg::nn::Reduction::Sum) * 0.5;
    loss.backward();
    opt.step();
  };
  step(0);
  const tg::Tensor order = tg::randperm(n);
  const Timing t = timed([&] {
    for (int s = 0; s < samples; ++s) step(order.at<std::int64_t>({s % n}));
  });
  emit("digits", t, samples, "us/sample", 1e6);
}

// The three GEMMs of Linear(in,out) forward+backward alone, or of an MLP step: raw cblas_sgemm.
void sgemm(int m, int n, int k, bool ta, bool tb, const std::vector<float>& a, const std::vector<float>& b,
           std::vector<float>& c) {
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 1.0f, a.data(),
              ta ? m : k, b.data(), tb ? k : n, 0.0f, c.data(), n);
}

// Time of one MLP training step's GEMMs (forward x W^T, backward dW and dX except the input's).
Timing mlp_gemm_seconds(const std::vector<std::int64_t>& arch, int batch, int reps) {
  std::vector<std::vector<float>> acts, weights;
  for (std::size_t l = 0; l < arch.size(); ++l) acts.emplace_back(static_cast<std::size_t>(batch * arch[l]), 0.01f);
  for (std::size_t l = 0; l + 1 < arch.size(); ++l)
    weights.emplace_back(static_cast<std::size_t>(arch[l] * arch[l + 1]), 0.01f);
  std::vector<std::vector<float>> grads = acts, wgrads = weights;
  auto step = [&] {
    for (std::size_t l = 0; l + 1 < arch.size(); ++l)  // y = x W^T
      sgemm(batch, static_cast<int>(arch[l + 1]), static_cast<int>(arch[l]), false, true, acts[l], weights[l],
            acts[l + 1]);
    for (std::size_t l = arch.size() - 1; l >= 1; --l) {
      const int in = static_cast<int>(arch[l - 1]), out = static_cast<int>(arch[l]);
      sgemm(out, in, batch, true, false, grads[l], acts[l - 1], wgrads[l - 1]);                // dW = dy^T x
      if (l > 1) sgemm(batch, in, out, false, false, grads[l], weights[l - 1], grads[l - 1]);  // dx = dy W
    }
  };
  step();
  const Timing t = timed([&] {
    for (int r = 0; r < reps; ++r) step();
  });
  return {t.wall / reps, t.cpu / reps};
}

// ---- MNIST MLP, ReLU, cross-entropy, Adam 1e-3, batch 128, shuffled, tapegrad's loader -----
void run_mnist(const std::string& arch_text, int batches) {
  const std::vector<std::int64_t> arch = parse_arch(arch_text);
  Timing load;
  std::unique_ptr<tg::data::datasets::MNIST> train;
  load = timed([&] {
    train = std::make_unique<tg::data::datasets::MNIST>(tg::data::data_dir("mnist"),
                                                        tg::data::datasets::MNIST::Mode::kTrain);
  });
  tg::manual_seed(0);
  auto net = tg::nn::Sequential(tg::nn::Flatten());
  for (std::size_t l = 0; l + 1 < arch.size(); ++l) {
    net->push_back(tg::nn::Linear(arch[l], arch[l + 1]));
    if (l + 2 < arch.size()) net->push_back(tg::nn::ReLU());
  }
  tg::optim::Adam opt(net->parameters(), tg::optim::AdamOptions(1e-3));
  auto loader = tg::data::make_data_loader(
      train->map(tg::data::transforms::Normalize<>(0.1307, 0.3081)).map(tg::data::transforms::Stack<>()),
      tg::data::DataLoaderOptions().batch_size(128).workers(0).seed(0));
  const int per_epoch = 469;  // ceil(60000 / 128)
  const int todo = batches <= 0 || batches > per_epoch ? per_epoch : batches;
  int done = 0;
  double loss_value = 0;
  // TAPEGRAD_BENCH_PHASES=1: CPU time of each phase of the step (the profile in time units);
  // =wall: wall time instead, for several threads (whose CPU time includes the workers' polling)
  const char* phases_env = std::getenv("TAPEGRAD_BENCH_PHASES");
  const bool phases = phases_env != nullptr;
  double (*const clock)() = phases && std::string(phases_env) == "wall" ? wall_now : cpu_now;
  double phase[5] = {0, 0, 0, 0, 0};
  double mark = clock();
  auto lap = [&](int i) {
    if (!phases) return;
    const double now = clock();
    phase[i] += now - mark;
    mark = now;
  };
  const Timing t = timed([&] {
    mark = clock();
    for (auto& batch : *loader) {
      lap(0);
      opt.zero_grad();
      lap(1);
      tg::Tensor loss = F::cross_entropy(net->forward(batch.data), batch.target);
      lap(2);
      loss.backward();
      lap(3);
      opt.step();
      lap(4);
      if (++done == todo) {
        loss_value = loss.item<double>();
        break;
      }
    }
  });
  if (phases)
    std::fprintf(stderr,
                 "per step (us, %s): loader %.1f  zero_grad %.1f  forward+loss %.1f  backward %.1f  step %.1f\n",
                 clock == wall_now ? "wall" : "CPU", phase[0] / done * 1e6, phase[1] / done * 1e6,
                 phase[2] / done * 1e6, phase[3] / done * 1e6, phase[4] / done * 1e6);
  // The same step's GEMMs alone, per epoch (the physical limit of the step).
  const Timing gemm = mlp_gemm_seconds(arch, 128, 50);
  // Reported per epoch: time per batch times 469 (the whole epoch when batches = 0).
  std::ostringstream extra;
  extra << ", \"batches\": " << done << ", \"load_s\": " << load.wall << ", \"gemm_s_epoch\": " << gemm.cpu * per_epoch
        << ", \"gemm_wall_s_epoch\": " << gemm.wall * per_epoch << ", \"loss\": " << loss_value;
  emit("mnist_" + arch_text, t, static_cast<double>(done) / per_epoch, "s/epoch", 1.0, extra.str());
}

// ---- cat [12288,20,7,5,1]: ReLU hidden, sigmoid + BCE, full-batch GD lr 0.0075 --------------
void run_cat(int iterations) {
  const std::string dir = tg::data::data_dir("cat");
  const auto x = tg::data::read_hdf5(dir + "/train_catvnoncat.h5", "train_set_x");
  const auto y = tg::data::read_hdf5(dir + "/train_catvnoncat.h5", "train_set_y");
  const std::int64_t m = x.shape[0];
  tg::Tensor xs = x.bytes.to_tensor(tg::kFloat32, 1.0 / 255).reshape({m, 12288});
  tg::Tensor ys = y.tensor.to(tg::kFloat32).reshape({m, 1});
  const std::vector<std::int64_t> dims = {12288, 20, 7, 5, 1};
  tg::manual_seed(1);
  std::vector<tg::Tensor> ws, bs;
  for (std::size_t l = 1; l < dims.size(); ++l) {
    ws.push_back((tg::randn({dims[l], dims[l - 1]}) / std::sqrt(static_cast<double>(dims[l - 1]))).requires_grad_());
    bs.push_back(tg::zeros({dims[l]}).requires_grad_());
  }
  std::vector<tg::Tensor> params = ws;
  params.insert(params.end(), bs.begin(), bs.end());
  tg::optim::SGD opt(params, tg::optim::SGDOptions(0.0075));
  tg::Tensor cost;
  auto iteration = [&] {
    opt.zero_grad();
    tg::Tensor a = xs;
    for (std::size_t l = 0; l < ws.size(); ++l) {
      a = F::linear(a, ws[l], bs[l]);
      a = l + 1 < ws.size() ? tg::relu(a) : tg::sigmoid(a);
    }
    cost = F::binary_cross_entropy(a, ys);
    cost.backward();
    opt.step();
  };
  iteration();
  const Timing t = timed([&] {
    for (int i = 0; i < iterations; ++i) iteration();
  });
  emit("cat", t, iterations, "ms/iter", 1e3, ", \"cost\": " + std::to_string(cost.item<double>()));
}

// ---- Linear(1024,1024) batch 256 forward+backward, and its three GEMMs alone ---------------
void run_linear(int steps) {
  tg::manual_seed(0);
  tg::nn::Linear linear(1024, 1024);
  tg::Tensor input = tg::randn({256, 1024}).requires_grad_();
  tg::Tensor grad_out = tg::randn({256, 1024});
  auto step = [&] {
    input.mutable_grad() = tg::Tensor();
    linear->weight.mutable_grad() = tg::Tensor();
    linear->bias.mutable_grad() = tg::Tensor();
    linear->forward(input).backward(grad_out);
  };
  step();
  const Timing t = timed([&] {
    for (int s = 0; s < steps; ++s) step();
  });
  std::vector<float> x(256 * 1024, 0.01f), w(1024 * 1024, 0.01f), y(256 * 1024), dx(256 * 1024), dw(1024 * 1024);
  auto gemms = [&] {
    sgemm(256, 1024, 1024, false, true, x, w, y);    // y = x W^T
    sgemm(256, 1024, 1024, false, false, y, w, dx);  // dx = dy W
    sgemm(1024, 1024, 256, true, false, y, x, dw);   // dW = dy^T x
  };
  gemms();
  const Timing g = timed([&] {
    for (int s = 0; s < steps; ++s) gemms();
  });
  std::ostringstream extra;
  extra << ", \"gemm_us\": " << g.cpu / steps * 1e6 << ", \"gemm_wall_us\": " << g.wall / steps * 1e6;
  emit("linear", t, steps, "us/step", 1e6, extra.str());
}

// ---- the peers' inputs: the same bytes for every framework ---------------------------------
void write_raw(const std::string& path, const void* data, std::size_t bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(bytes));
  TG_CHECK(out.good(), "bench prep", "cannot write ", path);
}

void prep(const std::string& out) {
  tg::data::datasets::MNIST train(tg::data::data_dir("mnist"), tg::data::datasets::MNIST::Mode::kTrain);
  write_raw(out + "/mnist_train_x.u8", train.pixels().bytes->data(), train.pixels().bytes->size());
  tg::Tensor labels = train.targets().to(tg::kInt64).contiguous();
  std::vector<std::uint8_t> ybytes;
  for (std::int64_t v : labels.to_vector<std::int64_t>()) ybytes.push_back(static_cast<std::uint8_t>(v));
  write_raw(out + "/mnist_train_y.u8", ybytes.data(), ybytes.size());
  const std::string cat = tg::data::data_dir("cat") + "/train_catvnoncat.h5";
  const auto cx = tg::data::read_hdf5(cat, "train_set_x");
  write_raw(out + "/cat_train_x.u8", cx.bytes.bytes->data(), cx.bytes.bytes->size());
  std::vector<std::uint8_t> cy;
  for (std::int64_t v : tg::data::read_hdf5(cat, "train_set_y").tensor.to(tg::kInt64).to_vector<std::int64_t>())
    cy.push_back(static_cast<std::uint8_t>(v));
  write_raw(out + "/cat_train_y.u8", cy.data(), cy.size());
  const auto digits = tg::data::read_csv(tg::data::data_dir("digits") + "/digits.csv.gz");
  const std::vector<float> d = digits.data.to(tg::kFloat32).contiguous().to_vector<float>();
  write_raw(out + "/digits_x.f32", d.data(), d.size() * sizeof(float));  // [1797, 64], 0..16
  std::vector<std::uint8_t> dy;
  for (std::int64_t v : digits.labels.to_vector<std::int64_t>()) dy.push_back(static_cast<std::uint8_t>(v));
  write_raw(out + "/digits_y.u8", dy.data(), dy.size());
}

}  // namespace

int main(int argc, char** argv) try {
  const std::string wl = argc > 1 ? argv[1] : "";
  const char* threads = std::getenv("TAPEGRAD_BENCH_THREADS");
  tg::set_num_threads(threads ? std::atoi(threads) : 1);
  auto arg = [&](int i, int fallback) { return argc > i ? std::atoi(argv[i]) : fallback; };
  if (wl == "ops") {
    run_ops(arg(2, 200));
  } else if (wl == "xor") {
    run_xor(arg(2, 5000));
  } else if (wl == "digits") {
    run_digits(arg(2, 1347 * 3));
  } else if (wl == "mnist") {
    run_mnist(argc > 2 ? argv[2] : "784,128,10", arg(3, 0));
  } else if (wl == "cat") {
    run_cat(arg(2, 100));
  } else if (wl == "linear") {
    run_linear(arg(2, 30));
  } else if (wl == "prep" && argc > 2) {
    prep(argv[2]);
  } else if (wl == "blas") {
    std::printf("%s\n", tg::blas_info().to_string().c_str());
  } else {
    std::fprintf(stderr, "usage: bench_workloads ops|xor|digits|mnist ARCH [batches]|cat|linear|blas|prep DIR\n");
    return 2;
  }
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench_workloads: %s\n", e.what());
  return 1;
}
