#pragma once
/// Reductions over a list of dimensions at once (`tg::sum(x, {0, 2}, true)`), var/std with
/// PyTorch's `correction`, amax/amin, norm, prod and the logical reductions. An empty list
/// means every dimension, as in LibTorch; a 0-d tensor accepts dim 0 and -1.
///
///     tg::Tensor x = tg::randn({2, 3, 4});
///     tg::Tensor s = tg::sum(x, {0, 2});            // shape [3]
///     tg::Tensor v = tg::var(x, {{1}}, std::optional<std::int64_t>(2), true);  // shape [2, 1, 4]
///
/// As in LibTorch, a plain integer third argument picks the `unbiased` overload (`var(x, {1}, 2)`
/// means unbiased): spell a correction as std::optional<std::int64_t>.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

/// Sum over every dim in `dims` (an empty list: all of them).
Tensor sum(const Tensor& x, const std::vector<std::int64_t>& dims, bool keepdim = false);
/// Mean over `dims`; NaN where a reduced slice is empty, as torch.
Tensor mean(const Tensor& x, const std::vector<std::int64_t>& dims, bool keepdim = false);
/// The same computed in `dtype` (floating): what an integer tensor needs, as LibTorch's dtype argument.
Tensor mean(const Tensor& x, const std::vector<std::int64_t>& dims, bool keepdim, Dtype dtype);

/// Variance over `dims` dividing by max(0, N - correction) (N elements per slice), as
/// torch.var(x, dim, correction=c): NaN (or inf) when N <= correction, never an exception.
/// `dims` std::nullopt reduces every dimension; `correction` std::nullopt means 1.
Tensor var(const Tensor& x, std::optional<std::vector<std::int64_t>> dims, std::optional<std::int64_t> correction,
           bool keepdim = false);
/// Variance over `dims`, unbiased (correction 1) or not (correction 0).
Tensor var(const Tensor& x, const std::vector<std::int64_t>& dims, bool unbiased = true, bool keepdim = false);
/// Standard deviation: sqrt of var with the same arguments.
Tensor std(const Tensor& x, bool unbiased = true);
Tensor std(const Tensor& x, std::int64_t dim, bool unbiased = true, bool keepdim = false);
/// `tg::std(x, 1)` means the dim, as for var.
Tensor std(const Tensor& x, int dim, bool unbiased = true, bool keepdim = false);
Tensor std(const Tensor& x, const std::vector<std::int64_t>& dims, bool unbiased = true, bool keepdim = false);
Tensor std(const Tensor& x, std::optional<std::vector<std::int64_t>> dims, std::optional<std::int64_t> correction,
           bool keepdim = false);

/// Largest value over `dims` (all when empty). Ties share the gradient equally, as torch.amax.
/// Throws when a reduced dimension has size 0, as torch.
Tensor amax(const Tensor& x, const std::vector<std::int64_t>& dims = {}, bool keepdim = false);
Tensor amin(const Tensor& x, const std::vector<std::int64_t>& dims = {}, bool keepdim = false);
/// log(sum(exp(x))) over `dims`, relative to the maximum; -inf over an empty slice.
Tensor logsumexp(const Tensor& x, const std::vector<std::int64_t>& dims, bool keepdim = false);

/// Vector p-norm of all elements: (sum |x|^p)^(1/p); p may be 1, 2, any positive value, 0
/// (count of non-zeros) or +-INFINITY (max / min of |x|). The gradient of the 2-norm at a zero
/// vector is 0, as torch.
Tensor norm(const Tensor& x, double p = 2.0);
/// p-norm over `dims` (an empty list: all of them).
Tensor norm(const Tensor& x, double p, const std::vector<std::int64_t>& dims, bool keepdim = false);
/// `norm(x, "fro", dims)`: the Frobenius norm, the 2-norm over `dims`.
Tensor norm(const Tensor& x, const std::string& p, const std::vector<std::int64_t>& dims = {}, bool keepdim = false);

/// Product of all elements (1 for an empty tensor). The gradient is right at zeros too. Integer
/// and bool tensors multiply exactly into int64, wrapping modulo 2^64 on overflow, as torch
/// (`prod(tensor({1 << 32, 1 << 32}))` is 0); they take no gradient.
Tensor prod(const Tensor& x);
Tensor prod(const Tensor& x, std::int64_t dim, bool keepdim = false);
/// With `dtype`, as LibTorch's dtype argument: x is cast to it first and the product computed in
/// it (`prod(int32_x, tg::kInt32)` wraps modulo 2^32; `prod(x, tg::kFloat64)` is differentiable).
Tensor prod(const Tensor& x, Dtype dtype);
Tensor prod(const Tensor& x, std::int64_t dim, bool keepdim, Dtype dtype);

/// 1 when every element is non-zero (NaN counts as non-zero), else 0; true for an empty tensor.
/// The result's dtype is kInt64 for now (torch gives bool); no gradient.
Tensor all(const Tensor& x);
Tensor all(const Tensor& x, std::int64_t dim, bool keepdim = false);
/// 1 when some element is non-zero, else 0; false for an empty tensor. kInt64 for now.
Tensor any(const Tensor& x);
Tensor any(const Tensor& x, std::int64_t dim, bool keepdim = false);
/// How many elements are non-zero, over `dims` (all when empty), as Int64.
Tensor count_nonzero(const Tensor& x, const std::vector<std::int64_t>& dims = {});
Tensor count_nonzero(const Tensor& x, std::int64_t dim);

}  // namespace tapegrad
