#pragma once
// ReLU's backward as one op: g where x > 0, else 0 (PyTorch's threshold_backward).
#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad::detail {

// One pass over g and x into one new tensor (the formula mul(g, mask(x > 0)) made two passes
// and a mask temporary). Recorded with respect to g (its derivative in x is 0 almost
// everywhere), so double backward works.
Tensor relu_backward(const Tensor& g, const Tensor& x);

}  // namespace tapegrad::detail
