#pragma once
// Helpers shared by the tests/nn binaries: moments of random tensors, and the check of a loss
// or activation against a PyTorch fixture. Error and closeness checks and the fixture loader
// come from support/test_support.hpp.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <tapegrad/tapegrad.hpp>

#include "support/test_support.hpp"

namespace nn_test {

namespace tg = tapegrad;

/// Sample mean and (population) variance of every element.
inline std::pair<double, double> mean_and_variance(const tg::Tensor& t) {
  const auto v = t.to_vector<double>();
  double mean = 0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  double var = 0;
  for (double x : v) var += (x - mean) * (x - mean);
  return {mean, var / static_cast<double>(v.size())};
}

/// The reductions the loss fixtures are generated for, by the names their files use.
inline const std::vector<std::pair<std::string, tg::nn::Reduction>> kReductions{
    {"none", tg::nn::Reduction::None}, {"mean", tg::nn::Reduction::Mean}, {"sum", tg::nn::Reduction::Sum}};

/// Runs `fn` on the input of fixture nn/<name>, compares its result with the fixture's `value`
/// array ("loss" or "output") to `tolerance`, back-propagates the fixture's grad_out and
/// compares d/d(input) too (unless `check_grad` is false; a non-finite gradient fails anyway).
inline void check_against_fixture(const std::string& name,
                                  const std::function<tg::Tensor(const tg::Tensor&, const tg_test::Fixture&)>& fn,
                                  const std::string& value, double tolerance, bool check_grad = true) {
  BOOST_TEST_CONTEXT("fixture " << name) {
    const tg_test::Fixture f = tg_test::load_fixture("nn/" + name);
    tg::Tensor input = f.at("input").detach().requires_grad_();
    tg::Tensor out = fn(input, f);
    tg_test::check_close(out, f.at(value), tolerance, tolerance, name + " " + value);
    out.backward(f.at("grad_out"));
    BOOST_REQUIRE(input.grad().defined());
    for (double g : input.grad().to_vector<double>())
      BOOST_CHECK_MESSAGE(std::isfinite(g), name << ": gradient " << g << " is not finite");
    if (check_grad) tg_test::check_close(input.grad(), f.at("input_grad"), tolerance, tolerance, name + " input grad");
  }
}

}  // namespace nn_test
