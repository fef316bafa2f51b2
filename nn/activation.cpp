#include <tapegrad/nn/activation.hpp>

#include <sstream>

#include <tapegrad/autograd/error.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/reduction.hpp>
#include <tapegrad/nn/functional.hpp>

namespace tapegrad::nn {

Tensor ReLUImpl::forward(const Tensor& input) { return functional::relu(input); }

Tensor SigmoidImpl::forward(const Tensor& input) { return functional::sigmoid(input); }

Tensor TanhImpl::forward(const Tensor& input) { return functional::tanh(input); }

Tensor LeakyReLUImpl::forward(const Tensor& input) { return functional::leaky_relu(input, options.negative_slope()); }
std::string LeakyReLUImpl::extra_repr() const {
  std::ostringstream out;
  out << "negative_slope=" << options.negative_slope();
  return out.str();
}

SoftplusImpl::SoftplusImpl(const SoftplusOptions& options_) : options(options_) { reset(); }
void SoftplusImpl::reset() { TG_CHECK(options.beta() != 0.0, "Softplus", "beta must be non-zero"); }
Tensor SoftplusImpl::forward(const Tensor& input) {
  return functional::softplus(input, options.beta(), options.threshold());
}
std::string SoftplusImpl::extra_repr() const {
  std::ostringstream out;
  out << "beta=" << options.beta() << ", threshold=" << options.threshold();
  return out.str();
}

Tensor SoftmaxImpl::forward(const Tensor& input) { return functional::softmax(input, options.dim()); }
std::string SoftmaxImpl::extra_repr() const { return "dim=" + std::to_string(options.dim()); }

Tensor LogSoftmaxImpl::forward(const Tensor& input) { return functional::log_softmax(input, options.dim()); }
std::string LogSoftmaxImpl::extra_repr() const { return "dim=" + std::to_string(options.dim()); }

}  // namespace tapegrad::nn
