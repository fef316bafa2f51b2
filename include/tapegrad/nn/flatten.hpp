#pragma once
/// tapegrad::nn::Flatten, as torch::nn::Flatten.
#include <cstdint>
#include <string>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/nn/module.hpp>

namespace tapegrad::nn {

/// Merges dimensions start_dim..end_dim into one; the defaults keep the batch dimension:
/// [N, 1, 28, 28] -> [N, 784].
class Flatten : public Module {
 public:
  explicit Flatten(std::int64_t start_dim = 1, std::int64_t end_dim = -1);
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override;  ///< "start_dim=1, end_dim=-1"

 private:
  std::int64_t start_dim_;
  std::int64_t end_dim_;
};

}  // namespace tapegrad::nn
