#pragma once
/// Sorting and order statistics, as torch's: sort, argsort, topk, kthvalue, median. Values are
/// gathered at the returned indices, so gradients go to the elements they came from. NaN sorts
/// above every number, as in torch. Integer and bool tensors sort natively (values in their
/// dtype, indices int64).
#include <cstdint>
#include <tuple>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

/// (values, indices) sorted along `dim`, ascending unless `descending`; stable (equal values keep
/// their order).
std::tuple<Tensor, Tensor> sort(const Tensor& x, std::int64_t dim = -1, bool descending = false);
/// The indices of sort.
Tensor argsort(const Tensor& x, std::int64_t dim = -1, bool descending = false);
/// The k largest (or smallest) values along `dim` and their indices, in sorted order.
std::tuple<Tensor, Tensor> topk(const Tensor& x, std::int64_t k, std::int64_t dim = -1, bool largest = true,
                                bool sorted = true);
/// The k-th smallest value along `dim` (k counts from 1) and its index.
std::tuple<Tensor, Tensor> kthvalue(const Tensor& x, std::int64_t k, std::int64_t dim = -1, bool keepdim = false);
/// The lower median of all elements (element (n - 1) / 2 in sorted order), 0-d.
Tensor median(const Tensor& x);
/// The lower median along `dim` and its index.
std::tuple<Tensor, Tensor> median(const Tensor& x, std::int64_t dim, bool keepdim = false);

}  // namespace tapegrad
