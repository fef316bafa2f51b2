#pragma once
/// tapegrad::nn::Flatten, as torch::nn::Flatten.
#include <cstdint>
#include <string>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/nn/arg.hpp>
#include <tapegrad/nn/cloneable.hpp>
#include <tapegrad/nn/pimpl.hpp>

namespace tapegrad::nn {

/// Options of Flatten: `FlattenOptions().start_dim(0)`.
struct FlattenOptions {
  TG_ARG(std::int64_t, start_dim) = 1;
  TG_ARG(std::int64_t, end_dim) = -1;
};

/// Merges dimensions start_dim..end_dim into one; the defaults keep the batch dimension:
/// [N, 1, 28, 28] -> [N, 784].
class FlattenImpl : public Cloneable<FlattenImpl> {
 public:
  explicit FlattenImpl(const FlattenOptions& options_ = {}) : options(options_) {}
  /// tapegrad extension: `Flatten(start_dim, end_dim)`.
  explicit FlattenImpl(std::int64_t start_dim, std::int64_t end_dim = -1)
      : options(FlattenOptions().start_dim(start_dim).end_dim(end_dim)) {}
  void reset() override {}
  Tensor forward(const Tensor& input);
  std::string extra_repr() const override;  ///< "start_dim=1, end_dim=-1"
  FlattenOptions options;
};
TG_MODULE(Flatten);

}  // namespace tapegrad::nn
