// isclose, allclose and equal (see closeness.hpp), composed of the elementwise ops.
#include <tapegrad/autograd/ops/closeness.hpp>

#include <algorithm>

#include <tapegrad/autograd/error.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/indexing.hpp>
#include <tapegrad/autograd/ops/logical.hpp>
#include <tapegrad/autograd/ops/reduction_dims.hpp>

namespace tapegrad {
namespace {

void check_operands(const Tensor& a, const Tensor& b, double rtol, double atol) {
  TG_CHECK(a.defined() && b.defined(), "isclose", "expected two defined tensors");
  TG_CHECK(a.dtype() == b.dtype(), "isclose", "expected both inputs to have the same dtype, got ", a.dtype(), " and ",
           b.dtype());
  TG_CHECK(rtol >= 0, "isclose", "rtol must be greater than or equal to zero, got ", rtol);
  TG_CHECK(atol >= 0, "isclose", "atol must be greater than or equal to zero, got ", atol);
  // checked here so that a mismatch names isclose, not the eq inside it
  const std::int64_t dims = std::max(a.dim(), b.dim());
  for (std::int64_t d = 1; d <= dims; ++d) {
    const std::int64_t sa = d <= a.dim() ? a.size(-d) : 1, sb = d <= b.dim() ? b.size(-d) : 1;
    TG_CHECK(sa == sb || sa == 1 || sb == 1, "isclose", "cannot broadcast ", a.sizes(), " with ", b.sizes());
  }
}

}  // namespace

Tensor isclose(const Tensor& a, const Tensor& b, double rtol, double atol, bool equal_nan) {
  check_operands(a, b, rtol, atol);
  NoGradGuard no_grad;
  Tensor close = eq(a, b);
  const bool floating = is_floating_point(a.dtype());
  if (equal_nan && floating) close = logical_or(close, logical_and(isnan(a), isnan(b)));
  if (rtol == 0 && atol == 0) return close;
  const Tensor x = floating ? a : a.to(kFloat32), y = floating ? b : b.to(kFloat32);
  const Tensor allowed = abs(y * rtol) + atol;
  return logical_or(close, logical_and(isfinite(y), le(abs(x - y), allowed)));
}

bool allclose(const Tensor& a, const Tensor& b, double rtol, double atol, bool equal_nan) {
  return isclose(a, b, rtol, atol, equal_nan).all().item<bool>();
}

bool equal(const Tensor& a, const Tensor& b) {
  TG_CHECK(a.defined() && b.defined(), "equal", "expected two defined tensors");
  if (a.sizes() != b.sizes()) return false;
  NoGradGuard no_grad;
  return eq(a, b).all().item<bool>();
}

}  // namespace tapegrad
