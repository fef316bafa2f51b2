#include <tapegrad/nn/identity.hpp>

namespace tapegrad::nn {

Tensor Identity::forward(const Tensor& input) { return input; }

}  // namespace tapegrad::nn
