// Data loading speed: (b) one shuffled epoch of batch-128 batches from the DataLoader with 0 and
// 2 workers, (c) one epoch of a 784-128-10 MLP trained with Adam fed by the loader and the
// loader's share of it, the peak RSS of that training run, then (a) MNIST train images from .gz
// into a float tensor (last, as its 188 MB float copy would dominate the peak RSS).
// Median of several runs; JSON lines like micro_ops.
// usage: bench_data_loading [runs=5] [data root holding mnist/, e.g. ../shared/data]
#include <tapegrad/tapegrad.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include <sys/resource.h>

namespace tg = tapegrad;
using tg::data::datasets::MNIST;

namespace {

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

double median_seconds(int runs, const std::function<void()>& fn) {
  std::vector<double> times;
  for (int r = 0; r < runs; ++r) {
    const double t0 = now();
    fn();
    times.push_back(now() - t0);
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

auto mnist_batches(MNIST train, std::size_t workers) {
  return tg::data::make_data_loader(
      train.map(tg::data::transforms::Normalize<>(0.1307, 0.3081)).map(tg::data::transforms::Stack<>()),
      tg::data::DataLoaderOptions().batch_size(128).workers(workers).seed(0));
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 5;
  // the data rule: the folder given, else $TAPEGRAD_DATA, ~/.cache/tapegrad/data, /usr/share/datasets
  const std::string dir = tg::data::data_dir("mnist", argc > 2 ? argv[2] : "");

  // (b) one shuffled epoch of batches (469 of 128, Normalize + Stack: one gather per batch)
  MNIST train(dir, MNIST::Mode::kTrain);
  for (std::size_t workers : {0, 2}) {
    auto loader = mnist_batches(train, workers);
    std::size_t seen = 0;
    const double t_epoch = median_seconds(runs, [&] {
      seen = 0;
      for (auto& batch : *loader) seen += static_cast<std::size_t>(batch.data.size(0));
    });
    std::printf(
        "{\"exp\": \"mnist_loader_epoch_b128\", \"fw\": \"tapegrad\", \"workers\": %zu, \"s\": %.4f, "
        "\"examples\": %zu, \"us_per_batch\": %.1f}\n",
        workers, t_epoch, seen, t_epoch / 469 * 1e6);
  }

  // (c) one epoch of a 784-128-10 MLP with Adam fed by the loader; time spent waiting for
  // batches vs the whole epoch
  for (std::size_t workers : {0, 2}) {
    tg::manual_seed(0);
    tg::nn::Sequential net(tg::nn::Flatten(), tg::nn::Linear(784, 128), tg::nn::ReLU(), tg::nn::Linear(128, 10));
    tg::optim::Adam optimizer(net->parameters(), tg::optim::AdamOptions(1e-3));
    auto loader = mnist_batches(train, workers);
    std::vector<double> epochs, waits;
    double last_loss = 0;
    for (int r = 0; r < std::max(1, runs / 2); ++r) {
      double waiting = 0;
      const double t0 = now();
      double t_ask = now();
      for (auto it = loader->begin(); it != loader->end();) {
        waiting += now() - t_ask;
        optimizer.zero_grad();
        tg::Tensor loss = tg::nn::functional::cross_entropy(net->forward(it->data), it->target);
        loss.backward();
        optimizer.step();
        last_loss = loss.item<double>();
        t_ask = now();
        ++it;
      }
      waiting += now() - t_ask;
      epochs.push_back(now() - t0);
      waits.push_back(waiting);
    }
    std::sort(epochs.begin(), epochs.end());
    std::sort(waits.begin(), waits.end());
    const double epoch = epochs[epochs.size() / 2], wait = waits[waits.size() / 2];
    std::printf(
        "{\"exp\": \"mnist_mlp_epoch_adam_b128\", \"fw\": \"tapegrad\", \"workers\": %zu, \"s_epoch\": %.3f, "
        "\"s_loader\": %.4f, \"loader_share\": %.4f, \"last_loss\": %.4f}\n",
        workers, epoch, wait, wait / epoch, last_loss);
  }
  // peak RSS of a whole MNIST training run so far: uint8 pixels (47 MB) plus batches in flight
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("{\"exp\": \"mnist_training_peak_rss\", \"fw\": \"tapegrad\", \"mb\": %.1f}\n",
              static_cast<double>(usage.ru_maxrss) / 1024);

  // (a) read + inflate + check both IDX files, then convert all 47 M pixels to float32
  double checksum = 0;
  const double t_load = median_seconds(runs, [&] {
    MNIST train(dir, MNIST::Mode::kTrain);
    tg::Tensor images = train.images();
    checksum = images.data_ptr<float>()[14 * 28 + 13];
  });
  const double t_read = median_seconds(runs, [&] { MNIST train(dir, MNIST::Mode::kTrain); });
  std::printf(
      "{\"exp\": \"mnist_train_gz_to_float\", \"fw\": \"tapegrad\", \"s\": %.3f, \"s_read_only\": %.3f, "
      "\"images\": 60000, \"check\": %.4f}\n",
      t_load, t_read, checksum);
}
