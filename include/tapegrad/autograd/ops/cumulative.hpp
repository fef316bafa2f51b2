#pragma once
/// Running reductions along a dimension, as torch's cumsum, cumprod, cummax, cummin and
/// logcumsumexp. A 0-d tensor takes dim 0 or -1. cummax and cummin take integer and bool tensors
/// too (values in their dtype, indices int64).
#include <cstdint>
#include <tuple>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

/// out[i] = x[0] + ... + x[i] along `dim`. Gradient: the reversed running sum of g. Integer and
/// bool tensors sum exactly into int64, as torch.
Tensor cumsum(const Tensor& x, std::int64_t dim);
/// out[i] = x[0] * ... * x[i] along `dim`; the gradient is right at zeros too. Integer and bool
/// tensors multiply exactly into int64, wrapping modulo 2^64 on overflow, as torch (no gradient).
Tensor cumprod(const Tensor& x, std::int64_t dim);
/// With `dtype`, as LibTorch's dtype argument: x cast to it first, the running product computed
/// in it (`cumprod(x, 0, tg::kInt8)` wraps modulo 2^8).
Tensor cumprod(const Tensor& x, std::int64_t dim, Dtype dtype);
/// (running maximum, index of the element it came from); of equal values the later one wins, as
/// torch. The gradient goes to that element.
std::tuple<Tensor, Tensor> cummax(const Tensor& x, std::int64_t dim);
std::tuple<Tensor, Tensor> cummin(const Tensor& x, std::int64_t dim);
/// log(exp(x[0]) + ... + exp(x[i])) along `dim`, computed relative to the maximum.
Tensor logcumsumexp(const Tensor& x, std::int64_t dim);

}  // namespace tapegrad
