#pragma once
/// AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, torch.optim.AdamW's update.
///
///     tg::optim::AdamW opt(net->parameters(), tg::optim::AdamWOptions(1e-3).weight_decay(1e-2));
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/optim/adam.hpp>
#include <tapegrad/optim/optimizer.hpp>

namespace tapegrad {
namespace optim {

/// AdamW's hyper-parameters: Adam's, with weight decay 1e-2 by default (decoupled).
class AdamWOptions : public detail::AdamFamilyOptions<AdamWOptions> {
 public:
  /// Learning rate (>= 0, default 1e-3); decoupled weight decay defaults to 1e-2.
  /* implicit, as LibTorch */ AdamWOptions(double lr = 1e-3) : AdamFamilyOptions(lr, 1e-2) {}
};
extern template class detail::AdamFamilyOptions<AdamWOptions>;  // defined in optim/adam.cpp
extern template class detail::AdamFamily<AdamWOptions, detail::AdamWeightDecay::decoupled>;  // in optim/adam.cpp

/// AdamW: p = p * (1 - lr * weight_decay), then Adam's update without an L2 term (same state).
class AdamW : public detail::AdamFamily<AdamWOptions, detail::AdamWeightDecay::decoupled> {
 public:
  /// Optimizes `params` with `defaults`. Throws "AdamW: got an empty parameter list" when empty.
  explicit AdamW(std::vector<Tensor> params, AdamWOptions defaults = AdamWOptions());
  /// Groups with their own AdamWOptions; groups without options use `defaults`.
  explicit AdamW(const std::vector<OptimizerParamGroup>& param_groups, AdamWOptions defaults = AdamWOptions());
};

}  // namespace optim
}  // namespace tapegrad
