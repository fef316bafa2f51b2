#pragma once
/// LibTorch source compatibility: `#include <tapegrad/torch.hpp>` in place of
/// `#include <torch/torch.h>` makes `torch::` name tapegrad, with LibTorch's macros, so a CPU
/// LibTorch program builds against tapegrad unchanged (docs/from-libtorch.md lists what differs).
///
///     #include <tapegrad/torch.hpp>
///     struct NetImpl : torch::nn::Module { ... };
///     TORCH_MODULE(Net);
#include <tapegrad/nn/aten_losses.hpp>
#include <tapegrad/tapegrad.hpp>

namespace torch = tapegrad;

/// ATen's integer reductions, for the top-level losses: `torch::mse_loss(x, y, at::Reduction::Sum)`.
namespace at {
namespace Reduction {
enum Reduction { None, Mean, Sum, END };
}  // namespace Reduction
}  // namespace at

/// LibTorch's spelling of TG_MODULE / TG_MODULE_IMPL / TG_ARG.
#define TORCH_MODULE(Name) TG_MODULE(Name)
#define TORCH_MODULE_IMPL(Name, ImplType) TG_MODULE_IMPL(Name, ImplType)
#define TORCH_ARG(T, name) TG_ARG(T, name)
