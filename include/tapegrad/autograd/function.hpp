#pragma once
/// Recording an op on the tape: the API every built-in op uses, and the one for user ops.
///
///     // y = x^3, forward and backward in one place (see docs/extending.md)
///     tg::Tensor cube(const tg::Tensor& x) {
///       tg::Tensor y = [&] { tg::NoGradGuard g; return x * x * x; }();
///       return tg::autograd::record("cube", y, {x}, [x](const tg::Tensor& g) {
///         return std::vector<tg::Tensor>{g * 3.0 * x * x};
///       });
///     }
#include <initializer_list>
#include <vector>

#include <tapegrad/autograd/node.hpp>
#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad::autograd {

/// True when an op on `inputs` must be recorded: grad mode is on and an input requires grad.
bool should_record(std::initializer_list<const Tensor*> inputs);
bool should_record(const Tensor& input);
bool should_record(const Tensor& a, const Tensor& b);

/// Attaches `backward` to `result` as the gradient rule of op `name` applied to `inputs`,
/// when should_record(inputs); otherwise returns `result` untouched. `result` must be a fresh
/// tensor made by the op (not one of its inputs). The closure must not capture `result`
/// itself (that would be a reference cycle): capture `result.detach()` instead.
Tensor record(const char* name, Tensor result, std::vector<Tensor> inputs, BackwardFn backward);

}  // namespace tapegrad::autograd
