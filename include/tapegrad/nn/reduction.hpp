#pragma once
/// How a loss reduces its per-element values, as torch::nn's reduction option.
#include <string>

namespace tapegrad::nn {

/// None keeps one loss per element (or per sample), Mean averages them (the default), Sum adds
/// them: `tg::nn::functional::mse_loss(y_hat, y, tg::nn::Reduction::Sum)`.
enum class Reduction { None, Mean, Sum };

constexpr Reduction kNone = Reduction::None;  ///< LibTorch spelling: torch::kNone
constexpr Reduction kMean = Reduction::Mean;  ///< LibTorch spelling: torch::kMean
constexpr Reduction kSum = Reduction::Sum;    ///< LibTorch spelling: torch::kSum

/// "none", "mean" or "sum" (as PyTorch's reduction strings), for printing.
std::string reduction_name(Reduction reduction);

}  // namespace tapegrad::nn
