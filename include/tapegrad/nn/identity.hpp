#pragma once
/// tapegrad::nn::Identity, as torch::nn::Identity.
#include <string>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/nn/cloneable.hpp>
#include <tapegrad/nn/pimpl.hpp>

namespace tapegrad::nn {

/// Returns its input unchanged: a placeholder, e.g. to switch a layer off in a Sequential.
/// Like LibTorch's, it accepts and ignores any constructor arguments.
class IdentityImpl : public Cloneable<IdentityImpl> {
 public:
  template <typename... Args>
  explicit IdentityImpl(const Args&... /*ignored*/) {}
  void reset() override {}
  Tensor forward(const Tensor& input);
};
TG_MODULE(Identity);

}  // namespace tapegrad::nn
