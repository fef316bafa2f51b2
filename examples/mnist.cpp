// MNIST with a multilayer perceptron: the main example.
//   mnist                              784-256-128-10 ReLU, cross-entropy, Adam 1e-3 annealed to 0 (cosine), batch 128,
//   10 epochs mnist --preset tutorial            784-128-10 sigmoid, MSE on one-hot, SGD 0.1, batch 64, 20 epochs mnist
//   --arch 784,64,10 --activation tanh --loss mse --dropout 0.2 --dataset fashion --out runs/m
// Prints a line per epoch (a live bar on a terminal), the confusion matrix and a one-line summary;
// with --out also metrics.csv, summary.json, curves.png, misclassified.png and weights.png.
#include <tapegrad/tapegrad.hpp>

#include <common.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace tg = tapegrad;
namespace data = tg::data;

namespace {

struct Settings {
  std::string preset = "default", arch = "784,256,128,10", activation = "relu", loss = "ce", dataset = "mnist";
  std::string schedule = "cosine";  // the learning rate over the epochs
  double dropout = 0.0;
  int steps_per_epoch = 0;  // 0: the whole training set
  double check = 0.0;       // exit 1 when the test accuracy is below this
};

// ---- model (module definitions: the one place to port to module holders) -------------------
tg::nn::Sequential make_model(const std::vector<std::int64_t>& sizes, const std::string& activation, double dropout,
                              bool sigmoid_output) {
  auto net = tg::nn::Sequential();
  net->push_back(tg::nn::Flatten());
  for (std::size_t l = 1; l < sizes.size(); ++l) {
    net->push_back(tg::nn::Linear(sizes[l - 1], sizes[l]));
    if (l + 1 == sizes.size()) break;
    if (activation == "relu") net->push_back(tg::nn::ReLU());
    if (activation == "sigmoid") net->push_back(tg::nn::Sigmoid());
    if (activation == "tanh") net->push_back(tg::nn::Tanh());
    if (dropout > 0) net->push_back(tg::nn::Dropout(dropout));
  }
  if (sigmoid_output) net->push_back(tg::nn::Sigmoid());
  return net;
}

std::unique_ptr<tg::optim::Optimizer> make_optimizer(const std::string& name, const std::vector<tg::Tensor>& params,
                                                     double lr) {
  if (name == "adam") return std::make_unique<tg::optim::Adam>(params, tg::optim::AdamOptions(lr));
  if (name == "sgd") return std::make_unique<tg::optim::SGD>(params, tg::optim::SGDOptions(lr));
  if (name == "momentum") return std::make_unique<tg::optim::SGD>(params, tg::optim::SGDOptions(lr).momentum(0.9));
  if (name == "rmsprop") return std::make_unique<tg::optim::RMSprop>(params, tg::optim::RMSpropOptions(lr));
  throw examples::UsageError("--optimizer: '" + name + "' is not adam, sgd, momentum or rmsprop");
}
// ---------------------------------------------------------------------------------------------

const char* kFashionNames[] = {"T-shirt", "Trouser", "Pullover", "Dress", "Coat",
                               "Sandal",  "Shirt",   "Sneaker",  "Bag",   "Boot"};

}  // namespace

int main(int argc, char** argv) {
  return examples::run_main("mnist", [&] {
    examples::CommonOptions defaults;
    defaults.epochs = 10, defaults.lr = 1e-3, defaults.batch_size = 128, defaults.optimizer = "adam";
    examples::Cli cli("mnist", "A multilayer perceptron on MNIST (or Fashion-MNIST)", defaults);
    Settings s;
    cli.app
        .add_option("--preset", s.preset,
                    "default (784-256-128-10 ReLU, CE, Adam) or tutorial (784-128-10 sigmoid, MSE, SGD)")
        ->check(CLI::IsMember({"default", "tutorial"}));
    cli.app.add_option("--arch", s.arch, "Layer sizes, 784 first and 10 last");
    cli.app.add_option("--activation", s.activation, "Hidden activation")
        ->check(CLI::IsMember({"relu", "sigmoid", "tanh"}));
    cli.app.add_option("--loss", s.loss, "ce (softmax cross-entropy) or mse (sigmoid outputs against one-hot targets)")
        ->check(CLI::IsMember({"ce", "mse"}));
    cli.app
        .add_option("--schedule", s.schedule,
                    "Learning rate over the epochs: cosine (CosineAnnealingLR from --lr to 0 over --epochs), step "
                    "(StepLR: x0.5 every 3 epochs) or constant")
        ->check(CLI::IsMember({"cosine", "step", "constant"}));
    cli.app.add_option("--dropout", s.dropout, "Dropout after each hidden activation")->check(CLI::Range(0.0, 0.95));
    cli.app.add_option("--dataset", s.dataset, "mnist or fashion")->check(CLI::IsMember({"mnist", "fashion"}));
    cli.app.add_option("--steps-per-epoch", s.steps_per_epoch, "Stop each epoch after this many batches (0: all)")
        ->check(CLI::NonNegativeNumber);
    cli.app.add_option("--check", s.check, "Exit with code 1 when the test accuracy is below this fraction")
        ->check(CLI::Range(0.0, 1.0));
    if (int code = cli.parse(argc, argv); code >= 0) return code;
    examples::CommonOptions& o = cli.options;
    if (s.preset == "tutorial") {  // the preset's values, unless given on the command line
      auto unset = [&](const char* name) { return cli.app.count(name) == 0; };
      if (unset("--arch")) s.arch = "784,128,10";
      if (unset("--activation")) s.activation = "sigmoid";
      if (unset("--loss")) s.loss = "mse";
      if (unset("--batch-size")) o.batch_size = 64;
      if (unset("--lr")) o.lr = 0.1;
      if (unset("--optimizer")) o.optimizer = "sgd";
      if (unset("--epochs")) o.epochs = 20;
      if (unset("--schedule")) s.schedule = "constant";
    }
    const auto sizes = examples::parse_layer_sizes("--arch", s.arch, 784, 10);
    nlohmann::json settings = cli.settings();
    settings["arch"] = s.arch, settings["activation"] = s.activation, settings["loss"] = s.loss;
    settings["batch-size"] = o.batch_size, settings["lr"] = o.lr, settings["optimizer"] = o.optimizer;
    settings["epochs"] = o.epochs, settings["schedule"] = s.schedule;

    // ---- data: MNIST, or Fashion-MNIST when asked or when MNIST is missing ----
    std::string root;
    if (s.dataset == "mnist") {
      std::vector<std::string> tried;
      if (auto found = examples::find_data("mnist", "t10k-labels-idx1-ubyte.gz", o.data_dir, &tried)) {
        root = *found;
      } else {
        std::string where;
        for (const auto& t : tried) where += "\n  " + t;
        std::cout << "MNIST not found; looked in:" << where << "\nfetch it with " << tg::data::fetch_command("mnist")
                  << " (or pass --data-dir). Running on Fashion-MNIST instead.\n";
        s.dataset = "fashion";
      }
    }
    if (s.dataset == "fashion") {  // --data-dir first, then the usual places (Debian's /usr/share/datasets)
      auto found = examples::find_data("fashion-mnist", "t10k-labels-idx1-ubyte.gz", o.data_dir);
      root = found ? *found : examples::require_data("fashion-mnist", "t10k-labels-idx1-ubyte.gz", "");
    }
    settings["dataset"] = s.dataset;
    data::datasets::MNIST train_set(root, data::datasets::MNIST::Mode::kTrain);
    data::datasets::MNIST test_set(root, data::datasets::MNIST::Mode::kTest);
    // Sigmoid/MSE (the tutorial) trains on raw [0,1] pixels; otherwise standardised pixels.
    const bool standardise = s.loss == "ce";
    const double mean = s.dataset == "mnist" ? 0.1307 : 0.2860, stddev = s.dataset == "mnist" ? 0.3081 : 0.3530;
    const double scale = standardise ? 1.0 / stddev : 1.0, shift = standardise ? -mean / stddev : 0.0;
    std::printf("%s: %zu training and %zu test images from %s\n", s.dataset.c_str(), *train_set.size(),
                *test_set.size(), root.c_str());

    tg::manual_seed(o.seed);
    auto net = make_model(sizes, s.activation, s.dropout, s.loss == "mse");
    auto optimizer = make_optimizer(o.optimizer, net->parameters(), o.lr);
    std::unique_ptr<tg::optim::LRScheduler> scheduler;
    if (s.schedule == "cosine") scheduler = std::make_unique<tg::optim::CosineAnnealingLR>(*optimizer, o.epochs);
    if (s.schedule == "step") scheduler = std::make_unique<tg::optim::StepLR>(*optimizer, 3, 0.5);
    std::cout << *net << "\n";
    auto loader = data::make_data_loader(
        train_set.map(data::transforms::Normalize<>(standardise ? mean : 0.0, standardise ? stddev : 1.0))
            .map(data::transforms::Stack<>()),
        data::DataLoaderOptions().batch_size(o.batch_size).workers(2).seed(o.seed));
    auto loss_of = [&](const tg::Tensor& output, const tg::Tensor& target) {
      if (s.loss == "ce") return tg::nn::functional::cross_entropy(output, target);
      return tg::nn::functional::mse_loss(output, tg::one_hot(target, 10));
    };

    // Evaluates on a whole set in chunks of 1000 images, without the tape.
    struct Eval {
      double loss = 0, accuracy = 0;
      std::vector<std::int64_t> predictions;
    };
    auto evaluate = [&](const data::datasets::MNIST& set) {
      tg::NoGradGuard no_grad;
      net->eval();
      Eval e;
      const std::size_t n = *set.size();
      std::int64_t correct = 0;
      for (std::size_t start = 0; start < n; start += 1000) {
        std::vector<std::size_t> idx(std::min<std::size_t>(1000, n - start));
        for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = start + i;
        auto batch = set.get_batch_stacked_affine(idx, scale, shift);
        tg::Tensor out = net->forward(batch.data);
        e.loss += loss_of(out, batch.target).item<double>() * idx.size();
        auto pred = out.argmax(1).to_vector<std::int64_t>();
        auto target = batch.target.to_vector<std::int64_t>();
        for (std::size_t i = 0; i < idx.size(); ++i) correct += pred[i] == target[i];
        e.predictions.insert(e.predictions.end(), pred.begin(), pred.end());
      }
      net->train();
      e.loss /= n, e.accuracy = static_cast<double>(correct) / n;
      return e;
    };

    const std::int64_t full_steps = static_cast<std::int64_t>((*train_set.size() + o.batch_size - 1) / o.batch_size);
    const std::int64_t steps =
        s.steps_per_epoch > 0 ? std::min<std::int64_t>(s.steps_per_epoch, full_steps) : full_steps;
    examples::Progress progress(o.epochs, steps, o.batch_size);
    examples::Metrics metrics;
    double train_seconds = 0, last_loss = 0, last_train_acc = 0;
    Eval test;
    for (int epoch = 1; epoch <= o.epochs; ++epoch) {
      const auto t0 = std::chrono::steady_clock::now();
      double loss_sum = 0;
      std::int64_t correct = 0, seen = 0, step = 0;
      for (auto& batch : *loader) {
        optimizer->zero_grad();
        tg::Tensor output = net->forward(batch.data);
        tg::Tensor loss = loss_of(output, batch.target);
        loss.backward();
        optimizer->step();
        const auto n = batch.target.numel();
        loss_sum += loss.item<double>() * n;
        const auto pred = output.argmax(1).to_vector<std::int64_t>(), truth = batch.target.to_vector<std::int64_t>();
        for (std::size_t i = 0; i < pred.size(); ++i) correct += pred[i] == truth[i];
        seen += n;
        progress.step(epoch, ++step, loss_sum / seen, static_cast<double>(correct) / seen);
        if (step == steps) break;
      }
      if (scheduler) scheduler->step();
      train_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      last_loss = loss_sum / seen, last_train_acc = static_cast<double>(correct) / seen;
      test = evaluate(test_set);
      char extra[64];
      std::snprintf(extra, sizeof extra, "test loss %.4f acc %.2f%%", test.loss, test.accuracy * 100);
      progress.end_epoch(epoch, last_loss, last_train_acc, extra);
      metrics.log({{"epoch", epoch},
                   {"train_loss", last_loss},
                   {"train_accuracy", last_train_acc},
                   {"test_loss", test.loss},
                   {"test_accuracy", test.accuracy},
                   {"seconds", train_seconds}});
    }

    // ---- confusion matrix (rows: true class, columns: predicted) ----
    const auto truth = test_set.targets().to_vector<std::int64_t>();
    std::int64_t confusion[10][10] = {};
    for (std::size_t i = 0; i < truth.size(); ++i) ++confusion[truth[i]][test.predictions[i]];
    std::printf("\nconfusion matrix (rows: true, columns: predicted)\n      ");
    for (int c = 0; c < 10; ++c) std::printf("%6d", c);
    std::printf("\n");
    for (int r = 0; r < 10; ++r) {
      std::printf("%6d", r);
      for (int c = 0; c < 10; ++c) std::printf("%6lld", static_cast<long long>(confusion[r][c]));
      std::printf("   %s\n", s.dataset == "fashion" ? kFashionNames[r] : "");
    }

    if (!o.out.empty()) {
      metrics.write_csv(examples::out_path(o.out, "metrics.csv"));
      const std::string what = s.dataset == "mnist" ? "MNIST " : "Fashion-MNIST ";
      examples::plot_curves(
          examples::out_path(o.out, "loss.png"),
          {{"train", metrics.series("epoch", "train_loss")}, {"test", metrics.series("epoch", "test_loss")}},
          {what + s.arch + " " + s.activation + " " + s.loss + ": loss", "epoch", "loss"});
      examples::plot_curves(
          examples::out_path(o.out, "accuracy.png"),
          {{"train", metrics.series("epoch", "train_accuracy")}, {"test", metrics.series("epoch", "test_accuracy")}},
          {what + s.arch + ": accuracy", "epoch", "accuracy"});
      // Misclassified test images, captioned "predicted (true)".
      std::vector<examples::Tile> wrong;
      const auto& pixels = test_set.pixels();
      for (std::size_t i = 0; i < truth.size() && wrong.size() < 40; ++i) {
        if (test.predictions[i] == truth[i]) continue;
        examples::Tile tile;
        tile.pixels.resize(784);
        for (int p = 0; p < 784; ++p) tile.pixels[p] = (*pixels.bytes)[i * 784 + p] / 255.0f;
        tile.caption = std::to_string(test.predictions[i]) + " (" + std::to_string(truth[i]) + ")";
        wrong.push_back(std::move(tile));
      }
      if (!wrong.empty()) examples::write_image_grid(examples::out_path(o.out, "misclassified.png"), wrong, {});
      // The first layer's weights, one 28x28 tile per hidden unit (at most 64).
      tg::Tensor w = net->named_parameters().front().value();
      const auto weights = w.to_vector<float>();
      std::vector<examples::Tile> units;
      for (std::int64_t u = 0; u < std::min<std::int64_t>(w.size(0), 64); ++u)
        units.push_back({examples::min_max_scaled({weights.begin() + u * 784, weights.begin() + (u + 1) * 784}), ""});
      examples::GridOptions grid;
      grid.scale = 1, grid.columns = 8;
      examples::write_image_grid(examples::out_path(o.out, "weights.png"), units, grid);
      examples::write_summary(examples::out_path(o.out, "summary.json"),
                              {{"train_accuracy", last_train_acc},
                               {"test_accuracy", test.accuracy},
                               {"final_loss", last_loss},
                               {"test_loss", test.loss},
                               {"train_seconds", train_seconds},
                               {"seed", o.seed},
                               {"dataset", s.dataset}},
                              settings);
    }
    examples::print_blas();
    std::printf("mnist: %s %s %s %s, %d epochs: train accuracy %.2f%%, test accuracy %.2f%%, loss %.4f, %.1f s\n",
                s.dataset.c_str(), s.arch.c_str(), s.activation.c_str(), s.loss.c_str(), o.epochs, last_train_acc * 100,
                test.accuracy * 100, last_loss, train_seconds);
    if (test.accuracy < s.check) {
      std::printf("mnist: test accuracy %.2f%% is below --check %.2f%%\n", test.accuracy * 100, s.check * 100);
      return 1;
    }
    return 0;
  });
}
