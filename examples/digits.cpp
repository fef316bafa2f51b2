// The 8x8 digits (scikit-learn's load_digits): [64,32,16,10] sigmoid network, per-sample SGD.
//   digits                         lr 0.1, 1000 epochs, 75/25 split, quadratic cost 0.5*sum((out-onehot)^2)
//   digits --epochs 100 --out runs/digits --check 0.96
// Prints one line per epoch (a live bar on a terminal), a scikit-learn-style classification
// report on the test set and a one-line summary.
#include <tapegrad/tapegrad.hpp>

#include <common.hpp>

#include <cstdio>

namespace tg = tapegrad;

namespace {

// ---- model (module definitions: the one place to port to module holders) -------------------
tg::nn::Sequential make_model(const std::vector<std::int64_t>& sizes) {
  auto net = tg::nn::Sequential();
  for (std::size_t l = 1; l < sizes.size(); ++l) {
    net->push_back(tg::nn::Linear(sizes[l - 1], sizes[l]));
    net->push_back(tg::nn::Sigmoid());
  }
  return net;
}

std::unique_ptr<tg::optim::Optimizer> make_optimizer(const std::string& name, const std::vector<tg::Tensor>& params,
                                                     double lr) {
  if (name == "sgd") return std::make_unique<tg::optim::SGD>(params, tg::optim::SGDOptions(lr));
  if (name == "momentum") return std::make_unique<tg::optim::SGD>(params, tg::optim::SGDOptions(lr).momentum(0.9));
  if (name == "adam") return std::make_unique<tg::optim::Adam>(params, tg::optim::AdamOptions(lr));
  throw examples::UsageError("--optimizer: '" + name + "' is not sgd, momentum or adam");
}
// ---------------------------------------------------------------------------------------------

// scikit-learn's classification_report layout, two decimals.
void classification_report(const std::vector<std::int64_t>& truth, const std::vector<std::int64_t>& pred, int classes) {
  std::printf("\n%12s %10s %10s %10s %10s\n\n", "", "precision", "recall", "f1-score", "support");
  double macro[3] = {0, 0, 0}, weighted[3] = {0, 0, 0};
  std::int64_t correct = 0;
  for (int c = 0; c < classes; ++c) {
    std::int64_t tp = 0, fp = 0, fn = 0;
    for (std::size_t i = 0; i < truth.size(); ++i) {
      tp += truth[i] == c && pred[i] == c;
      fp += truth[i] != c && pred[i] == c;
      fn += truth[i] == c && pred[i] != c;
    }
    const double precision = tp + fp ? static_cast<double>(tp) / (tp + fp) : 0.0;
    const double recall = tp + fn ? static_cast<double>(tp) / (tp + fn) : 0.0;
    const double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
    const std::int64_t support = tp + fn;
    correct += tp;
    std::printf("%12d %10.2f %10.2f %10.2f %10lld\n", c, precision, recall, f1, static_cast<long long>(support));
    const double row[3] = {precision, recall, f1};
    for (int k = 0; k < 3; ++k) macro[k] += row[k] / classes, weighted[k] += row[k] * support / truth.size();
  }
  const auto n = static_cast<long long>(truth.size());
  std::printf("\n%12s %10s %10s %10.2f %10lld\n", "accuracy", "", "", static_cast<double>(correct) / n, n);
  std::printf("%12s %10.2f %10.2f %10.2f %10lld\n", "macro avg", macro[0], macro[1], macro[2], n);
  std::printf("%12s %10.2f %10.2f %10.2f %10lld\n\n", "weighted avg", weighted[0], weighted[1], weighted[2], n);
}

}  // namespace

int main(int argc, char** argv) {
  return examples::run_main("digits", [&] {
    examples::CommonOptions defaults;
    defaults.epochs = 1000, defaults.lr = 0.1, defaults.batch_size = 1, defaults.optimizer = "sgd";
    examples::Cli cli("digits", "The 8x8 digits with a [64,32,16,10] sigmoid network, per-sample SGD", defaults);
    double test_fraction = 0.25, check = 0.0;
    cli.app.add_option("--test-fraction", test_fraction, "Share of the 1797 images held out")
        ->check(CLI::Range(0.05, 0.95));
    cli.app.add_option("--check", check, "Exit with code 1 when the test accuracy is below this fraction")
        ->check(CLI::Range(0.0, 1.0));
    if (int code = cli.parse(argc, argv); code >= 0) return code;
    auto& o = cli.options;

    const std::string folder = examples::require_data("digits", "digits.csv.gz", o.data_dir);
    auto table = tg::data::read_csv(folder + "/digits.csv.gz");
    const std::int64_t n = table.data.size(0);
    tg::manual_seed(o.seed);
    // A seeded shuffle, then the first 25 % are the test set (1347 train / 450 test).
    tg::Tensor order = tg::randperm(n);
    const std::int64_t n_test = static_cast<std::int64_t>(std::ceil(n * test_fraction)), n_train = n - n_test;
    tg::Tensor x = tg::div(table.data, tg::full({}, 16.0));  // pixels 0..16 to [0,1]
    tg::Tensor x_test = x.index_select(0, order.narrow(0, 0, n_test));
    tg::Tensor y_test = table.labels.index_select(0, order.narrow(0, 0, n_test));
    tg::Tensor x_train = x.index_select(0, order.narrow(0, n_test, n_train));
    tg::Tensor y_train = table.labels.index_select(0, order.narrow(0, n_test, n_train));
    tg::Tensor t_train = tg::one_hot(y_train, 10);
    std::vector<tg::Tensor> xs, ts;  // one [1,64] / [1,10] tensor per training image
    for (std::int64_t i = 0; i < n_train; ++i)
      xs.push_back(x_train.narrow(0, i, 1).contiguous()), ts.push_back(t_train.narrow(0, i, 1).contiguous());
    std::printf("digits: %lld training and %lld test images from %s\n", static_cast<long long>(n_train),
                static_cast<long long>(n_test), folder.c_str());

    auto net = make_model({64, 32, 16, 10});
    auto optimizer = make_optimizer(o.optimizer, net->parameters(), o.lr);
    auto accuracy = [&](const tg::Tensor& images, const tg::Tensor& labels, std::vector<std::int64_t>* pred_out) {
      tg::NoGradGuard no_grad;
      const auto pred = net->forward(images).argmax(1).to_vector<std::int64_t>();
      const auto truth = labels.to_vector<std::int64_t>();
      std::int64_t right = 0;
      for (std::size_t i = 0; i < pred.size(); ++i) right += pred[i] == truth[i];
      if (pred_out) *pred_out = pred;
      return static_cast<double>(right) / pred.size();
    };

    examples::Progress progress(o.epochs, n_train, 1);
    examples::Metrics metrics;
    double seconds = 0, train_loss = 0, test_acc = 0, train_acc = 0;
    for (int epoch = 1; epoch <= o.epochs; ++epoch) {
      const auto t0 = std::chrono::steady_clock::now();
      const auto perm = tg::randperm(n_train).to_vector<std::int64_t>();
      double loss_sum = 0;
      for (std::int64_t k = 0; k < n_train; ++k) {
        const auto i = perm[k];
        optimizer->zero_grad();
        tg::Tensor diff = tg::sub(net->forward(xs[i]), ts[i]);
        tg::Tensor loss = tg::mul(tg::sum(tg::mul(diff, diff)), tg::full({}, 0.5));
        loss.backward();
        optimizer->step();
        loss_sum += loss.item<double>();
        if (progress.interactive()) progress.step(epoch, k + 1, loss_sum / (k + 1), 0.0);
      }
      seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      train_loss = loss_sum / n_train;
      const bool report = epoch == o.epochs || epoch % std::max(1, o.epochs / 100) == 0 || epoch <= 10;
      if (!report) continue;
      train_acc = accuracy(x_train, y_train, nullptr);
      test_acc = accuracy(x_test, y_test, nullptr);
      metrics.log({{"epoch", epoch},
                   {"train_loss", train_loss},
                   {"train_accuracy", train_acc},
                   {"test_accuracy", test_acc},
                   {"seconds", seconds}});
      if (epoch == o.epochs || epoch % std::max(1, o.epochs / 20) == 0 || !progress.interactive()) {
        char extra[48];
        std::snprintf(extra, sizeof extra, "test acc %.2f%%", test_acc * 100);
        progress.end_epoch(epoch, train_loss, train_acc, extra);
      }
    }
    std::vector<std::int64_t> pred;
    test_acc = accuracy(x_test, y_test, &pred);
    classification_report(y_test.to_vector<std::int64_t>(), pred, 10);
    if (!o.out.empty()) {
      metrics.write_csv(examples::out_path(o.out, "metrics.csv"));
      examples::PlotOptions loss_plot{"8x8 digits [64,32,16,10] sigmoid: training loss", "epoch",
                                      "0.5 sum (out - onehot)^2"};
      loss_plot.log_y = true;
      examples::plot_curves(examples::out_path(o.out, "loss.png"), {{"train", metrics.series("epoch", "train_loss")}},
                            loss_plot);
      examples::plot_curves(
          examples::out_path(o.out, "accuracy.png"),
          {{"train", metrics.series("epoch", "train_accuracy")}, {"test", metrics.series("epoch", "test_accuracy")}},
          {"8x8 digits: accuracy", "epoch", "accuracy"});
      examples::write_summary(examples::out_path(o.out, "summary.json"),
                              {{"train_accuracy", train_acc},
                               {"test_accuracy", test_acc},
                               {"final_loss", train_loss},
                               {"train_seconds", seconds},
                               {"seed", o.seed},
                               {"train_size", n_train},
                               {"test_size", n_test}},
                              cli.settings());
    }
    examples::print_blas();
    std::printf(
        "digits: [64,32,16,10] sigmoid, %d epochs of per-sample %s lr %g: train accuracy %.2f%%, test accuracy %.2f%%, "
        "loss %.4f, %.1f s\n",
        o.epochs, o.optimizer.c_str(), o.lr, train_acc * 100, test_acc * 100, train_loss, seconds);
    if (test_acc < check) {
      std::printf("digits: test accuracy %.2f%% is below --check %.2f%%\n", test_acc * 100, check * 100);
      return 1;
    }
    return 0;
  });
}
