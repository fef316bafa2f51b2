// Cat vs non-cat: the deep L-layer classifier of the deeplearning.ai course, full-batch.
//   cat                                      [12288,20,7,5,1] ReLU + sigmoid, BCE, GD lr 0.0075, 2500 iterations
//   cat --layers 12288,100,20,1 --lr 0.001 --iterations 1000
//   cat --init zeros|small|xavier|he  --optimizer gd|momentum|adam  --out runs/cat
// Prints the cost every 100 iterations, train/test accuracy and a one-line summary; with --out
// also metrics.csv, summary.json, cost.png and mislabelled.png (test images, predicted and true).
#include <tapegrad/tapegrad.hpp>

#include <common.hpp>

#include <cmath>
#include <cstdio>
#include <sstream>

namespace tg = tapegrad;

namespace {

// ---- model (module definitions: the one place to port to module holders) -------------------
tg::nn::Sequential make_model(const std::vector<std::int64_t>& sizes, const std::string& init) {
  auto net = tg::nn::Sequential();
  for (std::size_t l = 1; l < sizes.size(); ++l) {
    auto fc = tg::nn::Linear(sizes[l - 1], sizes[l]);
    tg::NoGradGuard no_grad;
    tg::nn::init::zeros_(fc->bias);
    const double fan_in = static_cast<double>(sizes[l - 1]);
    if (init == "zeros") tg::nn::init::zeros_(fc->weight);
    if (init == "small") tg::nn::init::normal_(fc->weight, 0.0, 0.01);                      // the course's randn * 0.01
    if (init == "xavier") tg::nn::init::normal_(fc->weight, 0.0, 1.0 / std::sqrt(fan_in));  // randn / sqrt(fan_in)
    if (init == "he") tg::nn::init::normal_(fc->weight, 0.0, std::sqrt(2.0 / fan_in));      // randn * sqrt(2 / fan_in)
    net->push_back(fc);
    if (l + 1 < sizes.size()) net->push_back(tg::nn::ReLU());
  }
  net->push_back(tg::nn::Sigmoid());
  return net;
}

std::unique_ptr<tg::optim::Optimizer> make_optimizer(const std::string& name, const std::vector<tg::Tensor>& params,
                                                     double lr) {
  if (name == "gd" || name == "sgd") return std::make_unique<tg::optim::SGD>(params, tg::optim::SGDOptions(lr));
  if (name == "momentum") return std::make_unique<tg::optim::SGD>(params, tg::optim::SGDOptions(lr).momentum(0.9));
  if (name == "adam") return std::make_unique<tg::optim::Adam>(params, tg::optim::AdamOptions(lr));
  throw examples::UsageError("--optimizer: '" + name + "' is not gd, momentum or adam");
}
// ---------------------------------------------------------------------------------------------

struct Split {
  tg::Tensor x, y;  // [m,12288] in [0,1], [m,1] float 0/1
  tg::data::ByteArray pixels;
};

Split load(const std::string& path, const std::string& prefix) {
  auto x = tg::data::read_hdf5(path, prefix + "_x");
  auto y = tg::data::read_hdf5(path, prefix + "_y");
  const std::int64_t m = x.shape[0];
  return {x.bytes.to_tensor(tg::kFloat32, 1.0 / 255).reshape({m, 12288}), y.tensor.to(tg::kFloat32).reshape({m, 1}),
          x.bytes};
}

}  // namespace

int main(int argc, char** argv) {
  return examples::run_main("cat", [&] {
    examples::CommonOptions defaults;
    defaults.epochs = 2500, defaults.lr = 0.0075, defaults.batch_size = 209, defaults.optimizer = "gd",
    defaults.seed = 1;
    examples::Cli cli("cat", "Cat vs non-cat with a deep fully connected network, full-batch", defaults);
    std::string layers = "12288,20,7,5,1", init = "xavier";
    double check_train = 0, check_test = 0;
    cli.app.add_option("--iterations", cli.options.epochs, "Same as --epochs: full-batch iterations")
        ->check(examples::at_least_one());
    cli.app.add_option("--layers", layers, "Layer sizes, 12288 first and 1 last");
    cli.app
        .add_option("--init", init,
                    "xavier: randn/sqrt(fan_in) (the course's deep network); he: randn*sqrt(2/fan_in); "
                    "small: randn*0.01; zeros")
        ->check(CLI::IsMember({"xavier", "he", "small", "zeros"}));
    cli.app.add_option("--check-train", check_train, "Exit with code 1 below this train accuracy")
        ->check(CLI::Range(0.0, 1.0));
    cli.app.add_option("--check-test", check_test, "Exit with code 1 below this test accuracy")
        ->check(CLI::Range(0.0, 1.0));
    if (int code = cli.parse(argc, argv); code >= 0) return code;
    auto& o = cli.options;
    const auto sizes = examples::parse_layer_sizes("--layers", layers, 12288, 1);

    const std::string folder = examples::require_data("cat", "train_catvnoncat.h5", o.data_dir);
    Split train = load(folder + "/train_catvnoncat.h5", "train_set");
    Split test = load(folder + "/test_catvnoncat.h5", "test_set");
    std::printf("cat: %lld training and %lld test images from %s\n", static_cast<long long>(train.x.size(0)),
                static_cast<long long>(test.x.size(0)), folder.c_str());
    tg::manual_seed(o.seed);
    auto net = make_model(sizes, init);
    auto optimizer = make_optimizer(o.optimizer, net->parameters(), o.lr);

    auto predict = [&](const Split& s) {
      tg::NoGradGuard no_grad;
      return net->forward(s.x).to_vector<float>();
    };
    auto accuracy = [&](const Split& s, const std::vector<float>& p) {
      const auto y = s.y.to_vector<float>();
      std::int64_t right = 0;
      for (std::size_t i = 0; i < y.size(); ++i) right += (p[i] > 0.5f) == (y[i] > 0.5f);
      return static_cast<double>(right) / y.size();
    };

    examples::Metrics metrics;
    examples::Progress progress(1, o.epochs, train.x.size(0));
    double cost = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (int it = 0; it < o.epochs; ++it) {
      optimizer->zero_grad();
      tg::Tensor loss = tg::nn::functional::binary_cross_entropy(net->forward(train.x), train.y);
      loss.backward();
      optimizer->step();
      cost = loss.item<double>();  // the cost before this iteration's step, as the course prints it
      if (it % 100 == 0 || it == o.epochs - 1) {
        if (progress.interactive()) std::printf("\r\033[K");
        std::printf("Cost after iteration %d: %f\n", it, cost);
        metrics.log({{"iteration", it}, {"cost", cost}});
      }
      progress.step(1, it + 1, cost, 0.0);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (progress.interactive()) std::printf("\r\033[K");
    const auto p_train = predict(train), p_test = predict(test);
    const double train_acc = accuracy(train, p_train), test_acc = accuracy(test, p_test);
    std::printf("train accuracy %.2f%%, test accuracy %.2f%%\n", train_acc * 100, test_acc * 100);

    if (!o.out.empty()) {
      metrics.write_csv(examples::out_path(o.out, "metrics.csv"));
      examples::plot_curves(examples::out_path(o.out, "cost.png"),
                            {{"train cost", metrics.series("iteration", "cost")}},
                            {"cat " + layers + ", lr " + std::to_string(o.lr).substr(0, 6) + ", init " + init,
                             "iteration", "binary cross-entropy"});
      std::vector<examples::Tile> wrong;
      const auto y = test.y.to_vector<float>();
      const auto& bytes = *test.pixels.bytes;
      for (std::size_t i = 0; i < y.size(); ++i) {
        if ((p_test[i] > 0.5f) == (y[i] > 0.5f) || wrong.size() == 8) continue;  // at most 8: the PNG stays small
        examples::Tile tile;
        tile.pixels.resize(12288);
        for (int k = 0; k < 12288; ++k) tile.pixels[k] = bytes[i * 12288 + k] / 255.0f;
        tile.caption = std::string("predicted ") + (p_test[i] > 0.5f ? "cat" : "non-cat") + "\ntrue " +
                       (y[i] > 0.5f ? "cat" : "non-cat");
        wrong.push_back(std::move(tile));
      }
      examples::GridOptions grid;
      grid.height = grid.width = 64, grid.channels = 3, grid.scale = 1, grid.columns = 4, grid.padding = 4;
      if (!wrong.empty()) examples::write_image_grid(examples::out_path(o.out, "mislabelled.png"), wrong, grid);
      examples::write_summary(examples::out_path(o.out, "summary.json"),
                              {{"train_accuracy", train_acc},
                               {"test_accuracy", test_acc},
                               {"final_loss", cost},
                               {"train_seconds", seconds},
                               {"seed", o.seed},
                               {"mislabelled_test", static_cast<int>(p_test.size()) -
                                                        static_cast<int>(std::lround(test_acc * p_test.size()))}},
                              cli.settings());
    }
    examples::print_blas();
    std::printf(
        "cat: %s %s init %s lr %g, %d iterations: train accuracy %.2f%%, test accuracy %.2f%%, cost %.6f, %.1f s\n",
        layers.c_str(), o.optimizer.c_str(), init.c_str(), o.lr, o.epochs, train_acc * 100, test_acc * 100, cost,
        seconds);
    if (train_acc < check_train || test_acc < check_test) {
      std::printf("cat: below --check-train %.2f / --check-test %.2f\n", check_train, check_test);
      return 1;
    }
    return 0;
  });
}
