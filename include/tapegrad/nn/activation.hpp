#pragma once
/// Activation layers, as torch::nn::ReLU etc.: modules without parameters whose forward is the
/// functional form of the same name (tg::nn::functional), with LibTorch's options classes.
///
///     tg::nn::Sequential mlp(tg::nn::Linear(2, 8), tg::nn::LeakyReLU(tg::nn::LeakyReLUOptions().negative_slope(0.2)),
///                            tg::nn::Linear(8, 1));
#include <cstdint>
#include <string>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/nn/activation_options.hpp>
#include <tapegrad/nn/arg.hpp>
#include <tapegrad/nn/cloneable.hpp>
#include <tapegrad/nn/pimpl.hpp>

namespace tapegrad::nn {

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

/// Declares a parameterless activation layer NameImpl (and its holder Name) whose forward is
/// the functional form of the same name (lower case).
#define TG_PLAIN_ACTIVATION(Name)                   \
  class Name##Impl : public Cloneable<Name##Impl> { \
   public:                                          \
    void reset() override {}                        \
    Tensor forward(const Tensor& input);            \
  };                                                \
  TG_MODULE(Name)

TG_PLAIN_ACTIVATION(SiLU);         ///< x sigmoid(x)
TG_PLAIN_ACTIVATION(Mish);         ///< x tanh(softplus(x))
TG_PLAIN_ACTIVATION(LogSigmoid);   ///< log(sigmoid(x)), without overflow
TG_PLAIN_ACTIVATION(Hardsigmoid);  ///< relu6(x + 3) / 6 (tapegrad extension: PyTorch's, not in LibTorch 1.13)
TG_PLAIN_ACTIVATION(Hardswish);    ///< x relu6(x + 3) / 6 (tapegrad extension: PyTorch's, not in LibTorch 1.13)
TG_PLAIN_ACTIVATION(Softsign);     ///< x / (1 + |x|)
TG_PLAIN_ACTIVATION(Tanhshrink);   ///< x - tanh(x)
#undef TG_PLAIN_ACTIVATION

/// Declares an activation layer NameImpl configured by `Options` (and its holder Name).
#define TG_OPTIONS_ACTIVATION(Name, Options)                                           \
  class Name##Impl : public Cloneable<Name##Impl> {                                    \
   public:                                                                             \
    explicit Name##Impl(const Options& options_ = {}) : options(options_) { reset(); } \
    void reset() override;                                                             \
    Tensor forward(const Tensor& input);                                               \
    std::string extra_repr() const override;                                           \
    Options options;                                                                   \
  };                                                                                   \
  TG_MODULE(Name)

TG_OPTIONS_ACTIVATION(ELU, ELUOptions);            ///< x for x > 0, alpha (e^x - 1) otherwise
TG_OPTIONS_ACTIVATION(SELU, SELUOptions);          ///< scale elu(x, alpha) with the self-normalising constants
TG_OPTIONS_ACTIVATION(CELU, CELUOptions);          ///< max(0, x) + min(0, alpha (e^(x / alpha) - 1))
TG_OPTIONS_ACTIVATION(GELU, GELUOptions);          ///< x Phi(x), or its tanh approximation
TG_OPTIONS_ACTIVATION(Hardtanh, HardtanhOptions);  ///< clamp(x, min_val, max_val)
TG_OPTIONS_ACTIVATION(ReLU6, ReLU6Options);        ///< min(max(x, 0), 6)
TG_OPTIONS_ACTIVATION(GLU, GLUOptions);            ///< a sigmoid(b), a and b the halves of the input along dim
#undef TG_OPTIONS_ACTIVATION

/// e^-x_i / sum_j e^-x_j along `dim`: `Softmin(1)`.
class SoftminImpl : public Cloneable<SoftminImpl> {
 public:
  explicit SoftminImpl(const SoftminOptions& options_) : options(options_) {}
  explicit SoftminImpl(std::int64_t dim) : options(dim) {}
  void reset() override {}
  Tensor forward(const Tensor& input);
  std::string extra_repr() const override;  ///< "dim=1"
  SoftminOptions options;
};
TG_MODULE(Softmin);

}  // namespace tapegrad::nn
