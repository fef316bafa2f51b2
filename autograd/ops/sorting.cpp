// Sorting: one kernel computes the sorting permutation (indices, no gradient); the values are
// gather()ed at it, so their gradient (scatter_add) and its own gradient come from gather.
#include <tapegrad/autograd/ops/sorting.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <type_traits>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/function.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/indexing.hpp>
#include <tapegrad/autograd/ops/shape.hpp>
#include "dim_utils.hpp"
#include "kernel_utils.hpp"

namespace tapegrad {

namespace {

// The stable sorting permutation of every slice along `axis` of a dense tensor (NaN greatest).
Tensor sort_indices(const Tensor& x, std::size_t axis, bool descending) {
  Tensor xd = detail::dense(x.detach());
  const auto& impl = *xd.impl();
  detail::AxisLayout l = detail::axis_layout(impl.shape, axis);
  Tensor out = detail::empty(impl.shape, kInt64);
  auto* o = out.impl()->data<std::int64_t>();
  detail::dispatch_all(impl.dtype, [&](auto tag) {  // integers and bools sort natively, as torch
    using T = decltype(tag);
    const T* in = impl.data<T>();
    std::vector<std::size_t> order(l.n);
    for (std::size_t a = 0; a < l.outer; ++a)
      for (std::size_t c = 0; c < l.inner; ++c) {
        auto at = [&](std::size_t k) { return in[(a * l.n + k) * l.inner + c]; };
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
          T u = at(i), v = at(j);
          bool less = detail::is_nan(v) ? !detail::is_nan(u) : u < v;  // NaN above everything
          bool greater = detail::is_nan(u) ? !detail::is_nan(v) : u > v;
          return descending ? greater : less;
        });
        for (std::size_t k = 0; k < l.n; ++k) o[(a * l.n + k) * l.inner + c] = static_cast<std::int64_t>(order[k]);
      }
    return 0;
  });
  return out;
}

}  // namespace

std::tuple<Tensor, Tensor> sort(const Tensor& x, std::int64_t dim, bool descending) {
  detail::checked(x, "sort");
  std::size_t d = detail::wrap_dim(dim, static_cast<std::size_t>(x.dim()), "sort");
  if (x.dim() == 0)
    return {autograd::named_op("SortBackward", [&] { return x.is_floating_point() ? mul(x, 1.0) : x.clone(); }),
            zeros({}, kInt64)};
  Tensor index = sort_indices(x, d, descending);
  Tensor values = autograd::named_op("SortBackward", [&] { return gather(x, static_cast<std::int64_t>(d), index); });
  return {values, index};
}

Tensor argsort(const Tensor& x, std::int64_t dim, bool descending) { return std::get<1>(sort(x, dim, descending)); }

std::tuple<Tensor, Tensor> topk(const Tensor& x, std::int64_t k, std::int64_t dim, bool largest, bool) {
  detail::checked(x, "topk");
  std::int64_t d = static_cast<std::int64_t>(detail::wrap_dim(dim, static_cast<std::size_t>(x.dim()), "topk"));
  std::int64_t n = x.dim() == 0 ? 1 : x.size(d);
  TG_CHECK(k >= 0 && k <= n, "topk", "k (", k, ") must be in [0, ", n, "], the size of dimension ", dim);
  auto [values, index] = sort(x, d, largest);
  if (x.dim() == 0) return {values, index};
  return {narrow(values, d, 0, k), narrow(index, d, 0, k)};
}

std::tuple<Tensor, Tensor> kthvalue(const Tensor& x, std::int64_t k, std::int64_t dim, bool keepdim) {
  detail::checked(x, "kthvalue");
  std::int64_t d = static_cast<std::int64_t>(detail::wrap_dim(dim, static_cast<std::size_t>(x.dim()), "kthvalue"));
  std::int64_t n = x.dim() == 0 ? 1 : x.size(d);
  TG_CHECK(k >= 1 && k <= n, "kthvalue", "k (", k, ") must be in [1, ", n, "], the size of dimension ", dim);
  auto [values, index] = sort(x, d, false);
  if (x.dim() == 0) return {values, index};
  Tensor v = narrow(values, d, k - 1, 1), i = narrow(index, d, k - 1, 1);
  if (!keepdim) v = squeeze(v, d), i = squeeze(i, d);
  return {v, i};
}

std::tuple<Tensor, Tensor> median(const Tensor& x, std::int64_t dim, bool keepdim) {
  detail::checked(x, "median");
  std::int64_t d = static_cast<std::int64_t>(detail::wrap_dim(dim, static_cast<std::size_t>(x.dim()), "median"));
  std::int64_t n = x.dim() == 0 ? 1 : x.size(d);
  TG_CHECK(n > 0, "median", "cannot take the median of dimension ", dim, " of size 0");
  return kthvalue(x, (n - 1) / 2 + 1, d, keepdim);
}

Tensor median(const Tensor& x) {
  detail::checked(x, "median");
  TG_CHECK(x.numel() > 0, "median", "cannot take the median of an empty tensor");
  return std::get<0>(median(reshape(x, {-1}), 0, false));
}

}  // namespace tapegrad
