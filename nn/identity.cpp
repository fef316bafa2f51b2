#include <tapegrad/nn/identity.hpp>

namespace tapegrad::nn {

Tensor IdentityImpl::forward(const Tensor& input) { return input; }

}  // namespace tapegrad::nn
