#pragma once
/// Gradient clipping, applied between backward() and the optimizer's step():
///
///     loss.backward();
///     tg::nn::utils::clip_grad_norm_(net->parameters(), /*max_norm=*/1.0);
///     opt.step();
#include <limits>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {
namespace nn {
namespace utils {

/// Scales all gradients together so that their joint `norm_type`-norm (as if concatenated
/// into one vector) is at most `max_norm`, as torch.nn.utils.clip_grad_norm_: each gradient is
/// multiplied by min(1, max_norm / (total_norm + 1e-6)). Parameters without a gradient are
/// skipped. `norm_type` is any p > 0, or infinity for the largest absolute value
/// (`std::numeric_limits<double>::infinity()`). Returns the total norm before clipping (0 when
/// no parameter has a gradient). With `error_if_nonfinite`, a NaN or infinite total norm throws
/// instead of being applied.
double clip_grad_norm_(const std::vector<Tensor>& parameters, double max_norm, double norm_type = 2.0,
                       bool error_if_nonfinite = false);
/// One-parameter form of clip_grad_norm_.
double clip_grad_norm_(const Tensor& parameter, double max_norm, double norm_type = 2.0,
                       bool error_if_nonfinite = false);

/// Clamps every gradient element into [-clip_value, clip_value] in place, as
/// torch.nn.utils.clip_grad_value_. Parameters without a gradient are skipped.
void clip_grad_value_(const std::vector<Tensor>& parameters, double clip_value);
/// One-parameter form of clip_grad_value_.
void clip_grad_value_(const Tensor& parameter, double clip_value);

}  // namespace utils
}  // namespace nn
}  // namespace tapegrad
