#include <tapegrad/nn/init.hpp>

#include <cmath>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/error.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>

namespace tapegrad::nn::init {

namespace {

void check_floating(const char* where, const Tensor& tensor) {
  TG_CHECK(tensor.defined(), where, "the tensor is undefined");
  TG_CHECK(tensor.is_floating_point(), where, "expects a float32 or float64 tensor, got ", dtype_name(tensor.dtype()));
}

std::int64_t fan(const char* where, const Tensor& tensor, FanMode mode) {
  check_floating(where, tensor);
  TG_CHECK(tensor.dim() >= 2, where, "fan in and fan out need a tensor of at least 2 dimensions, got ",
           shape_to_string(tensor.shape()));
  auto [fan_in, fan_out] = calculate_fan_in_and_fan_out(tensor);
  const std::int64_t result = mode == FanMode::FanIn ? fan_in : fan_out;
  TG_CHECK(result > 0, where, "cannot initialise a tensor with a zero fan, shape ", shape_to_string(tensor.shape()));
  return result;
}

// Overwrites `tensor` with `values` (same shape and dtype).
void assign(Tensor& tensor, const Tensor& values) { tensor.copy_(values); }

}  // namespace

double calculate_gain(Nonlinearity nonlinearity, std::optional<double> param) {
  switch (nonlinearity) {
    case Nonlinearity::Linear:
    case Nonlinearity::Conv1D:
    case Nonlinearity::Conv2D:
    case Nonlinearity::Conv3D:
    case Nonlinearity::Sigmoid:
      return 1.0;
    case Nonlinearity::Tanh:
      return 5.0 / 3.0;
    case Nonlinearity::ReLU:
      return std::sqrt(2.0);
    case Nonlinearity::LeakyReLU: {
      const double slope = param.value_or(0.01);
      return std::sqrt(2.0 / (1.0 + slope * slope));
    }
    case Nonlinearity::SELU:
      return 3.0 / 4.0;
  }
  detail::fail("calculate_gain", "unknown nonlinearity");
}

std::pair<std::int64_t, std::int64_t> calculate_fan_in_and_fan_out(const Tensor& tensor) {
  TG_CHECK(tensor.defined(), "calculate_fan_in_and_fan_out", "the tensor is undefined");
  TG_CHECK(tensor.dim() >= 2, "calculate_fan_in_and_fan_out",
           "fan in and fan out need a tensor of at least 2 dimensions, got ", shape_to_string(tensor.shape()));
  std::int64_t receptive_field = 1;
  for (std::int64_t d = 2; d < tensor.dim(); ++d) receptive_field *= tensor.size(d);
  return {tensor.size(1) * receptive_field, tensor.size(0) * receptive_field};
}

Tensor constant_(Tensor tensor, double value) {
  check_floating("constant_", tensor);
  NoGradGuard no_grad;
  tensor.fill_(value);
  return tensor;
}

Tensor zeros_(Tensor tensor) {
  check_floating("zeros_", tensor);
  NoGradGuard no_grad;
  tensor.zero_();
  return tensor;
}

Tensor ones_(Tensor tensor) {
  check_floating("ones_", tensor);
  NoGradGuard no_grad;
  tensor.fill_(1.0);
  return tensor;
}

Tensor uniform_(Tensor tensor, double a, double b) {
  check_floating("uniform_", tensor);
  TG_CHECK(a <= b, "uniform_", "expects a <= b, got a=", a, " > b=", b);
  NoGradGuard no_grad;
  assign(tensor, uniform(tensor.shape(), a, b, tensor.dtype()));
  return tensor;
}

Tensor normal_(Tensor tensor, double mean, double std) {
  check_floating("normal_", tensor);
  TG_CHECK(std >= 0, "normal_", "expects std >= 0, got ", std);
  NoGradGuard no_grad;
  assign(tensor, randn(tensor.shape(), tensor.dtype()) * std + mean);
  return tensor;
}

Tensor xavier_uniform_(Tensor tensor, double gain) {
  const auto fan_in = fan("xavier_uniform_", tensor, FanMode::FanIn);
  const auto fan_out = fan("xavier_uniform_", tensor, FanMode::FanOut);
  const double bound = gain * std::sqrt(6.0 / static_cast<double>(fan_in + fan_out));
  return uniform_(std::move(tensor), -bound, bound);
}

Tensor xavier_normal_(Tensor tensor, double gain) {
  const auto fan_in = fan("xavier_normal_", tensor, FanMode::FanIn);
  const auto fan_out = fan("xavier_normal_", tensor, FanMode::FanOut);
  return normal_(std::move(tensor), 0.0, gain * std::sqrt(2.0 / static_cast<double>(fan_in + fan_out)));
}

Tensor kaiming_uniform_(Tensor tensor, double a, FanMode mode, Nonlinearity nonlinearity) {
  const auto n = fan("kaiming_uniform_", tensor, mode);
  const double bound = std::sqrt(3.0) * calculate_gain(nonlinearity, a) / std::sqrt(static_cast<double>(n));
  return uniform_(std::move(tensor), -bound, bound);
}

Tensor kaiming_normal_(Tensor tensor, double a, FanMode mode, Nonlinearity nonlinearity) {
  const auto n = fan("kaiming_normal_", tensor, mode);
  return normal_(std::move(tensor), 0.0, calculate_gain(nonlinearity, a) / std::sqrt(static_cast<double>(n)));
}

}  // namespace tapegrad::nn::init
