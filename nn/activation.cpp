#include <tapegrad/nn/activation.hpp>

#include <sstream>

#include <tapegrad/autograd/error.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/reduction.hpp>
#include <tapegrad/nn/functional.hpp>

namespace tapegrad::nn {

Tensor ReLU::forward(const Tensor& input) { return functional::relu(input); }

Tensor Sigmoid::forward(const Tensor& input) { return functional::sigmoid(input); }

Tensor Tanh::forward(const Tensor& input) { return functional::tanh(input); }

LeakyReLU::LeakyReLU(double negative_slope) : negative_slope_(negative_slope) {}
Tensor LeakyReLU::forward(const Tensor& input) { return functional::leaky_relu(input, negative_slope_); }
std::string LeakyReLU::extra_repr() const {
  std::ostringstream out;
  out << "negative_slope=" << negative_slope_;
  return out.str();
}

Softplus::Softplus(double beta, double threshold) : beta_(beta), threshold_(threshold) {
  TG_CHECK(beta != 0.0, "Softplus", "beta must be non-zero");
}
Tensor Softplus::forward(const Tensor& input) { return functional::softplus(input, beta_, threshold_); }
std::string Softplus::extra_repr() const {
  std::ostringstream out;
  out << "beta=" << beta_ << ", threshold=" << threshold_;
  return out.str();
}

Softmax::Softmax(std::int64_t dim) : dim_(dim) {}
Tensor Softmax::forward(const Tensor& input) { return functional::softmax(input, dim_); }
std::string Softmax::extra_repr() const { return "dim=" + std::to_string(dim_); }

LogSoftmax::LogSoftmax(std::int64_t dim) : dim_(dim) {}
Tensor LogSoftmax::forward(const Tensor& input) { return functional::log_softmax(input, dim_); }
std::string LogSoftmax::extra_repr() const { return "dim=" + std::to_string(dim_); }

}  // namespace tapegrad::nn
