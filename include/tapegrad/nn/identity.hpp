#pragma once
/// tapegrad::nn::Identity, as torch::nn::Identity.
#include <string>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/nn/module.hpp>

namespace tapegrad::nn {

/// Returns its input unchanged: a placeholder, e.g. to switch a layer off in a Sequential.
class Identity : public Module {
 public:
  Tensor forward(const Tensor& input) override;
};

}  // namespace tapegrad::nn
