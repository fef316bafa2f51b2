#include <algorithm>
#include <cmath>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/optim/clip_grad.hpp>

namespace tapegrad {
namespace nn {
namespace utils {

namespace {

// Norms in double whatever the gradient dtype; PyTorch's order (per-gradient norms, then the
// norm of those) keeps the rounding close to torch's.
double vector_norm(const std::vector<double>& values, double p) {
  if (std::isinf(p)) {
    double largest = 0.0;
    for (double v : values) largest = std::isnan(v) ? v : std::max(largest, std::abs(v));
    return largest;
  }
  double total = 0.0;
  if (p == 2.0) {
    for (double v : values) total += v * v;
    return std::sqrt(total);
  }
  for (double v : values) total += std::pow(std::abs(v), p);
  return std::pow(total, 1.0 / p);
}

}  // namespace

double clip_grad_norm_(const std::vector<Tensor>& parameters, double max_norm, double norm_type,
                       bool error_if_nonfinite) {
  TG_CHECK(max_norm >= 0, "clip_grad_norm_", "max_norm must be >= 0, got ", max_norm);
  TG_CHECK(norm_type > 0, "clip_grad_norm_", "norm_type must be positive or infinity, got ", norm_type);
  std::vector<Tensor> grads;
  for (const auto& p : parameters) {
    TG_CHECK(p.defined(), "clip_grad_norm_", "got an undefined parameter");
    if (p.grad().defined()) grads.push_back(p.grad());
  }
  if (grads.empty()) return 0.0;
  std::vector<double> norms;
  for (const auto& g : grads) norms.push_back(vector_norm(g.to_vector<double>(), norm_type));
  const double total_norm = norms.size() == 1 ? norms[0] : vector_norm(norms, norm_type);
  TG_CHECK(!error_if_nonfinite || std::isfinite(total_norm), "clip_grad_norm_", "the total norm of order ", norm_type,
           " of the gradients is ", total_norm,
           ", so they cannot be clipped (pass error_if_nonfinite = false to scale them anyway)");
  const double clip_coef = max_norm / (total_norm + 1e-6);
  // NaN compares false, so a NaN norm still reaches the gradients, as in PyTorch
  if (!(clip_coef >= 1.0)) {
    NoGradGuard no_grad;
    for (auto& g : grads) g.mul_(clip_coef);
  }
  return total_norm;
}

double clip_grad_norm_(const Tensor& parameter, double max_norm, double norm_type, bool error_if_nonfinite) {
  return clip_grad_norm_(std::vector<Tensor>{parameter}, max_norm, norm_type, error_if_nonfinite);
}

void clip_grad_value_(const std::vector<Tensor>& parameters, double clip_value) {
  TG_CHECK(clip_value >= 0, "clip_grad_value_", "clip_value must be >= 0, got ", clip_value);
  for (const auto& p : parameters) TG_CHECK(p.defined(), "clip_grad_value_", "got an undefined parameter");
  NoGradGuard no_grad;
  for (const auto& p : parameters) {
    Tensor grad = p.grad();
    if (grad.defined()) grad.clamp_(-clip_value, clip_value);
  }
}

void clip_grad_value_(const Tensor& parameter, double clip_value) {
  clip_grad_value_(std::vector<Tensor>{parameter}, clip_value);
}

}  // namespace utils
}  // namespace nn
}  // namespace tapegrad
