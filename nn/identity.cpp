#include <tapegrad/nn/identity.hpp>

namespace tapegrad::nn {

Tensor Identity::forward(const Tensor& input) { return input; }

std::string Identity::name() const { return "Identity"; }

}  // namespace tapegrad::nn
