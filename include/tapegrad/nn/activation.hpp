#pragma once
/// Activation layers, as torch::nn::ReLU etc.: modules without parameters whose forward is the
/// functional form of the same name (tg::nn::functional), for use in Sequential.
///
///     tg::nn::Sequential mlp(std::make_shared<tg::nn::Linear>(2, 8), std::make_shared<tg::nn::ReLU>(),
///                            std::make_shared<tg::nn::Linear>(8, 1));
#include <cstdint>
#include <string>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/nn/module.hpp>

namespace tapegrad::nn {

/// max(x, 0).
class ReLU : public Module {
 public:
  Tensor forward(const Tensor& input) override;
};

/// 1 / (1 + e^-x).
class Sigmoid : public Module {
 public:
  Tensor forward(const Tensor& input) override;
};

/// tanh(x).
class Tanh : public Module {
 public:
  Tensor forward(const Tensor& input) override;
};

/// x for x >= 0, negative_slope * x otherwise.
class LeakyReLU : public Module {
 public:
  explicit LeakyReLU(double negative_slope = 0.01);
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override;                   ///< "negative_slope=0.01"
  double negative_slope() const { return negative_slope_; }  ///< as constructed

 private:
  double negative_slope_;
};

/// log(1 + e^(beta x)) / beta, linear where beta x > threshold. beta must be non-zero.
class Softplus : public Module {
 public:
  explicit Softplus(double beta = 1.0, double threshold = 20.0);
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override;  ///< "beta=1, threshold=20"

 private:
  double beta_;
  double threshold_;
};

/// e^x_i / sum_j e^x_j along `dim` (required, as in LibTorch's SoftmaxOptions).
class Softmax : public Module {
 public:
  explicit Softmax(std::int64_t dim);
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override;  ///< "dim=1"

 private:
  std::int64_t dim_;
};

/// x_i - log(sum_j e^x_j) along `dim`.
class LogSoftmax : public Module {
 public:
  explicit LogSoftmax(std::int64_t dim);
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override;  ///< "dim=1"

 private:
  std::int64_t dim_;
};

}  // namespace tapegrad::nn
