// A user-defined differentiable op in one file: softsign(x) = x / (1 + |x|).
#pragma once
#include <tapegrad/autograd/xtensor_interop.hpp>  // raw xtensor access for the forward pass
#include <tapegrad/tapegrad.hpp>

namespace my_ops {
namespace tg = tapegrad;

inline tg::Tensor softsign(const tg::Tensor& x) {
  // Forward: any code that fills a new tensor. Here one fused xtensor expression, evaluated once,
  // over contiguous memory (contiguous() copies a transposed or sliced view, and only then).
  tg::Tensor xc = x.contiguous();
  tg::Tensor y = x.dtype() == tg::kFloat64
                     ? tg::from_xtensor(tg::xtensor_view<double>(xc) / (1.0 + xt::abs(tg::xtensor_view<double>(xc))))
                     : tg::from_xtensor(tg::xtensor_view<float>(xc) / (1.0f + xt::abs(tg::xtensor_view<float>(xc))));
  if (!tg::autograd::should_record(x)) return y;  // nothing to record: no input needs a gradient
  // Backward, right beside it: d/dx = 1 / (1 + |x|)^2, written with Tensor ops so that
  // second derivatives (create_graph=true) come for free. The closure captures x; listing it
  // as saved makes backward refuse it if x is later modified in place.
  return tg::autograd::record("SoftsignBackward", y, {x},
                              [x](const tg::Tensor& grad) {
                                tg::Tensor denom = 1.0 + tg::abs(x);
                                return std::vector<tg::Tensor>{grad / (denom * denom)};
                              },
                              /*saved=*/{x});
}

}  // namespace my_ops
