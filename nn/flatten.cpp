#include <tapegrad/nn/flatten.hpp>

#include <tapegrad/autograd/ops/shape.hpp>

namespace tapegrad::nn {

Tensor FlattenImpl::forward(const Tensor& input) { return flatten(input, options.start_dim(), options.end_dim()); }

std::string FlattenImpl::extra_repr() const {
  return "start_dim=" + std::to_string(options.start_dim()) + ", end_dim=" + std::to_string(options.end_dim());
}

}  // namespace tapegrad::nn
