// linear_with_bias (see fused_linear.hpp).
#include <tapegrad/autograd/ops/fused_linear.hpp>

#include <algorithm>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/function.hpp>
#include <tapegrad/autograd/ops/linalg.hpp>
#include <tapegrad/autograd/ops/reduction.hpp>
#include "../gemm.hpp"

namespace tapegrad::detail {

Tensor linear_with_bias(const Tensor& input, const Tensor& weight, const Tensor& bias) {
  if (!input.defined() || !weight.defined() || !bias.defined() || input.dim() != 2 || weight.dim() != 2 ||
      bias.dim() != 1 || !input.is_contiguous() || !weight.is_contiguous() || !bias.is_contiguous() ||
      input.dtype() != weight.dtype() || bias.dtype() != weight.dtype() ||
      (weight.dtype() != kFloat32 && weight.dtype() != kFloat64) || input.size(1) != weight.size(1) ||
      bias.size(0) != weight.size(0) || input.numel() == 0 || weight.numel() == 0)
    return Tensor();
  const std::int64_t n = input.size(0), in = input.size(1), out_features = weight.size(0);
  Tensor out = tapegrad::empty({n, out_features}, TensorOptions().dtype(weight.dtype()));
  auto run = [&](auto tag) {
    using T = decltype(tag);
    T* c = out.data_ptr<T>();
    const T* b = bias.data_ptr<T>();
    for (std::int64_t i = 0; i < n; ++i) std::copy(b, b + out_features, c + i * out_features);
    const auto rows = static_cast<std::size_t>(n), cols = static_cast<std::size_t>(out_features),
               inner = static_cast<std::size_t>(in);
    gemm(false, true, rows, cols, inner, T(1), input.data_ptr<T>(), inner, weight.data_ptr<T>(), inner, T(1), c, cols,
         GemmSplit::kKeepB);
  };
  if (weight.dtype() == kFloat32) {
    run(float{});
  } else {
    run(double{});
  }
  if (!autograd::should_record({&input, &weight, &bias})) return out;
  // the input's gradient needs W, W's needs the input: save only those
  Tensor saved_input = weight.requires_grad() ? input : Tensor();
  Tensor saved_weight = input.requires_grad() ? weight : Tensor();
  const bool bias_grad = bias.requires_grad();
  return autograd::record("AddmmBackward", out, {input, weight, bias},
                          [saved_input, saved_weight, bias_grad](const Tensor& g) {
                            Tensor gx, gw, gb;
                            if (saved_weight.defined()) gx = mm(g, saved_weight);
                            if (saved_input.defined()) gw = mm(g, saved_input, true, false);
                            if (bias_grad) gb = sum(g, 0);
                            return detail::GradList{gx, gw, gb};
                          },
                          {saved_input, saved_weight});
}

}  // namespace tapegrad::detail
