#pragma once
// Shared by the tests in tests/optim/: the fixed regression problem of the golden trajectories
// (tests/fixtures/optim/, written by scripts/fixtures/gen_optim_fixtures.py), and the
// trajectory and resume checks built on it. Error and closeness checks and the fixture loader
// come from support/test_support.hpp.
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <tapegrad/autograd/autograd.hpp>
#include <tapegrad/optim/optim.hpp>
#include <utility>
#include <vector>

#include "support/test_support.hpp"

namespace optim_test {

namespace tg = tapegrad;

/// The float64 regression problem of the golden trajectories: loss = mean((X W + b - y)^2),
/// plus a parameter `unused` that never gets a gradient.
struct Problem {
  tg::Tensor X, y, W, b, unused;

  Problem() {
    const tg_test::Fixture data = tg_test::load_fixture("optim/problem");
    X = data.at("X");
    y = data.at("y");
    W = data.at("W").clone().requires_grad_();
    b = data.at("b").clone().requires_grad_();
    unused = tg::tensor({1.0, -2.0}, tg::kFloat64).requires_grad_();
    BOOST_REQUIRE(X.shape() == (tg::Shape{8, 3}) && y.shape() == (tg::Shape{8, 2}) && W.shape() == (tg::Shape{3, 2}) &&
                  b.shape() == (tg::Shape{2}));
  }

  std::vector<tg::Tensor> params() const { return {W, b, unused}; }

  tg::Tensor loss() const { return tg::mean(tg::pow(tg::matmul(X, W) + b - y, 2.0)); }

  /// zero_grad, backward, step: one training step.
  void train_step(tg::optim::Optimizer& opt) const {
    opt.zero_grad();
    loss().backward();
    opt.step();
  }

  /// W then b, flattened, as the fixtures list them.
  std::vector<double> values() const {
    std::vector<double> out = W.to_vector<double>();
    const std::vector<double> bias = b.to_vector<double>();
    out.insert(out.end(), bias.begin(), bias.end());
    return out;
  }
};

/// Trains `problem` with `opt` for the 20 steps of tests/fixtures/optim/<fixture_name>.npz
/// and compares W and b after every step with torch's to 1e-6 (relative).
inline void check_golden_trajectory(const std::string& fixture_name, Problem& problem, tg::optim::Optimizer& opt,
                                    tg::optim::LRScheduler* scheduler = nullptr) {
  const tg::Tensor expected = tg_test::load_fixture("optim/" + fixture_name).at("trajectory");
  BOOST_REQUIRE(expected.shape() == (tg::Shape{20, 8}));
  const std::vector<double> start = problem.values();
  for (std::int64_t step = 0; step < expected.shape()[0]; ++step) {
    problem.train_step(opt);
    if (scheduler != nullptr) scheduler->step();
    const std::string what = fixture_name + " after step " + std::to_string(step + 1);
    if (!tg_test::check_close(problem.values(), expected[step].to_vector<double>(), 1e-6, 0, what)) return;
  }
  BOOST_CHECK(problem.values() != start);
  BOOST_CHECK(!problem.unused.grad().defined());
  BOOST_CHECK(problem.unused.to_vector<double>() == (std::vector<double>{1.0, -2.0}));
}

/// Checks the resume contract: 10 steps, a learning-rate change (as a scheduler makes),
/// named_state() into a fresh optimizer over the same parameters, 10 more steps, is bit-for-bit
/// the same as 20 uninterrupted steps. When the optimizer keeps state, also checks that a fresh
/// optimizer (state not loaded) would end elsewhere, so the test cannot pass by ignoring state.
inline void check_resume_is_exact(const std::function<std::unique_ptr<tg::optim::Optimizer>(Problem&)>& make,
                                  bool has_state = true) {
  const auto halve_lr = [](tg::optim::Optimizer& opt) {
    auto& options = opt.param_groups()[0].options();
    options.set_lr(options.get_lr() * 0.5);
  };

  Problem reference;
  auto straight = make(reference);
  for (int k = 0; k < 10; ++k) reference.train_step(*straight);
  halve_lr(*straight);
  for (int k = 0; k < 10; ++k) reference.train_step(*straight);

  Problem resumed;
  auto first = make(resumed);
  for (int k = 0; k < 10; ++k) resumed.train_step(*first);
  halve_lr(*first);
  const double lr_at_save = first->param_groups()[0].options().get_lr();
  const auto state = first->named_state();
  first.reset();

  Problem restarted;
  restarted.W = resumed.W.detach().clone().requires_grad_();
  restarted.b = resumed.b.detach().clone().requires_grad_();
  BOOST_REQUIRE(restarted.values() == resumed.values());
  auto without_state = make(restarted);
  without_state->param_groups()[0].options().set_lr(lr_at_save);

  auto second = make(resumed);
  BOOST_CHECK_NE(second->param_groups()[0].options().get_lr(), lr_at_save);
  second->load_named_state(state);
  BOOST_CHECK_EQUAL(second->param_groups()[0].options().get_lr(), lr_at_save);
  for (int k = 0; k < 10; ++k) {
    resumed.train_step(*second);
    restarted.train_step(*without_state);
  }
  BOOST_CHECK(resumed.values() == reference.values());
  if (has_state) BOOST_CHECK(restarted.values() != reference.values());
}

}  // namespace optim_test
