#pragma once
/// The options of the activation layers and of their functional forms, as LibTorch's
/// torch::nn::ELUOptions / torch::nn::functional::ELUFuncOptions (the same class, as there):
///
///     tg::nn::ELU elu(tg::nn::ELUOptions().alpha(0.5));
///     tg::Tensor y = F::gelu(x, F::GELUFuncOptions().approximate("tanh"));
/// `inplace(true)` is accepted everywhere and computes the same values out of place.
#include <cstdint>
#include <optional>
#include <string>

#include <tapegrad/autograd/dtype.hpp>
#include <tapegrad/nn/arg.hpp>

namespace tapegrad::nn {

/// Options of ReLU (and F::relu).
struct ReLUOptions {
  /* implicit */ ReLUOptions(bool inplace = false) : inplace_(inplace) {}  // NOLINT
  TG_ARG(bool, inplace);
};

/// Options of ReLU6 (and F::relu6).
struct ReLU6Options {
  /* implicit */ ReLU6Options(bool inplace = false) : inplace_(inplace) {}  // NOLINT
  TG_ARG(bool, inplace);
};

/// Options of SELU (and F::selu).
struct SELUOptions {
  /* implicit */ SELUOptions(bool inplace = false) : inplace_(inplace) {}  // NOLINT
  TG_ARG(bool, inplace);
};

/// `LeakyReLUOptions().negative_slope(0.2)`.
struct LeakyReLUOptions {
  TG_ARG(double, negative_slope) = 1e-2;
  TG_ARG(bool, inplace) = false;
};

/// `ELUOptions().alpha(0.5)`: x for x > 0, alpha (e^x - 1) otherwise.
struct ELUOptions {
  TG_ARG(double, alpha) = 1.0;
  TG_ARG(bool, inplace) = false;
};

/// `CELUOptions().alpha(0.5)`: max(0, x) + min(0, alpha (e^(x / alpha) - 1)); alpha must be non-zero.
struct CELUOptions {
  TG_ARG(double, alpha) = 1.0;
  TG_ARG(bool, inplace) = false;
};

/// `GELUOptions().approximate("tanh")`: "none" (the erf form) or "tanh".
struct GELUOptions {
  TG_ARG(std::string, approximate) = "none";
};

/// `HardtanhOptions().min_val(-2).max_val(2)`: x clamped to [min_val, max_val].
struct HardtanhOptions {
  TG_ARG(double, min_val) = -1.0;
  TG_ARG(double, max_val) = 1.0;
  TG_ARG(bool, inplace) = false;
};

/// Options of Softplus: `SoftplusOptions().beta(2).threshold(10)`; beta must be non-zero.
struct SoftplusOptions {
  TG_ARG(double, beta) = 1.0;
  TG_ARG(double, threshold) = 20.0;
};

/// Options of Softmax, LogSoftmax and Softmin: the dim (required, as in LibTorch).
struct SoftmaxOptions {
  /* implicit */ SoftmaxOptions(std::int64_t dim) : dim_(dim) {}  // NOLINT
  TG_ARG(std::int64_t, dim);
};
using LogSoftmaxOptions = SoftmaxOptions;
using SoftminOptions = SoftmaxOptions;

/// Options of GLU: the dim split in halves (the last by default).
struct GLUOptions {
  /* implicit */ GLUOptions(std::int64_t dim = -1) : dim_(dim) {}  // NOLINT
  TG_ARG(std::int64_t, dim);
};

/// Options of CosineSimilarity (and F::cosine_similarity): `CosineSimilarityOptions().dim(0).eps(1e-6)`.
struct CosineSimilarityOptions {
  TG_ARG(std::int64_t, dim) = 1;
  TG_ARG(double, eps) = 1e-8;
};

namespace functional {

using ReLUFuncOptions = ReLUOptions;
using ReLU6FuncOptions = ReLU6Options;
using SELUFuncOptions = SELUOptions;
using LeakyReLUFuncOptions = LeakyReLUOptions;
using ELUFuncOptions = ELUOptions;
using CELUFuncOptions = CELUOptions;
using GELUFuncOptions = GELUOptions;
using HardtanhFuncOptions = HardtanhOptions;
using SoftplusFuncOptions = SoftplusOptions;
using GLUFuncOptions = GLUOptions;
using CosineSimilarityFuncOptions = CosineSimilarityOptions;

/// F::softmax's options: the dim, and the dtype the input is cast to first (optional).
struct SoftmaxFuncOptions {
  /* implicit */ SoftmaxFuncOptions(std::int64_t dim) : dim_(dim) {}  // NOLINT
  TG_ARG(std::int64_t, dim);
  TG_ARG(std::optional<Dtype>, dtype) = std::nullopt;
};
using LogSoftmaxFuncOptions = SoftmaxFuncOptions;
using SoftminFuncOptions = SoftmaxFuncOptions;

/// F::dropout's options: `DropoutFuncOptions().p(0.2).training(is_training())`.
struct DropoutFuncOptions {
  TG_ARG(double, p) = 0.5;
  TG_ARG(bool, training) = true;
  TG_ARG(bool, inplace) = false;
};

/// F::normalize's options: x / max(||x||_p, eps) along dim.
struct NormalizeFuncOptions {
  TG_ARG(double, p) = 2.0;
  TG_ARG(std::int64_t, dim) = 1;
  TG_ARG(double, eps) = 1e-12;
};

}  // namespace functional

}  // namespace tapegrad::nn
