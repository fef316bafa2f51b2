#pragma once
/// tapegrad::nn::Linear: y = x W^T + b, as torch::nn::Linear.
#include <cstdint>
#include <string>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/nn/arg.hpp>
#include <tapegrad/nn/cloneable.hpp>
#include <tapegrad/nn/pimpl.hpp>

namespace tapegrad::nn {

/// Options of Linear: `LinearOptions(2, 8).bias(false)`.
struct LinearOptions {
  LinearOptions(std::int64_t in_features, std::int64_t out_features)
      : in_features_(in_features), out_features_(out_features) {}
  TG_ARG(std::int64_t, in_features);   ///< size of each input's last dimension
  TG_ARG(std::int64_t, out_features);  ///< size of each output's last dimension
  TG_ARG(bool, bias) = true;           ///< whether to learn an additive bias
};

/// A fully connected layer with weight [out_features, in_features] and bias [out_features],
/// initialised as PyTorch does: both U(-1/sqrt(in_features), 1/sqrt(in_features)) (that is
/// kaiming_uniform_ with a = sqrt(5) on the weight), from tg's seeded generator.
///
///     tg::nn::Linear fc(2, 8);                                  // or LinearOptions(2, 8).bias(false)
///     tg::Tensor y = fc(tg::randn({4, 2}));                     // [4, 8]
class LinearImpl : public Cloneable<LinearImpl> {
 public:
  LinearImpl(std::int64_t in_features, std::int64_t out_features)
      : LinearImpl(LinearOptions(in_features, out_features)) {}
  explicit LinearImpl(const LinearOptions& options);
  /// tapegrad extension: `dtype` sets the parameters' dtype, `Linear(2, 8, true, tg::kFloat64)`
  /// (as the `dtype=` argument of torch.nn.Linear). Feature counts must be positive.
  LinearImpl(std::int64_t in_features, std::int64_t out_features, bool bias, TensorOptions dtype = {});

  /// Creates weight and bias (and draws them).
  void reset() override;
  /// Draws weight and bias again from PyTorch's default distribution.
  void reset_parameters();
  /// x W^T + b for x of shape [in], [N, in] or [..., in]; the output ends in out_features.
  Tensor forward(const Tensor& input);

  /// "in_features=2, out_features=8, bias=true"
  std::string extra_repr() const override;

  std::int64_t in_features() const { return options.in_features(); }    ///< as constructed
  std::int64_t out_features() const { return options.out_features(); }  ///< as constructed
  bool has_bias() const { return bias.defined(); }                      ///< false for bias(false)

  /// The options the layer was built with.
  LinearOptions options;
  /// [out_features, in_features]; shared with the registered parameter "weight".
  Tensor weight;
  /// [out_features], or undefined when constructed with bias(false).
  Tensor bias;

 private:
  Dtype dtype_ = kFloat32;
};

/// A shared handle to a LinearImpl (ModuleHolder).
TG_MODULE(Linear);

}  // namespace tapegrad::nn
