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

Tensor SiLUImpl::forward(const Tensor& input) { return functional::silu(input); }
Tensor MishImpl::forward(const Tensor& input) { return functional::mish(input); }
Tensor LogSigmoidImpl::forward(const Tensor& input) { return functional::logsigmoid(input); }
Tensor HardsigmoidImpl::forward(const Tensor& input) { return functional::hardsigmoid(input); }
Tensor HardswishImpl::forward(const Tensor& input) { return functional::hardswish(input); }
Tensor SoftsignImpl::forward(const Tensor& input) { return functional::softsign(input); }
Tensor TanhshrinkImpl::forward(const Tensor& input) { return functional::tanhshrink(input); }

namespace {

template <typename Value>
std::string describe(const char* name, const Value& value) {
  std::ostringstream out;
  out << name << "=" << value;
  return out.str();
}

}  // namespace

void ELUImpl::reset() {}
Tensor ELUImpl::forward(const Tensor& input) { return functional::elu(input, options); }
std::string ELUImpl::extra_repr() const { return describe("alpha", options.alpha()); }

void SELUImpl::reset() {}
Tensor SELUImpl::forward(const Tensor& input) { return functional::selu(input); }
std::string SELUImpl::extra_repr() const { return ""; }

void CELUImpl::reset() { TG_CHECK(options.alpha() != 0.0, "CELU", "alpha must be non-zero"); }
Tensor CELUImpl::forward(const Tensor& input) { return functional::celu(input, options); }
std::string CELUImpl::extra_repr() const { return describe("alpha", options.alpha()); }

void GELUImpl::reset() {
  TG_CHECK(options.approximate() == "none" || options.approximate() == "tanh", "GELU",
           "approximate must be \"none\" or \"tanh\", got \"", options.approximate(), "\"");
}
Tensor GELUImpl::forward(const Tensor& input) { return functional::gelu(input, options); }
std::string GELUImpl::extra_repr() const { return "approximate=" + options.approximate(); }

void HardtanhImpl::reset() {
  TG_CHECK(options.max_val() > options.min_val(), "Hardtanh", "max_val (", options.max_val(),
           ") must be greater than min_val (", options.min_val(), ")");
}
Tensor HardtanhImpl::forward(const Tensor& input) { return functional::hardtanh(input, options); }
std::string HardtanhImpl::extra_repr() const {
  return describe("min_val", options.min_val()) + ", " + describe("max_val", options.max_val());
}

void ReLU6Impl::reset() {}
Tensor ReLU6Impl::forward(const Tensor& input) { return functional::relu6(input); }
std::string ReLU6Impl::extra_repr() const { return ""; }

void GLUImpl::reset() {}
Tensor GLUImpl::forward(const Tensor& input) { return functional::glu(input, options.dim()); }
std::string GLUImpl::extra_repr() const { return describe("dim", options.dim()); }

Tensor SoftminImpl::forward(const Tensor& input) { return functional::softmin(input, options.dim()); }
std::string SoftminImpl::extra_repr() const { return describe("dim", options.dim()); }

}  // namespace tapegrad::nn
