#pragma once
/// Activation layers, as torch::nn::ReLU etc.: modules without parameters whose forward is the
/// functional form of the same name (tg::nn::functional), with LibTorch's options classes.
///
///     tg::nn::Sequential mlp(tg::nn::Linear(2, 8), tg::nn::LeakyReLU(tg::nn::LeakyReLUOptions().negative_slope(0.2)),
///                            tg::nn::Linear(8, 1));
#include <cstdint>
#include <string>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/nn/arg.hpp>
#include <tapegrad/nn/cloneable.hpp>
#include <tapegrad/nn/pimpl.hpp>

namespace tapegrad::nn {

/// Options of ReLU (and F::relu). tapegrad has no in-place relu: `inplace(true)` computes the
/// same values out of place (the result is what LibTorch returns; the input is left unchanged).
struct ReLUOptions {
  /* implicit */ ReLUOptions(bool inplace = false) : inplace_(inplace) {}  // NOLINT
  TG_ARG(bool, inplace);
};

/// max(x, 0).
class ReLUImpl : public Cloneable<ReLUImpl> {
 public:
  explicit ReLUImpl(const ReLUOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  Tensor forward(const Tensor& input);
  ReLUOptions options;
};
TG_MODULE(ReLU);

/// 1 / (1 + e^-x).
class SigmoidImpl : public Cloneable<SigmoidImpl> {
 public:
  void reset() override {}
  Tensor forward(const Tensor& input);
};
TG_MODULE(Sigmoid);

/// tanh(x).
class TanhImpl : public Cloneable<TanhImpl> {
 public:
  void reset() override {}
  Tensor forward(const Tensor& input);
};
TG_MODULE(Tanh);

/// Options of LeakyReLU: `LeakyReLUOptions().negative_slope(0.2)`.
struct LeakyReLUOptions {
  TG_ARG(double, negative_slope) = 1e-2;
  TG_ARG(bool, inplace) = false;  ///< as ReLUOptions::inplace
};

/// x for x >= 0, negative_slope * x otherwise.
class LeakyReLUImpl : public Cloneable<LeakyReLUImpl> {
 public:
  explicit LeakyReLUImpl(const LeakyReLUOptions& options_ = {}) : options(options_) {}
  /// tapegrad extension: `LeakyReLU(0.2)`.
  explicit LeakyReLUImpl(double negative_slope) : options(LeakyReLUOptions().negative_slope(negative_slope)) {}
  void reset() override {}
  Tensor forward(const Tensor& input);
  std::string extra_repr() const override;  ///< "negative_slope=0.01"
  double negative_slope() const { return options.negative_slope(); }
  LeakyReLUOptions options;
};
TG_MODULE(LeakyReLU);

/// Options of Softplus: `SoftplusOptions().beta(2).threshold(10)`; beta must be non-zero.
struct SoftplusOptions {
  TG_ARG(double, beta) = 1.0;
  TG_ARG(double, threshold) = 20.0;
};

/// log(1 + e^(beta x)) / beta, linear where beta x > threshold.
class SoftplusImpl : public Cloneable<SoftplusImpl> {
 public:
  explicit SoftplusImpl(const SoftplusOptions& options_ = {});
  /// tapegrad extension: `Softplus(beta, threshold)`.
  SoftplusImpl(double beta, double threshold = 20.0)
      : SoftplusImpl(SoftplusOptions().beta(beta).threshold(threshold)) {}
  void reset() override;
  Tensor forward(const Tensor& input);
  std::string extra_repr() const override;  ///< "beta=1, threshold=20"
  SoftplusOptions options;
};
TG_MODULE(Softplus);

/// Options of Softmax and LogSoftmax: the dim (required, as in LibTorch).
struct SoftmaxOptions {
  /* implicit */ SoftmaxOptions(std::int64_t dim) : dim_(dim) {}  // NOLINT
  TG_ARG(std::int64_t, dim);
};
using LogSoftmaxOptions = SoftmaxOptions;

/// e^x_i / sum_j e^x_j along `dim`.
class SoftmaxImpl : public Cloneable<SoftmaxImpl> {
 public:
  explicit SoftmaxImpl(const SoftmaxOptions& options_) : options(options_) {}
  explicit SoftmaxImpl(std::int64_t dim) : options(dim) {}
  void reset() override {}
  Tensor forward(const Tensor& input);
  std::string extra_repr() const override;  ///< "dim=1"
  SoftmaxOptions options;
};
TG_MODULE(Softmax);

/// x_i - log(sum_j e^x_j) along `dim`.
class LogSoftmaxImpl : public Cloneable<LogSoftmaxImpl> {
 public:
  explicit LogSoftmaxImpl(const LogSoftmaxOptions& options_) : options(options_) {}
  explicit LogSoftmaxImpl(std::int64_t dim) : options(dim) {}
  void reset() override {}
  Tensor forward(const Tensor& input);
  std::string extra_repr() const override;  ///< "dim=1"
  LogSoftmaxOptions options;
};
TG_MODULE(LogSoftmax);

}  // namespace tapegrad::nn
