// isclose, allclose and equal (see closeness.hpp), composed of the elementwise ops.
#include <tapegrad/autograd/ops/closeness.hpp>

#include <tapegrad/autograd/error.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/indexing.hpp>
#include <tapegrad/autograd/ops/logical.hpp>
#include <tapegrad/autograd/ops/reduction_dims.hpp>
#include "kernel_utils.hpp"

namespace tapegrad {
namespace {

// op: the function the user called (allclose's errors name allclose, not the eq inside it)
void check_operands(const Tensor& a, const Tensor& b, double rtol, double atol, const char* op) {
  TG_CHECK(a.defined() && b.defined(), op, "expected two defined tensors");
  detail::check_same_dtype(a, b, op);
  TG_CHECK(rtol >= 0, op, "rtol must be greater than or equal to zero, got ", rtol);
  TG_CHECK(atol >= 0, op, "atol must be greater than or equal to zero, got ", atol);
  detail::broadcast_shapes(a.impl()->shape, b.impl()->shape, op);
}

Tensor isclose_checked(const Tensor& a, const Tensor& b, double rtol, double atol, bool equal_nan, const char* op) {
  check_operands(a, b, rtol, atol, op);
  NoGradGuard no_grad;
  Tensor close = eq(a, b);
  const bool floating = is_floating_point(a.dtype());
  if (equal_nan && floating) close = logical_or(close, logical_and(isnan(a), isnan(b)));
  if (rtol == 0 && atol == 0) return close;
  const Tensor x = floating ? a : a.to(kFloat32), y = floating ? b : b.to(kFloat32);
  const Tensor allowed = abs(y * rtol) + atol;
  return logical_or(close, logical_and(isfinite(y), le(abs(x - y), allowed)));
}

}  // namespace

Tensor isclose(const Tensor& a, const Tensor& b, double rtol, double atol, bool equal_nan) {
  return isclose_checked(a, b, rtol, atol, equal_nan, "isclose");
}

bool allclose(const Tensor& a, const Tensor& b, double rtol, double atol, bool equal_nan) {
  return isclose_checked(a, b, rtol, atol, equal_nan, "allclose").all().item<bool>();
}

bool equal(const Tensor& a, const Tensor& b) {
  TG_CHECK(a.defined() && b.defined(), "equal", "expected two defined tensors");
  if (a.sizes() != b.sizes()) return false;
  NoGradGuard no_grad;
  return eq(a, b).all().item<bool>();
}

}  // namespace tapegrad
