#pragma once
/// tapegrad::nn::Linear: y = x W^T + b, as torch::nn::Linear.
#include <cstdint>
#include <string>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/nn/module.hpp>

namespace tapegrad::nn {

/// A fully connected layer with weight [out_features, in_features] and bias [out_features],
/// initialised as PyTorch does: both U(-1/sqrt(in_features), 1/sqrt(in_features)) (that is
/// kaiming_uniform_ with a = sqrt(5) on the weight), from tg's seeded generator.
///
///     auto fc = std::make_shared<tg::nn::Linear>(2, 8);
///     tg::Tensor y = fc->forward(tg::randn({4, 2}));  // [4, 8]
class Linear : public Module {
 public:
  /// `options` sets the parameters' dtype: `Linear(2, 8, true, tg::kFloat64)` (as the
  /// `dtype=` argument of torch.nn.Linear). Feature counts must be positive.
  Linear(std::int64_t in_features, std::int64_t out_features, bool bias = true, TensorOptions options = {});

  /// x W^T + b for x of shape [in], [N, in] or [..., in]; the output ends in out_features.
  Tensor forward(const Tensor& input) override;
  /// Draws weight and bias again from PyTorch's default distribution.
  void reset_parameters();

  /// "in_features=2, out_features=8, bias=true"
  std::string extra_repr() const override;

  std::int64_t in_features() const { return in_features_; }    ///< as constructed
  std::int64_t out_features() const { return out_features_; }  ///< as constructed
  bool has_bias() const { return bias.defined(); }             ///< false for bias = false

  /// [out_features, in_features]; shared with the registered parameter "weight".
  Tensor weight;
  /// [out_features], or undefined when constructed with bias = false.
  Tensor bias;

 private:
  std::int64_t in_features_;
  std::int64_t out_features_;
};

}  // namespace tapegrad::nn
