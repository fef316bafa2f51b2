#include <tapegrad/nn/dropout.hpp>

#include <sstream>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/error.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/indexing.hpp>
#include <tapegrad/nn/functional.hpp>

namespace tapegrad::nn {

namespace {

void check_p(const char* where, double p) { TG_CHECK(p >= 0.0 && p < 1.0, where, "p must be in [0, 1), got ", p); }

}  // namespace

Tensor functional::dropout(const Tensor& input, double p, bool training) {
  check_p("dropout", p);
  TG_CHECK(input.defined(), "dropout", "the input is undefined");
  TG_CHECK(input.is_floating_point(), "dropout", "expects a float32 or float64 input, got ", dtype_name(input.dtype()));
  if (!training || p == 0.0) return input;
  Tensor scaled_mask;
  {
    NoGradGuard no_grad;
    scaled_mask = (rand(input.shape(), input.dtype()) >= p) * (1.0 / (1.0 - p));
  }
  return input * scaled_mask;
}

DropoutImpl::DropoutImpl(const DropoutOptions& options_) : options(options_) { reset(); }

void DropoutImpl::reset() { check_p("Dropout", options.p()); }

Tensor DropoutImpl::forward(const Tensor& input) { return functional::dropout(input, options.p(), is_training()); }

std::string DropoutImpl::extra_repr() const {
  std::ostringstream out;
  out << "p=" << options.p();
  return out.str();
}

}  // namespace tapegrad::nn
