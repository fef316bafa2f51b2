// The ML course's exercise 4: a 400-25-10 sigmoid network on 20x20 digits, cross-entropy with an
// L2 penalty (lambda = 1, biases excluded), full batch, trained by L-BFGS and by gradient descent.
//   digits400                      gradient check, ex4weights.mat, then 200 cost evaluations of each optimizer
//   digits400 --epochs 400 --lambda 1 --lr 2 --out runs/digits400
// The course's data matrix is not available: 5000 MNIST training images (the first 500 of each
// digit) resampled from 28x28 to 20x20 and unrolled column-major as the course's X.
#include <tapegrad/tapegrad.hpp>

#include <common.hpp>

#include <cmath>
#include <cstdio>

namespace tg = tapegrad;
namespace F = tg::nn::functional;

namespace {

// ---- model (module definitions: the one place to port to module holders) -------------------
struct Net {
  tg::nn::Linear hidden{nullptr}, output{nullptr};
  tg::nn::Sequential seq{nullptr};
  Net(std::int64_t in, std::int64_t units, std::int64_t out, tg::Dtype dtype) {
    hidden = tg::nn::Linear(in, units, true, dtype);
    output = tg::nn::Linear(units, out, true, dtype);
    seq = tg::nn::Sequential(hidden, tg::nn::Sigmoid(), output, tg::nn::Sigmoid());
  }
  // The course's cost: -1/m sum_i sum_k [y log h + (1 - y) log(1 - h)] + lambda/(2m) sum W^2.
  tg::Tensor cost(const tg::Tensor& x, const tg::Tensor& y, double lambda) {
    const std::int64_t m = x.size(0);
    tg::Tensor ce = tg::div(F::binary_cross_entropy(seq->forward(x), y, tg::nn::Reduction::Sum),
                            tg::full({}, static_cast<double>(m), x.dtype()));
    return tg::add(ce, F::l2_penalty({hidden->weight, output->weight}, lambda, m));
  }
  // The course's randInitializeWeights: U(-0.12, 0.12) for weights and biases.
  void random_init(double epsilon) {
    for (auto p : seq->parameters()) tg::nn::init::uniform_(p, -epsilon, epsilon);
  }
};
// ---------------------------------------------------------------------------------------------

// Area-averaging resample of a 28x28 image to 20x20 (each output pixel covers 1.4 x 1.4 input
// pixels, fractions weighted), unrolled column-major as the course's data.
std::vector<double> resample_20x20(const std::uint8_t* image) {
  std::vector<double> out(400);
  const double s = 28.0 / 20.0;
  for (int r = 0; r < 20; ++r)
    for (int c = 0; c < 20; ++c) {
      double sum = 0;
      for (int i = static_cast<int>(r * s); i < std::min(28, static_cast<int>(std::ceil((r + 1) * s))); ++i) {
        const double wy = std::min(i + 1.0, (r + 1) * s) - std::max<double>(i, r * s);
        for (int j = static_cast<int>(c * s); j < std::min(28, static_cast<int>(std::ceil((c + 1) * s))); ++j) {
          const double wx = std::min(j + 1.0, (c + 1) * s) - std::max<double>(j, c * s);
          if (wx > 0 && wy > 0) sum += wx * wy * image[i * 28 + j];
        }
      }
      out[c * 20 + r] = sum / (s * s) / 255.0;
    }
  return out;
}

// 25 hidden units' weights (column-major 20x20) as a 5x5 grid of tiles.
void draw_hidden(const std::string& path, const tg::Tensor& weight) {
  const auto w = weight.to_vector<float>();
  std::vector<examples::Tile> tiles;
  for (std::int64_t u = 0; u < weight.size(0); ++u) {
    std::vector<float> tile(400);
    for (int r = 0; r < 20; ++r)
      for (int c = 0; c < 20; ++c) tile[r * 20 + c] = w[u * 400 + c * 20 + r];
    tiles.push_back({examples::min_max_scaled(tile), ""});
  }
  examples::GridOptions grid;
  grid.height = grid.width = 20, grid.columns = 5, grid.scale = 3;
  examples::write_image_grid(path, tiles, grid);
}

double accuracy(Net& net, const tg::Tensor& x, const std::vector<std::int64_t>& labels, bool course_order) {
  tg::NoGradGuard no_grad;
  const auto pred = net.seq->forward(x).argmax(1).to_vector<std::int64_t>();
  std::int64_t right = 0;
  for (std::size_t i = 0; i < pred.size(); ++i)  // the course's unit k is label k + 1, with label 10 for digit 0
    right += (course_order ? (pred[i] + 1) % 10 : pred[i]) == labels[i];
  return static_cast<double>(right) / pred.size();
}

// Backprop against central differences on a 3-5-3 network in float64 (the course's checkNNGradients).
double gradient_check(double lambda) {
  tg::manual_seed(0);
  Net net(3, 5, 3, tg::kFloat64);
  tg::Tensor x = tg::randn({5, 3}, tg::kFloat64);
  tg::Tensor y = tg::one_hot(tg::tensor(std::vector<std::int64_t>{0, 1, 2, 0, 1}), 3, tg::kFloat64);
  net.seq->zero_grad();
  net.cost(x, y, lambda).backward();
  double num = 0, den = 0, worst = 0;
  const double eps = 1e-5;
  for (auto p : net.seq->parameters()) {
    const auto grad = p.grad().to_vector<double>();
    auto values = p.to_vector<double>();
    for (std::size_t i = 0; i < values.size(); ++i) {
      auto at = [&](double delta) {
        tg::NoGradGuard no_grad;
        auto moved = values;
        moved[i] += delta;
        p.copy_(tg::from_vector(moved, p.shape(), tg::kFloat64));
        const double c = net.cost(x, y, lambda).item<double>();
        p.copy_(tg::from_vector(values, p.shape(), tg::kFloat64));
        return c;
      };
      const double numeric = (at(eps) - at(-eps)) / (2 * eps);
      num += (numeric - grad[i]) * (numeric - grad[i]);
      den += (numeric + grad[i]) * (numeric + grad[i]);
      worst = std::max(worst, std::abs(numeric - grad[i]) / std::max(1e-3, std::abs(numeric) + std::abs(grad[i])));
    }
  }
  std::printf(
      "gradient check (3-5-3, float64, lambda %g): |num - backprop| / |num + backprop| = %.3g, "
      "largest element-wise relative difference %.3g\n",
      lambda, std::sqrt(num / den), worst);
  return std::sqrt(num / den);
}

}  // namespace

int main(int argc, char** argv) {
  return examples::run_main("digits400", [&] {
    examples::CommonOptions defaults;
    defaults.epochs = 200, defaults.lr = 2.0, defaults.batch_size = 5000, defaults.optimizer = "both";
    examples::Cli cli("digits400", "The ML course's 400-25-10 network: gradient check, ex4 weights, L-BFGS vs GD",
                      defaults);
    double lambda = 1.0, check = 0.0;
    int per_digit = 500;
    cli.app.add_option("--lambda", lambda, "L2 penalty (biases excluded)")->check(CLI::Range(0.0, 1e6));
    cli.app.add_option("--per-digit", per_digit, "Training images per digit")->check(CLI::Range(1, 5000));
    cli.app.add_option("--check", check, "Exit with code 1 when L-BFGS's training accuracy is below this")
        ->check(CLI::Range(0.0, 1.0));
    cli.app.get_option("--epochs")->description("Cost evaluations per optimizer (the budget of the comparison)");
    cli.app.get_option("--lr")->description("Gradient descent's learning rate (L-BFGS: 1, strong-Wolfe line search)");
    cli.app.get_option("--optimizer")->description("lbfgs, gd or both")->check(CLI::IsMember({"lbfgs", "gd", "both"}));
    if (int code = cli.parse(argc, argv); code >= 0) return code;
    auto& o = cli.options;

    const double grad_diff = gradient_check(lambda);

    // ---- the data: the first `per_digit` MNIST training images of each digit, as 20x20 ----
    const std::string mnist_dir = examples::require_data("mnist", "train-images-idx3-ubyte.gz", o.data_dir);
    tg::data::datasets::MNIST mnist(mnist_dir, tg::data::datasets::MNIST::Mode::kTrain);
    const auto all_labels = mnist.targets().to_vector<std::int64_t>();
    const auto& pixels = *mnist.pixels().bytes;
    std::vector<double> xs;
    std::vector<std::int64_t> labels;
    std::vector<int> taken(10, 0);
    for (std::size_t i = 0; i < all_labels.size(); ++i) {
      if (taken[all_labels[i]] == per_digit) continue;
      ++taken[all_labels[i]];
      const auto img = resample_20x20(&pixels[i * 784]);
      xs.insert(xs.end(), img.begin(), img.end());
      labels.push_back(all_labels[i]);
    }
    const auto m = static_cast<std::int64_t>(labels.size());
    tg::Tensor x = tg::from_vector(xs, {m, 400});
    tg::Tensor y = tg::one_hot(tg::tensor(labels), 10);
    std::printf("data: %lld MNIST training images resampled to 20x20 from %s\n", static_cast<long long>(m),
                mnist_dir.c_str());

    // ---- the course's trained weights ----
    const std::string ex4 = examples::require_data("ex4", "ex4weights.mat", o.data_dir) + "/ex4weights.mat";
    tg::Tensor theta1 = tg::data::read_mat(ex4, "Theta1"), theta2 = tg::data::read_mat(ex4, "Theta2");
    Net course(400, 25, 10, tg::kFloat32);
    {
      tg::NoGradGuard no_grad;
      course.hidden->weight.copy_(theta1.narrow(1, 1, 400).to(tg::kFloat32));
      course.hidden->bias.copy_(theta1.narrow(1, 0, 1).reshape({25}).to(tg::kFloat32));
      course.output->weight.copy_(theta2.narrow(1, 1, 25).to(tg::kFloat32));
      course.output->bias.copy_(theta2.narrow(1, 0, 1).reshape({10}).to(tg::kFloat32));
    }
    const double reg = F::l2_penalty({theta1.narrow(1, 1, 400), theta2.narrow(1, 1, 25)}, 1.0, 5000).item<double>();
    std::printf("ex4weights.mat: regularisation term for lambda = 1, m = 5000: %.6f (data README: 0.096141)\n", reg);
    std::printf("ex4weights.mat on these 5000 images (not the course's data): accuracy %.2f%%\n",
                accuracy(course, x, labels, true) * 100);

    // ---- training from random weights: L-BFGS and gradient descent, same evaluation budget ----
    examples::Metrics metrics;
    struct Result {
      double cost = 0, accuracy = 0, seconds = 0;
      std::int64_t evals = 0;
    };
    std::map<std::string, Result> results;
    std::map<std::string, std::vector<std::pair<double, double>>> curves;
    tg::nn::Linear lbfgs_hidden{nullptr};
    for (const std::string name : {"lbfgs", "gd"}) {
      if (o.optimizer != "both" && o.optimizer != name) continue;
      tg::manual_seed(o.seed);
      Net net(400, 25, 10, tg::kFloat32);
      net.random_init(0.12);
      std::int64_t evals = 0;
      double best = INFINITY;
      auto record = [&](double c) {
        ++evals, best = std::min(best, c);
        curves[name].emplace_back(evals, best);
        metrics.log({{"evaluation", evals}, {name + "_cost", c}, {name + "_best_cost", best}});
      };
      const auto t0 = std::chrono::steady_clock::now();
      if (name == "lbfgs") {
        tg::optim::LBFGS opt(net.seq->parameters(), tg::optim::LBFGSOptions(1)
                                                        .max_iter(o.epochs)
                                                        .max_eval(o.epochs)
                                                        .history_size(10)
                                                        .tolerance_grad(1e-9)
                                                        .tolerance_change(1e-12)
                                                        .line_search_fn("strong_wolfe"));
        while (opt.func_evals() < o.epochs) {
          const auto before = opt.func_evals();
          opt.step([&] {
            opt.zero_grad();
            tg::Tensor c = net.cost(x, y, lambda);
            c.backward();
            record(c.item<double>());
            return c;
          });
          if (opt.func_evals() == before + 1) break;  // converged: nothing left to do
        }
        lbfgs_hidden = net.hidden;
      } else {
        tg::optim::SGD opt(net.seq->parameters(), tg::optim::SGDOptions(o.lr));
        for (int i = 0; i < o.epochs; ++i) {
          opt.zero_grad();
          tg::Tensor c = net.cost(x, y, lambda);
          c.backward();
          record(c.item<double>());
          opt.step();
        }
      }
      Result r;
      r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      {
        tg::NoGradGuard no_grad;
        r.cost = net.cost(x, y, lambda).item<double>();
      }
      r.accuracy = accuracy(net, x, labels, false), r.evals = evals;
      results[name] = r;
      std::printf("%-6s %4lld cost evaluations: cost %.6f, training accuracy %.2f%%, %.1f s\n",
                  name == "lbfgs" ? "L-BFGS" : "GD", static_cast<long long>(evals), r.cost, r.accuracy * 100,
                  r.seconds);
    }

    if (!o.out.empty()) {
      metrics.write_csv(examples::out_path(o.out, "metrics.csv"));
      draw_hidden(examples::out_path(o.out, "hidden_ex4.png"), course.hidden->weight);
      if (lbfgs_hidden) draw_hidden(examples::out_path(o.out, "hidden_lbfgs.png"), lbfgs_hidden->weight);
      std::vector<examples::Curve> plot;
      if (curves.count("lbfgs")) plot.push_back({"L-BFGS (strong Wolfe)", curves["lbfgs"]});
      if (curves.count("gd"))
        plot.push_back({"gradient descent, lr " + std::to_string(o.lr).substr(0, 4), curves["gd"]});
      examples::PlotOptions po{"400-25-10, lambda " + std::to_string(lambda).substr(0, 4) + ": lowest cost so far",
                               "cost evaluations", "cost"};
      po.log_y = true;
      examples::plot_curves(examples::out_path(o.out, "cost.png"), plot, po);
      nlohmann::json figures = {
          {"gradient_check_relative_difference", grad_diff}, {"ex4_regularisation_term", reg}, {"seed", o.seed}};
      for (const auto& [name, r] : results)
        figures[name] = {{"final_loss", r.cost},
                         {"train_accuracy", r.accuracy},
                         {"evaluations", r.evals},
                         {"train_seconds", r.seconds}};
      if (results.count("lbfgs")) {
        figures["train_accuracy"] = results["lbfgs"].accuracy, figures["final_loss"] = results["lbfgs"].cost;
        figures["train_seconds"] = results["lbfgs"].seconds;
      }
      examples::write_summary(examples::out_path(o.out, "summary.json"), figures, cli.settings());
    }
    const Result lb = results.count("lbfgs") ? results["lbfgs"] : Result{},
                 gd = results.count("gd") ? results["gd"] : Result{};
    examples::print_blas();
    std::printf(
        "digits400: gradient check %.2g, ex4 regularisation %.6f, L-BFGS cost %.4f (train %.2f%%) vs GD cost %.4f "
        "(train %.2f%%) in %d evaluations\n",
        grad_diff, reg, lb.cost, lb.accuracy * 100, gd.cost, gd.accuracy * 100, o.epochs);
    if (grad_diff > 1e-9 || (results.count("lbfgs") && lb.accuracy < check)) return 1;
    return 0;
  });
}
