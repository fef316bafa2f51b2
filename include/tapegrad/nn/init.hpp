#pragma once
/// tapegrad::nn::init: in-place parameter initialisers, as torch::nn::init. Each one fills
/// its tensor from tg's seeded generator (tg::manual_seed) without recording on the tape, and
/// returns the tensor.
///
///     tg::nn::init::kaiming_normal_(fc->weight, 0.0, tg::nn::init::FanMode::FanIn,
///                                   tg::nn::init::Nonlinearity::ReLU);
///     tg::nn::init::zeros_(fc->bias);
///
/// The two classic schemes need no initialiser at all, one line each:
///
///     tg::Tensor w = tg::randn({n, m}) * 0.01;                       // small random
///     tg::Tensor w = tg::randn({n, m}) / std::sqrt(double(fan_in));  // "Xavier" 1/sqrt(n)
#include <cstdint>
#include <optional>
#include <utility>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad::nn::init {

/// The non-linearity an initialiser is tuned for (torch::kReLU etc.).
enum class Nonlinearity { Linear, Conv1D, Conv2D, Conv3D, Sigmoid, Tanh, ReLU, LeakyReLU, SELU };

/// Which fan keeps the variance: of activations (FanIn, the default) or of gradients (FanOut).
enum class FanMode { FanIn, FanOut };

/// The recommended gain for `nonlinearity`, as torch.nn.init.calculate_gain: 1 for Linear,
/// ConvND and Sigmoid, 5/3 for Tanh, sqrt(2) for ReLU, sqrt(2 / (1 + slope^2)) for LeakyReLU
/// (slope = `param`, default 0.01), 3/4 for SELU.
double calculate_gain(Nonlinearity nonlinearity, std::optional<double> param = std::nullopt);

/// {fan_in, fan_out} of a weight of at least 2 dimensions: size(1) and size(0), each times the
/// product of the sizes beyond the second (the receptive field), as PyTorch's
/// _calculate_fan_in_and_fan_out. A Linear weight [out, in] gives {in, out}.
std::pair<std::int64_t, std::int64_t> calculate_fan_in_and_fan_out(const Tensor& tensor);

Tensor zeros_(Tensor tensor);                   ///< fills with 0
Tensor ones_(Tensor tensor);                    ///< fills with 1
Tensor constant_(Tensor tensor, double value);  ///< fills with `value`
/// U(a, b); requires a <= b.
Tensor uniform_(Tensor tensor, double a = 0.0, double b = 1.0);
/// N(mean, std^2); requires std >= 0.
Tensor normal_(Tensor tensor, double mean = 0.0, double std = 1.0);

/// U(-r, r) with r = gain * sqrt(6 / (fan_in + fan_out)) (Glorot & Bengio 2010).
Tensor xavier_uniform_(Tensor tensor, double gain = 1.0);
/// N(0, s^2) with s = gain * sqrt(2 / (fan_in + fan_out)).
Tensor xavier_normal_(Tensor tensor, double gain = 1.0);
/// U(-r, r) with r = sqrt(3) * gain / sqrt(fan), gain = calculate_gain(nonlinearity, a)
/// (He et al. 2015); `a` is the negative slope of a LeakyReLU. Linear layers use a = sqrt(5).
Tensor kaiming_uniform_(Tensor tensor, double a = 0.0, FanMode mode = FanMode::FanIn,
                        Nonlinearity nonlinearity = Nonlinearity::LeakyReLU);
/// N(0, s^2) with s = gain / sqrt(fan), gain as kaiming_uniform_.
Tensor kaiming_normal_(Tensor tensor, double a = 0.0, FanMode mode = FanMode::FanIn,
                       Nonlinearity nonlinearity = Nonlinearity::LeakyReLU);

}  // namespace tapegrad::nn::init
