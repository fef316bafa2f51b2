#pragma once
/// Checking the tape's gradients against central finite differences, in float64.
#include <functional>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

/// A function under test: any outputs shape, built from the given inputs.
using GradcheckFn = std::function<Tensor(const std::vector<Tensor>& inputs)>;

/// Compares the Jacobian the tape computes for `fn` at `inputs` with central differences
/// (x +- eps), element by element: |analytic - numeric| <= atol + rtol * |numeric|.
/// Inputs must be float64; only those with requires_grad are checked. Returns true on
/// success; on failure throws tapegrad::Error naming the input, the element and both values
/// (or returns false when `raise_exception` is false).
bool gradcheck(const GradcheckFn& fn, const std::vector<Tensor>& inputs, double eps = 1e-6, double atol = 1e-5,
               double rtol = 1e-3, bool raise_exception = true);

/// The same check for second derivatives: the gradient of fn (computed with
/// create_graph=true, against random output weights) is itself gradchecked.
bool gradgradcheck(const GradcheckFn& fn, const std::vector<Tensor>& inputs, double eps = 1e-6, double atol = 1e-5,
                   double rtol = 1e-3, bool raise_exception = true);

}  // namespace tapegrad
