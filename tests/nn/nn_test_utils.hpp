#pragma once
// Helpers shared by the tests/nn binaries: PyTorch fixtures and moments of random tensors.
// Error and closeness checks come from support/test_support.hpp.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <tapegrad/tapegrad.hpp>

#include "support/test_support.hpp"

namespace nn_test {

namespace tg = tapegrad;

/// Reads tests/fixtures/nn/<name>.txt (format: scripts/fixtures/gen_nn_fixtures.py).
inline std::map<std::string, tg::Tensor> load_fixture(const std::string& name) {
  const std::string path = std::string(TAPEGRAD_FIXTURES_DIR) + "/nn/" + name + ".txt";
  std::ifstream in(path);
  BOOST_REQUIRE_MESSAGE(in.good(), "cannot open fixture " << path);
  std::map<std::string, tg::Tensor> tensors;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream header(line);
    std::string keyword, tensor_name, dtype;
    std::int64_t ndim = 0;
    header >> keyword >> tensor_name >> dtype >> ndim;
    BOOST_REQUIRE_MESSAGE(keyword == "tensor", "bad fixture line in " << path << ": " << line);
    tg::Shape shape(static_cast<std::size_t>(ndim));
    std::int64_t numel = 1;
    for (auto& size : shape) {
      header >> size;
      numel *= size;
    }
    std::vector<double> values(static_cast<std::size_t>(numel));
    for (auto& v : values) {
      BOOST_REQUIRE(std::getline(in, line));
      v = std::stod(line);
    }
    if (dtype == "int64") {
      std::vector<std::int64_t> ints(values.begin(), values.end());
      tensors[tensor_name] = tg::tensor(ints).reshape(shape);
    } else {
      tensors[tensor_name] = tg::from_vector(values, shape, tg::kFloat64);
    }
  }
  BOOST_REQUIRE_MESSAGE(!tensors.empty(), "empty fixture " << path);
  return tensors;
}

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
