#pragma once
/// Activation functions, as torch.nn.functional's (the nn modules wrap these). Each is composed
/// from differentiable ops, so each has first and second derivatives.
#include <cstdint>
#include <string>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

/// x for x > 0, alpha (e^x - 1) otherwise.
Tensor elu(const Tensor& x, double alpha = 1.0);
/// scale * elu(x, alpha) with the self-normalising constants of torch.nn.functional.selu.
Tensor selu(const Tensor& x);
/// max(0, x) + min(0, alpha (e^(x / alpha) - 1)).
Tensor celu(const Tensor& x, double alpha = 1.0);
/// x Phi(x); `approximate` "none" (erf, exact) or "tanh" (the tanh approximation).
Tensor gelu(const Tensor& x, const std::string& approximate = "none");
Tensor silu(const Tensor& x);        ///< x sigmoid(x)
Tensor mish(const Tensor& x);        ///< x tanh(softplus(x))
Tensor logsigmoid(const Tensor& x);  ///< log(sigmoid(x)) = -softplus(-x), without overflow
/// x clipped to [min_val, max_val].
Tensor hardtanh(const Tensor& x, double min_val = -1.0, double max_val = 1.0);
Tensor relu6(const Tensor& x);        ///< hardtanh(x, 0, 6)
Tensor hardsigmoid(const Tensor& x);  ///< relu6(x + 3) / 6
Tensor hardswish(const Tensor& x);    ///< x relu6(x + 3) / 6
Tensor softsign(const Tensor& x);     ///< x / (1 + |x|)
Tensor tanhshrink(const Tensor& x);   ///< x - tanh(x)
/// softmax(-x, dim).
Tensor softmin(const Tensor& x, std::int64_t dim);
/// x / max(||x||_p, eps) along `dim`, as torch.nn.functional.normalize.
Tensor normalize(const Tensor& x, double p = 2.0, std::int64_t dim = 1, double eps = 1e-12);
/// First half of x along `dim` times sigmoid of the second half (the size there must be even).
Tensor glu(const Tensor& x, std::int64_t dim = -1);

}  // namespace tapegrad
