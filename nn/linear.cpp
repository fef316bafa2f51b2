#include <tapegrad/nn/linear.hpp>

#include <cmath>
#include <sstream>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/error.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/fused_linear.hpp>
#include <tapegrad/autograd/ops/linalg.hpp>
#include <tapegrad/autograd/ops/shape.hpp>
#include <tapegrad/autograd/tensor_impl.hpp>
#include <tapegrad/nn/functional.hpp>
#include <tapegrad/nn/init.hpp>

namespace tapegrad::nn {

namespace {

Tensor checked_linear(const char* where, const Tensor& input, const Tensor& weight, const Tensor& bias) {
  TG_CHECK(input.defined() && weight.defined(), where, "input and weight must be defined tensors");
  TG_CHECK(weight.dim() == 2, where, "weight must be 2-D [out_features, in_features], got ",
           shape_to_string(weight.shape()));
  const std::int64_t in = weight.size(1);
  TG_CHECK(input.dim() >= 1 && input.size(-1) == in, where, "input ", shape_to_string(input.shape()),
           " does not match weight ", shape_to_string(weight.shape()),
           ": the input's last dimension must be in_features=", in);
  TG_CHECK(input.dtype() == weight.dtype(), where, "input is ", dtype_name(input.dtype()), " but weight is ",
           dtype_name(weight.dtype()), " (cast with .to())");
  if (bias.defined()) {
    TG_CHECK(bias.dim() == 1 && bias.size(0) == weight.size(0), where, "bias ", shape_to_string(bias.shape()),
             " does not match weight ", shape_to_string(weight.shape()), ": expected [", weight.size(0), "]");
    TG_CHECK(bias.dtype() == weight.dtype(), where, "bias is ", dtype_name(bias.dtype()), " but weight is ",
             dtype_name(weight.dtype()));
  }
  if (bias.defined()) {  // the bias folded into the GEMM (AddmmBackward, as LibTorch): no separate bias pass
    Tensor fused = detail::linear_with_bias(input, weight, bias);
    if (fused.defined()) return fused;
  }
  Tensor out;
  if (input.dim() == 2) {
    // BLAS transposes W through a flag: no [in, out] copy is made.
    out = mm(input, weight, false, true);
  } else {
    Shape out_shape = input.shape();
    out_shape.back() = weight.size(0);
    out = mm(reshape(input, {-1, in}), weight, false, true).reshape(out_shape);
  }
  return bias.defined() ? out + bias : out;
}

}  // namespace

LinearImpl::LinearImpl(const LinearOptions& options_) : options(options_) { reset(); }

LinearImpl::LinearImpl(std::int64_t in_features, std::int64_t out_features, bool with_bias, TensorOptions dtype)
    : options(LinearOptions(in_features, out_features).bias(with_bias)), dtype_(dtype.dtype_) {
  reset();
}

void LinearImpl::reset() {
  const std::int64_t in_features = options.in_features();
  const std::int64_t out_features = options.out_features();
  TG_CHECK(in_features > 0 && out_features > 0, "Linear", "in_features and out_features must be positive, got ",
           in_features, " and ", out_features);
  TG_CHECK(is_floating_point(dtype_), "Linear", "parameters must be float32 or float64, got ", dtype_name(dtype_));
  // Named allocations: Linear(1 << 40, 4) says "Linear: cannot allocate 16 TiB for a [4, ...] tensor".
  auto parameter = [&](const Shape& shape) {
    return detail::empty(detail::to_xshape(shape, "Linear"), dtype_, "Linear");
  };
  weight = register_parameter("weight", parameter({out_features, in_features}));
  bias = options.bias() ? register_parameter("bias", parameter({out_features})) : Tensor();
  reset_parameters();
}

void LinearImpl::reset_parameters() {
  init::kaiming_uniform_(weight, std::sqrt(5.0));
  if (bias.defined()) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(options.in_features()));
    init::uniform_(bias, -bound, bound);
  }
}

Tensor LinearImpl::forward(const Tensor& input) { return checked_linear("Linear", input, weight, bias); }

std::string LinearImpl::extra_repr() const {
  std::ostringstream out;
  out << "in_features=" << options.in_features() << ", out_features=" << options.out_features()
      << ", bias=" << (bias.defined() ? "true" : "false");
  return out.str();
}

Tensor functional::linear(const Tensor& input, const Tensor& weight, const Tensor& bias) {
  return checked_linear("linear", input, weight, bias);
}

}  // namespace tapegrad::nn
