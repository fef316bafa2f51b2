// Activation functions, composed from differentiable primitives: none needs a backward of its
// own, and each has second derivatives. Where a branch could overflow (elu's e^x for large x),
// the composition keeps its argument non-positive instead of selecting with where(), whose
// unselected branch would still send 0 * inf = NaN back.
#include <tapegrad/autograd/ops/activation.hpp>

#include <cmath>

#include <tapegrad/autograd/function.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/reduction.hpp>
#include <tapegrad/autograd/ops/reduction_dims.hpp>
#include <tapegrad/autograd/ops/shape.hpp>
#include <tapegrad/autograd/ops/unary_math.hpp>
#include "dim_utils.hpp"

namespace tapegrad {

using autograd::named_op;

namespace {

// min(0, x) as -relu(-x): e^min(0, x) cannot overflow.
Tensor negative_part(const Tensor& x) { return neg(relu(neg(x))); }

}  // namespace

Tensor elu(const Tensor& x, double alpha) {
  return named_op("EluBackward", [&] { return add(relu(x), mul(expm1(negative_part(x)), alpha)); });
}

Tensor selu(const Tensor& x) {
  // The constants of Klambauer et al. (2017), as torch.nn.functional.selu.
  constexpr double alpha = 1.6732632423543772848170429916717;
  constexpr double scale = 1.0507009873554804934193349852946;
  return named_op("EluBackward", [&] { return mul(add(relu(x), mul(expm1(negative_part(x)), alpha)), scale); });
}

Tensor celu(const Tensor& x, double alpha) {
  TG_CHECK(alpha != 0.0, "celu", "alpha must not be 0");
  return named_op("CeluBackward", [&] { return add(relu(x), mul(expm1(mul(negative_part(x), 1.0 / alpha)), alpha)); });
}

Tensor gelu(const Tensor& x, const std::string& approximate) {
  TG_CHECK(approximate == "none" || approximate == "tanh", "gelu", "approximate must be \"none\" or \"tanh\", got \"",
           approximate, "\"");
  return named_op("GeluBackward", [&] {
    if (approximate == "tanh") {
      const double k = std::sqrt(2.0 / M_PI);
      Tensor inner = mul(add(x, mul(pow(x, 3.0), 0.044715)), k);
      return mul(mul(x, add(tanh(inner), 1.0)), 0.5);
    }
    return mul(mul(x, add(erf(mul(x, M_SQRT1_2)), 1.0)), 0.5);
  });
}

Tensor silu(const Tensor& x) {
  return named_op("SiluBackward", [&] { return mul(x, sigmoid(x)); });
}

Tensor mish(const Tensor& x) {
  return named_op("MishBackward", [&] { return mul(x, tanh(softplus(x))); });
}

Tensor logsigmoid(const Tensor& x) {
  return named_op("LogSigmoidBackward", [&] { return neg(softplus(neg(x))); });
}

Tensor hardtanh(const Tensor& x, double min_val, double max_val) {
  TG_CHECK(min_val <= max_val, "hardtanh", "min_val (", min_val, ") is greater than max_val (", max_val, ")");
  return named_op("HardtanhBackward", [&] { return clamp(x, min_val, max_val); });
}

Tensor relu6(const Tensor& x) { return hardtanh(x, 0.0, 6.0); }

Tensor hardsigmoid(const Tensor& x) {
  return named_op("HardsigmoidBackward", [&] { return mul(clamp(add(x, 3.0), 0.0, 6.0), 1.0 / 6.0); });
}

Tensor hardswish(const Tensor& x) {
  return named_op("HardswishBackward", [&] { return mul(x, mul(clamp(add(x, 3.0), 0.0, 6.0), 1.0 / 6.0)); });
}

Tensor softsign(const Tensor& x) {
  return named_op("SoftsignBackward", [&] { return div(x, add(abs(x), 1.0)); });
}

Tensor tanhshrink(const Tensor& x) {
  return named_op("TanhshrinkBackward", [&] { return sub(x, tanh(x)); });
}

Tensor softmin(const Tensor& x, std::int64_t dim) {
  return named_op("SoftminBackward", [&] { return softmax(neg(x), dim); });
}

Tensor normalize(const Tensor& x, double p, std::int64_t dim, double eps) {
  detail::checked(x, "normalize");
  return named_op("NormalizeBackward", [&] {
    Tensor n = norm(x, p, {dim}, true);
    return div(x, clamp(n, eps, std::nullopt));
  });
}

Tensor glu(const Tensor& x, std::int64_t dim) {
  detail::checked(x, "glu");
  TG_CHECK(x.dim() > 0, "glu", "expects a tensor with at least one dimension, got a 0-d tensor");
  std::int64_t d = static_cast<std::int64_t>(detail::wrap_axis(dim, static_cast<std::size_t>(x.dim()), "glu"));
  std::int64_t n = x.size(d);
  TG_CHECK(n % 2 == 0, "glu", "the size along dimension ", dim, " must be even, got ", n);
  return named_op("GluBackward", [&] { return mul(narrow(x, d, 0, n / 2), sigmoid(narrow(x, d, n / 2, n / 2))); });
}

}  // namespace tapegrad
