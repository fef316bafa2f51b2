#pragma once
/// How a loss reduces its per-element values, as torch::nn's reduction option.
#include <string>

namespace tapegrad::nn {

/// None keeps one loss per element (or per sample), Mean averages them (the default), Sum adds
/// them: `F::mse_loss(y_hat, y, tg::kSum)`, `F::MSELossFuncOptions().reduction(tg::kSum)`.
enum class Reduction { None, Mean, Sum };

/// "none", "mean" or "sum" (as PyTorch's reduction strings), for printing.
std::string reduction_name(Reduction reduction);

}  // namespace tapegrad::nn

namespace tapegrad {
/// LibTorch's spellings: torch::kNone, torch::kMean, torch::kSum. (LibTorch gives each its own
/// type in torch::enumtype; here they are values of one enum, which every options class and
/// functional loss accepts.)
constexpr nn::Reduction kNone = nn::Reduction::None;
constexpr nn::Reduction kMean = nn::Reduction::Mean;
constexpr nn::Reduction kSum = nn::Reduction::Sum;
namespace nn {
using tapegrad::kMean;  // the same constants under tg::nn, so `using namespace` of both is never ambiguous
using tapegrad::kNone;
using tapegrad::kSum;
}  // namespace nn
}  // namespace tapegrad
