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

Dropout::Dropout(double p) : p_(p) { check_p("Dropout", p); }

Tensor Dropout::forward(const Tensor& input) { return functional::dropout(input, p_, is_training()); }

std::string Dropout::extra_repr() const {
  std::ostringstream out;
  out << "p=" << p_;
  return out.str();
}

}  // namespace tapegrad::nn
