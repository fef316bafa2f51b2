// A user-defined differentiable op in one file: softsign(x) = x / (1 + |x|).
#pragma once
#include <tapegrad/autograd/xtensor_interop.hpp>  // raw xtensor access for the forward pass
#include <tapegrad/tapegrad.hpp>

namespace my_ops {
namespace tg = tapegrad;

inline tg::Tensor softsign(const tg::Tensor& x) {
  // Forward: any code that fills a new tensor. Here one fused xtensor expression, evaluated once.
  tg::Tensor y = x.dtype() == tg::kFloat64
                     ? tg::from_xtensor(tg::xtensor_view<double>(x) / (1.0 + xt::abs(tg::xtensor_view<double>(x))))
                     : tg::from_xtensor(tg::xtensor_view<float>(x) / (1.0f + xt::abs(tg::xtensor_view<float>(x))));
  if (!tg::autograd::should_record(x)) return y;  // nothing to record: no input needs a gradient
  // Backward, right beside it: d/dx = 1 / (1 + |x|)^2, written with Tensor ops so that
  // second derivatives (create_graph=true) come for free.
  return tg::autograd::record("SoftsignBackward", y, {x}, [x](const tg::Tensor& grad) {
    tg::Tensor denom = 1.0 + tg::abs(x);
    return std::vector<tg::Tensor>{grad / (denom * denom)};
  });
}

}  // namespace my_ops
