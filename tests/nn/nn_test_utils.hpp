#pragma once
// Helpers shared by the tests/nn binaries: moments of random tensors. Error and closeness
// checks and the fixture loader come from support/test_support.hpp.
#include <boost/test/unit_test.hpp>

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

}  // namespace nn_test
