// tg::save / tg::load of an optimizer, and the reason checkpoints exist: training that stops,
// saves model + optimizer, and resumes in fresh objects continues bit for bit as if it never
// stopped.
#include <cstring>
#include <functional>
#include <limits>
#include <map>

#include <boost/test/unit_test.hpp>

#include <tapegrad/autograd/autograd.hpp>
#include <tapegrad/nn/nn.hpp>
#include <tapegrad/optim/optim.hpp>
#include <tapegrad/serialize/serialize.hpp>

#include "serialize_test_utils.hpp"

namespace tg = tapegrad;
namespace F = tapegrad::nn::functional;
using serialize_test::TempDir;

namespace {

// XOR needs its hidden layer: 2-8-1 with tanh.
struct XorNet : tg::nn::Module {
  tg::nn::Linear fc1{nullptr}, fc2{nullptr};
  XorNet() {
    fc1 = register_module("fc1", tg::nn::Linear(2, 8));
    fc2 = register_module("fc2", tg::nn::Linear(8, 1));
    // U(-1, 1) from the seeded generator: a start from which 8 tanh units learn XOR reliably,
    // whatever nn::init's defaults become.
    tg::NoGradGuard no_grad;
    for (auto& p : parameters()) p.zero_().add_(tg::uniform(p.shape(), -1.0, 1.0));
  }
  tg::Tensor forward(const tg::Tensor& x) { return fc2->forward(fc1->forward(x).tanh()); }
};

using MakeOptimizer = std::function<std::unique_ptr<tg::optim::Optimizer>(XorNet&)>;

// One training run's objects.
struct Run {
  std::shared_ptr<XorNet> net;
  std::unique_ptr<tg::optim::Optimizer> opt;
  Run(std::uint64_t seed, const MakeOptimizer& make) {
    tg::manual_seed(seed);
    net = std::make_shared<XorNet>();
    opt = make(*net);
  }
  // Trains `steps` steps; returns each step's loss as exact float bits.
  std::vector<std::uint32_t> train(int steps) {
    const tg::Tensor x = tg::tensor({{0., 0.}, {0., 1.}, {1., 0.}, {1., 1.}});
    const tg::Tensor y = tg::tensor({{0.}, {1.}, {1.}, {0.}});
    std::vector<std::uint32_t> losses;
    for (int s = 0; s < steps; ++s) {
      opt->zero_grad();
      tg::Tensor loss = F::mse_loss(net->forward(x), y);
      loss.backward();
      opt->step();
      float value = loss.item<float>();
      std::uint32_t bits;
      std::memcpy(&bits, &value, sizeof bits);
      losses.push_back(bits);
    }
    return losses;
  }
};

float as_float(std::uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

std::vector<std::pair<std::string, MakeOptimizer>> optimizers() {
  return {
      {"Adam",
       [](XorNet& n) { return std::make_unique<tg::optim::Adam>(n.parameters(), tg::optim::AdamOptions(0.05)); }},
      {"AdamW",
       [](XorNet& n) { return std::make_unique<tg::optim::AdamW>(n.parameters(), tg::optim::AdamWOptions(0.05)); }},
      {"SGD with Nesterov momentum",
       [](XorNet& n) {
         return std::make_unique<tg::optim::SGD>(n.parameters(),
                                                 tg::optim::SGDOptions(0.1).momentum(0.9).nesterov(true));
       }},
      {"RMSprop",
       [](XorNet& n) { return std::make_unique<tg::optim::RMSprop>(n.parameters(), tg::optim::RMSpropOptions(0.01)); }},
  };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(resume_from_checkpoint)

BOOST_AUTO_TEST_CASE(continues_bit_for_bit_as_if_training_never_stopped) {
  constexpr int kBefore = 40, kAfter = 60;
  for (const auto& [name, make] : optimizers()) {
    BOOST_TEST_CONTEXT(name) {
      TempDir dir;
      Run original(42, make);
      original.train(kBefore);
      tg::save(original.net, dir.file("net.npz"));
      tg::save(*original.opt, dir.file("opt.npz"));
      std::vector<std::uint32_t> uninterrupted = original.train(kAfter);

      Run resumed(1234, make);  // another seed: its own weights until the load
      tg::load(resumed.net, dir.file("net.npz"));
      tg::load(*resumed.opt, dir.file("opt.npz"));
      std::vector<std::uint32_t> continued = resumed.train(kAfter);

      BOOST_CHECK(continued == uninterrupted);
      auto a = original.net->named_parameters(), b = resumed.net->named_parameters();
      for (std::size_t i = 0; i < a.size(); ++i)
        BOOST_CHECK_MESSAGE(a[i].value().to_vector<float>() == b[i].value().to_vector<float>(),
                            a[i].key() << " differs after resuming");

      // Not vacuous: the run was still learning XOR after the checkpoint...
      BOOST_CHECK_LT(as_float(uninterrupted.back()), as_float(uninterrupted.front()));
      // ...and the optimizer state mattered: fresh state on the loaded weights diverges.
      Run weights_only(1234, make);
      tg::load(weights_only.net, dir.file("net.npz"));
      BOOST_CHECK(weights_only.train(kAfter) != uninterrupted);
    }
  }
}

BOOST_AUTO_TEST_CASE(adam_learns_xor_across_a_save_and_load) {
  TempDir dir;
  MakeOptimizer adam = optimizers()[0].second;
  Run first(7, adam);
  first.train(150);
  tg::save(first.net, dir.file("net.npz"));
  tg::save(*first.opt, dir.file("opt.npz"));

  Run second(8, adam);
  tg::load(second.net, dir.file("net.npz"));
  tg::load(*second.opt, dir.file("opt.npz"));
  second.train(150);
  tg::NoGradGuard no_grad;
  std::vector<float> out = second.net->forward(tg::tensor({{0., 0.}, {0., 1.}, {1., 0.}, {1., 1.}})).to_vector<float>();
  BOOST_CHECK_LT(out[0], 0.2f);
  BOOST_CHECK_GT(out[1], 0.8f);
  BOOST_CHECK_GT(out[2], 0.8f);
  BOOST_CHECK_LT(out[3], 0.2f);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(optimizer_checkpoint)

BOOST_AUTO_TEST_CASE(holds_per_parameter_buffers_and_the_learning_rate_by_name) {
  TempDir dir;
  Run run(3, optimizers()[0].second);
  run.train(2);
  run.opt->param_groups()[0].options().set_lr(0.0125);
  tg::save(*run.opt, dir.file("opt.npz"));
  auto stored = tg::load_tensors(dir.file("opt.npz"));
  std::map<std::string, tg::Tensor> by_name(stored.begin(), stored.end());
  BOOST_REQUIRE(by_name.count("0.lr"));
  BOOST_CHECK_EQUAL(by_name["0.lr"].item<double>(), 0.0125);
  BOOST_REQUIRE(by_name.count("0.0.exp_avg"));
  BOOST_CHECK(by_name["0.0.exp_avg"].shape() == (tg::Shape{8, 2}));  // fc1.weight's moment
  BOOST_REQUIRE(by_name.count("0.3.step"));
  BOOST_CHECK_EQUAL(by_name["0.3.step"].item<double>(), 2.0);

  Run other(4, optimizers()[0].second);
  tg::load(*other.opt, dir.file("opt.npz"));
  BOOST_CHECK_EQUAL(other.opt->param_groups()[0].options().get_lr(), 0.0125);
}

BOOST_AUTO_TEST_CASE(load_names_the_file_and_the_bad_entry) {
  TempDir dir;
  Run run(3, optimizers()[0].second);
  run.train(1);
  std::string model_file = dir.file("net.npz");
  tg::save(run.net, model_file);
  TG_CHECK_THROWS_WITH(tg::load(*run.opt, model_file),
                       "load: '" + model_file + "': Adam: load_named_state: unexpected entry 'fc1.weight'");

  // An SGD checkpoint is not an Adam state.
  Run sgd(3, optimizers()[2].second);
  sgd.train(1);
  std::string sgd_file = dir.file("sgd.npz");
  tg::save(*sgd.opt, sgd_file);
  TG_CHECK_THROWS_WITH(tg::load(*run.opt, sgd_file),
                       "load: '" + sgd_file + "': Adam: load_named_state: unexpected entry '0.0.momentum_buffer'");

  std::string missing = dir.file("missing.npz");
  TG_CHECK_THROWS_WITH(tg::load(*run.opt, missing), "load: cannot open '" + missing + "'");
}

BOOST_AUTO_TEST_CASE(load_refuses_values_no_optimizer_can_reach) {
  TempDir dir;
  Run run(3, optimizers()[0].second);  // Adam
  run.train(2);
  tg::save(*run.opt, dir.file("opt.npz"));
  auto good = tg::load_tensors(dir.file("opt.npz"));
  const double nan = std::numeric_limits<double>::quiet_NaN();

  // Each case: the saved state with one entry replaced.
  auto expect_refused = [&](const std::string& entry, const tg::Tensor& value, const std::string& problem) {
    tg::NamedTensors bad = good;
    bool found = false;
    for (auto& [name, tensor] : bad)
      if (name == entry) tensor = value, found = true;
    BOOST_REQUIRE(found);
    std::string path = dir.file("bad.npz");
    tg::save_tensors(bad, path);
    double lr_before = run.opt->param_groups()[0].options().get_lr();
    TG_CHECK_THROWS_WITH(tg::load(*run.opt, path), "load: '" + path + "': entry '" + entry + "'", problem);
    BOOST_CHECK_EQUAL(run.opt->param_groups()[0].options().get_lr(), lr_before);  // nothing changed
  };
  expect_refused("0.lr", tg::scalar_tensor(nan, tg::kFloat64), "holds nan: optimizer state must be finite");
  expect_refused("0.lr", tg::scalar_tensor(-0.1, tg::kFloat64), "is a negative learning rate, -0.1");
  expect_refused("0.0.step", tg::scalar_tensor(-3.0, tg::kFloat64), "is -3: a step count is a whole number >= 0");
  expect_refused("0.0.step", tg::scalar_tensor(2.5, tg::kFloat64), "is 2.5: a step count is a whole number >= 0");
  expect_refused("0.1.exp_avg", tg::full({8}, std::numeric_limits<double>::infinity()),
                 "holds inf at element 0: optimizer state must be finite");
  expect_refused("0.1.exp_avg_sq", tg::full({8}, -1.0), "holds -1 at element 0: it averages squares");

  tg::load(*run.opt, dir.file("opt.npz"));  // and the untouched state still loads
}

BOOST_AUTO_TEST_SUITE_END()
