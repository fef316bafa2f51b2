// Reductions over lists of dimensions, composed from the one-axis primitives (sum, max/min) so
// that they need no backward of their own; amax/amin, the 2-norm and prod carry theirs because
// PyTorch's gradients there (shared between ties, 0 at a zero vector, right at zeros) are not
// what the composition would give. Integer and bool prod is a wrapping kernel with no gradient.
#include <tapegrad/autograd/ops/reduction_dims.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <type_traits>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/indexing.hpp>
#include <tapegrad/autograd/ops/reduction.hpp>
#include <tapegrad/autograd/ops/shape.hpp>
#include "dim_utils.hpp"
#include "integer_kernels.hpp"

namespace tapegrad {

using autograd::named_op;
using autograd::record;
using autograd::should_record;
using Dims = std::vector<std::int64_t>;
using detail::GradList;

namespace {

// The dtype all/any return. PyTorch returns bool; this becomes kBool when bool tensors exist.
constexpr Dtype kLogicalResult = kBool;

// Sums `dims` (sorted) one at a time, last first, keeping them as size 1.
Tensor sum_keep(const Tensor& x, const std::vector<std::size_t>& dims) {
  Tensor out = x;
  for (auto it = dims.rbegin(); it != dims.rend(); ++it) out = sum(out, static_cast<std::int64_t>(*it), true);
  return out;
}

Tensor finish(const Tensor& kept, const Shape& shape, const std::vector<std::size_t>& dims, bool keepdim) {
  return keepdim ? kept : reshape(kept, detail::reduced_shape(shape, dims, false));
}

// 1 where x is non-zero (NaN included), 0 elsewhere, in float64 (any input dtype).
Tensor nonzero_mask(const Tensor& x) {
  Tensor xf = x.is_floating_point() ? x.detach() : x.detach().to(kFloat64);
  return detail::map_unary(xf, "nonzero", [](const auto& v, auto) { return xt::cast<double>(xt::not_equal(v, 0)); });
}

Tensor extremum_dims(const Tensor& x, const Dims& dims_arg, bool keepdim, bool is_max) {
  const char* op = is_max ? "amax" : "amin";
  detail::checked(x, op);
  Shape shape = x.shape();
  std::vector<std::size_t> dims = detail::wrap_dims(dims_arg, shape.size(), op);
  for (std::size_t d : dims)  // as torch: nothing to take the maximum of
    TG_CHECK(shape[d] > 0, op, "cannot reduce dimension ", d, " of size 0 (shape ", shape_to_string(shape), ")");
  Tensor kept = x.detach();
  if (x.dim() == 0) kept = reshape(kept, {1});
  if (x.dim() == 0 || dims.empty()) detail::extremum_values(kept, 0, true, is_max);  // the dtype check
  for (auto it = dims.rbegin(); it != dims.rend(); ++it)
    kept = detail::extremum_values(kept, static_cast<std::int64_t>(*it), true, is_max);
  if (x.dim() == 0) kept = reshape(kept, {});
  Tensor out = keepdim ? kept : reshape(kept, detail::reduced_shape(shape, dims, false));
  if (!should_record(x)) return out;
  Tensor keep_shape_out = kept;
  return record(is_max ? "AmaxBackward" : "AminBackward", out.detach().clone(), {x},
                [x, keep_shape_out, dims, keepdim](const Tensor& g) {
                  Tensor hits = eq(x.detach(), keep_shape_out).to(x.dtype());
                  Tensor count = sum_keep(hits, dims);
                  Tensor gk = keepdim ? g : reshape(g, keep_shape_out.shape());
                  return GradList{mul(gk, div(hits, count))};
                },
                {x, keep_shape_out});
}

Tensor variance(const Tensor& x, const std::optional<Dims>& dims_arg, std::optional<std::int64_t> correction,
                bool keepdim, const char* op) {
  detail::checked(x, op);
  detail::dispatch_floating(x.dtype(), op, [](auto) { return 0; });
  Shape shape = x.shape();
  std::vector<std::size_t> dims = detail::wrap_dims(dims_arg.value_or(Dims{}), shape.size(), op);
  double n = static_cast<double>(detail::reduced_count(shape, dims));
  // As PyTorch: divide by max(0, N - correction), so N <= correction gives NaN (or inf), not an error.
  double divisor = std::max(0.0, n - static_cast<double>(correction.value_or(1)));
  Tensor centered = sub(x, mean(x, Dims(dims.begin(), dims.end()), true));
  Tensor kept = mul(sum_keep(mul(centered, centered), dims), 1.0 / divisor);
  return finish(kept, shape, dims, keepdim);
}

// The p-norm (p > 0, finite, not 1) over `dims`, kept, with PyTorch's gradient
// g * x |x|^(p-2) / norm^(p-1), which is 0 (not NaN) where the norm is 0.
Tensor p_norm_keep(const Tensor& x, double p, const std::vector<std::size_t>& dims) {
  Tensor out = [&] {
    NoGradGuard no_grad;
    return p == 2.0 ? sqrt(sum_keep(mul(x, x), dims)) : pow(sum_keep(pow(abs(x), p), dims), 1.0 / p);
  }();
  if (!should_record(x)) return out;
  autograd::SavedOutput y(out);
  Tensor result = record("NormBackward", out, {x},
                         [x, y, p](const Tensor& g) {
                           Tensor n = y.get();
                           Tensor zero = eq(n.detach(), zeros({}, n.dtype()));
                           Tensor safe = add(n, zero.to(n.dtype()));  // 1 where the norm is 0
                           Tensor ratio =
                               p == 2.0 ? div(x, safe) : div(mul(x, pow(abs(x), p - 2.0)), pow(safe, p - 1.0));
                           return GradList{masked_fill(mul(g, ratio), zero, 0.0)};
                         },
                         {x, y.data()});
  y.bind(result);
  return result;
}

}  // namespace

Tensor sum(const Tensor& x, const Dims& dims_arg, bool keepdim) {
  detail::checked(x, "sum");
  std::vector<std::size_t> dims = detail::wrap_dims(dims_arg, static_cast<std::size_t>(x.dim()), "sum");
  if (x.dim() == 0) return sum(x);
  return named_op("SumBackward", [&] { return finish(sum_keep(x, dims), x.shape(), dims, keepdim); });
}

Tensor mean(const Tensor& x, const Dims& dims, bool keepdim, Dtype dtype) {
  return mean(detail::mean_as(x, dtype), dims, keepdim);
}

Tensor mean(const Tensor& x, const Dims& dims_arg, bool keepdim) {
  detail::check_mean_dtype(x);
  std::vector<std::size_t> dims = detail::wrap_dims(dims_arg, static_cast<std::size_t>(x.dim()), "mean");
  if (x.dim() == 0) return mean(x);
  double n = static_cast<double>(detail::reduced_count(x.shape(), dims));
  return named_op("MeanBackward",
                  [&] { return mul(finish(sum_keep(x, dims), x.shape(), dims, keepdim), 1.0 / n); });  // 0/0: NaN
}

Tensor var(const Tensor& x, std::optional<Dims> dims, std::optional<std::int64_t> correction, bool keepdim) {
  return named_op("VarBackward", [&] { return variance(x, dims, correction, keepdim, "var"); });
}

Tensor var(const Tensor& x, const Dims& dims, bool unbiased, bool keepdim) {
  return var(x, std::optional<Dims>(dims), std::optional<std::int64_t>(unbiased ? 1 : 0), keepdim);
}

Tensor std(const Tensor& x, std::optional<Dims> dims, std::optional<std::int64_t> correction, bool keepdim) {
  return named_op("StdBackward", [&] { return sqrt(variance(x, dims, correction, keepdim, "std")); });
}

Tensor std(const Tensor& x, bool unbiased) { return std(x, std::nullopt, unbiased ? 1 : 0); }
Tensor std(const Tensor& x, std::int64_t dim, bool unbiased, bool keepdim) {
  return std(x, Dims{dim}, std::optional<std::int64_t>(unbiased ? 1 : 0), keepdim);
}
Tensor std(const Tensor& x, int dim, bool unbiased, bool keepdim) {
  return std(x, static_cast<std::int64_t>(dim), unbiased, keepdim);
}
Tensor std(const Tensor& x, const Dims& dims, bool unbiased, bool keepdim) {
  return std(x, std::optional<Dims>(dims), std::optional<std::int64_t>(unbiased ? 1 : 0), keepdim);
}

Tensor amax(const Tensor& x, const Dims& dims, bool keepdim) { return extremum_dims(x, dims, keepdim, true); }
Tensor amin(const Tensor& x, const Dims& dims, bool keepdim) { return extremum_dims(x, dims, keepdim, false); }

Tensor logsumexp(const Tensor& x, const Dims& dims_arg, bool keepdim) {
  detail::checked(x, "logsumexp");
  detail::dispatch_floating(x.dtype(), "logsumexp", [](auto) { return 0; });
  Shape shape = x.shape();
  std::vector<std::size_t> dims = detail::wrap_dims(dims_arg, shape.size(), "logsumexp");
  return named_op("LogsumexpBackward", [&] {
    bool empty_slice = false;
    for (std::size_t d : dims) empty_slice = empty_slice || shape[d] == 0;
    // Relative to the (constant) maximum so that exp() cannot overflow; an empty slice
    // (logsumexp -inf) or an infinite maximum would make that shift NaN, so shift by 0 there.
    Tensor m = empty_slice ? zeros(detail::reduced_shape(shape, dims, true), x.dtype())
                           : amax(x, Dims(dims.begin(), dims.end()), true).detach();
    if (x.dim() == 0) m = x.detach();
    m = masked_fill(m, ne(sub(m, m), zeros({}, m.dtype())), 0.0);
    Tensor kept = add(log(x.dim() == 0 ? exp(sub(x, m)) : sum_keep(exp(sub(x, m)), dims)), m);
    return finish(kept, shape, dims, keepdim);
  });
}

Tensor norm(const Tensor& x, double p, const Dims& dims_arg, bool keepdim) {
  detail::checked(x, "norm");
  detail::dispatch_floating(x.dtype(), "norm", [](auto) { return 0; });
  TG_CHECK(!std::isnan(p) && p >= 0, "norm", "p must be non-negative (or +-inf), got ", p);
  Shape shape = x.shape();
  std::vector<std::size_t> dims = detail::wrap_dims(dims_arg, shape.size(), "norm");
  Dims list(dims.begin(), dims.end());
  return named_op("NormBackward", [&]() -> Tensor {
    if (x.dim() == 0) return p == 0 ? nonzero_mask(x).to(x.dtype()) : abs(x);
    if (std::isinf(p)) return amax(abs(x), list, keepdim);
    if (p == 0) return sum(nonzero_mask(x).to(x.dtype()), list, keepdim);
    if (p == 1) return sum(abs(x), list, keepdim);
    return finish(p_norm_keep(x, p, dims), shape, dims, keepdim);
  });
}

Tensor norm(const Tensor& x, double p) { return norm(x, p, Dims{}, false); }

Tensor norm(const Tensor& x, const std::string& p, const Dims& dims, bool keepdim) {
  TG_CHECK(p == "fro", "norm", "unknown norm \"", p, "\" (expected \"fro\" or a number)");
  return norm(x, 2.0, dims, keepdim);
}

// ---- prod ------------------------------------------------------------------------------------

namespace {

// At each zero of x, the product of the other elements of its slice (0 elsewhere): the gradient
// of prod where out / x cannot be used.
Tensor product_of_others_at_zeros(const Tensor& x, std::size_t axis) {
  Tensor xd = detail::dense(x.detach());
  const auto& impl = *xd.impl();
  detail::AxisLayout l = detail::axis_layout(impl.shape, axis);
  Tensor out = detail::empty(impl.shape, impl.dtype);
  detail::dispatch_floating(impl.dtype, "prod", [&](auto tag) {
    using T = decltype(tag);
    const T* in = impl.data<T>();
    T* o = out.impl()->data<T>();
    for (std::size_t a = 0; a < l.outer; ++a)
      for (std::size_t c = 0; c < l.inner; ++c) {
        double product = 1.0;
        std::size_t zeros_seen = 0;
        for (std::size_t k = 0; k < l.n; ++k) {
          T v = in[(a * l.n + k) * l.inner + c];
          if (v == T(0))
            ++zeros_seen;
          else
            product *= v;
        }
        for (std::size_t k = 0; k < l.n; ++k) {
          std::size_t i = (a * l.n + k) * l.inner + c;
          o[i] = in[i] == T(0) && zeros_seen == 1 ? static_cast<T>(product) : T(0);
        }
      }
    return 0;
  });
  return out;
}

Tensor prod_keep(const Tensor& x, std::size_t axis) {
  Tensor xd = detail::dense(x);
  const auto& impl = *xd.impl();
  detail::AxisLayout l = detail::axis_layout(impl.shape, axis);
  detail::XShape kept = impl.shape;
  kept[axis] = 1;
  Tensor out = detail::empty(kept, impl.dtype);
  detail::dispatch_floating(impl.dtype, "prod", [&](auto tag) {
    using T = decltype(tag);
    const T* in = impl.data<T>();
    T* o = out.impl()->data<T>();
    for (std::size_t a = 0; a < l.outer; ++a)
      for (std::size_t c = 0; c < l.inner; ++c) {
        T product = T(1);
        for (std::size_t k = 0; k < l.n; ++k) product *= in[(a * l.n + k) * l.inner + c];
        o[a * l.inner + c] = product;
      }
    return 0;
  });
  if (!should_record(x)) return out;
  autograd::SavedOutput y(out);
  Tensor result = record("ProdBackward", out, {x},
                         [x, y, axis](const Tensor& g) {
                           // d prod / d x_i = prod / x_i away from zeros; at a zero, the product of
                           // the others. The denominator is 1 at zeros so that no NaN reaches the
                           // second derivative through the branch where() does not take.
                           Tensor nonzero = ne(x.detach(), zeros({}, x.dtype()));
                           Tensor safe_x = where(nonzero, x, ones_like(x));
                           Tensor others = where(nonzero, div(y.get(), safe_x), product_of_others_at_zeros(x, axis));
                           return GradList{mul(g, others)};
                         },
                         {x, y.data()});
  y.bind(result);
  return result;
}

// The product of an integer or bool tensor in its own dtype, along `axis` (kept as size 1) or of
// every element: wrapping modulo 2^bits as torch (wrapping_mul multiplies as unsigned, so no
// signed overflow), logical and for bools. Integers take no gradient, so nothing is recorded.
Tensor prod_integral(const Tensor& x, std::optional<std::size_t> axis) {
  Tensor xd = detail::dense(x);
  const auto& impl = *xd.impl();
  detail::AxisLayout l;
  detail::XShape shape;
  if (axis) {
    l = detail::axis_layout(impl.shape, *axis);
    shape = impl.shape;
    shape[*axis] = 1;
  } else {
    l.n = impl.numel();
  }
  Tensor out = detail::empty(shape, impl.dtype);
  detail::dispatch_all(impl.dtype, [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_integral_v<T>) {
      const T* in = impl.data<T>();
      T* o = out.impl()->data<T>();
      for (std::size_t a = 0; a < l.outer; ++a)
        for (std::size_t c = 0; c < l.inner; ++c) {
          T product = T(1);
          for (std::size_t k = 0; k < l.n; ++k)
            product = detail::wrapping_mul(product, in[(a * l.n + k) * l.inner + c]);
          o[a * l.inner + c] = product;
        }
    }
  });
  return out;
}

}  // namespace

Tensor prod(const Tensor& x, std::int64_t dim, bool keepdim) {
  detail::checked(x, "prod");
  std::size_t d = detail::wrap_dim(dim, static_cast<std::size_t>(x.dim()), "prod");
  if (x.dim() == 0) return prod(x);
  if (!x.is_floating_point()) return prod(x, dim, keepdim, kInt64);  // torch's dtype for them
  return named_op("ProdBackward", [&] {
    Tensor kept = prod_keep(x, d);
    return keepdim ? kept : squeeze(kept, static_cast<std::int64_t>(d));
  });
}

Tensor prod(const Tensor& x) {
  detail::checked(x, "prod");
  if (!x.is_floating_point()) return prod(x, kInt64);  // torch's dtype for integers and bools
  return named_op("ProdBackward", [&] { return reshape(prod_keep(reshape(x, {-1}), 0), {}); });
}

// As torch: x is cast to `dtype` first, and the product computed (and returned) in it.
Tensor prod(const Tensor& x, Dtype dtype) {
  detail::checked(x, "prod");
  if (is_floating_point(dtype)) return prod(x.to(dtype));
  return prod_integral(x.detach().to(dtype), std::nullopt);
}

Tensor prod(const Tensor& x, std::int64_t dim, bool keepdim, Dtype dtype) {
  detail::checked(x, "prod");
  if (is_floating_point(dtype)) return prod(x.to(dtype), dim, keepdim);
  std::size_t d = detail::wrap_dim(dim, static_cast<std::size_t>(x.dim()), "prod");
  if (x.dim() == 0) return prod(x, dtype);
  Tensor kept = prod_integral(x.detach().to(dtype), d);
  return keepdim ? kept : squeeze(kept, static_cast<std::int64_t>(d));
}

// ---- logical reductions ------------------------------------------------------------------------

Tensor count_nonzero(const Tensor& x, const Dims& dims) {
  detail::checked(x, "count_nonzero");
  NoGradGuard no_grad;
  return sum(nonzero_mask(x), dims, false).to(kInt64);
}

Tensor count_nonzero(const Tensor& x, std::int64_t dim) { return count_nonzero(x, Dims{dim}); }

Tensor all(const Tensor& x) {
  detail::checked(x, "all");
  NoGradGuard no_grad;
  return full({}, count_nonzero(x).item<double>() == static_cast<double>(x.numel()) ? 1.0 : 0.0, kLogicalResult);
}

Tensor all(const Tensor& x, std::int64_t dim, bool keepdim) {
  detail::checked(x, "all");
  NoGradGuard no_grad;
  std::size_t d = detail::wrap_dim(dim, static_cast<std::size_t>(x.dim()), "all");
  double n = x.dim() == 0 ? 1.0 : static_cast<double>(x.size(static_cast<std::int64_t>(d)));
  Tensor count = sum(nonzero_mask(x), Dims{dim}, keepdim);
  return eq(count, full({}, n, count.dtype())).to(kLogicalResult);
}

Tensor any(const Tensor& x) {
  detail::checked(x, "any");
  NoGradGuard no_grad;
  return full({}, count_nonzero(x).item<double>() > 0 ? 1.0 : 0.0, kLogicalResult);
}

Tensor any(const Tensor& x, std::int64_t dim, bool keepdim) {
  detail::checked(x, "any");
  NoGradGuard no_grad;
  detail::wrap_dim(dim, static_cast<std::size_t>(x.dim()), "any");
  Tensor count = sum(nonzero_mask(x), Dims{dim}, keepdim);
  return gt(count, zeros({}, count.dtype())).to(kLogicalResult);
}

}  // namespace tapegrad
