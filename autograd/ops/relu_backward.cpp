// relu_backward (see relu_backward.hpp). Compiled with -O3 (CMakeLists.txt): the select
// below vectorises into a blend; at -O2 it stayed a mispredicted branch per element.
#include "relu_backward.hpp"

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/function.hpp>

#include "kernel_utils.hpp"

namespace tapegrad::detail {

namespace {
template <typename T>
void select_positive(const T* __restrict g, const T* __restrict x, T* __restrict out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const T gi = g[i];  // loaded unconditionally: the select then vectorises (no branch per element)
    out[i] = x[i] > T(0) ? gi : T(0);
  }
}

// The common case, contiguous operands of one shape, as a plain loop the compiler vectorises.
Tensor dense_relu_backward(const Tensor& g, const Tensor& x) {
  if (!g.is_contiguous() || !x.is_contiguous() || g.shape() != x.shape() || g.dtype() != x.dtype() ||
      (g.dtype() != kFloat32 && g.dtype() != kFloat64))
    return Tensor();
  Tensor out = tapegrad::empty(g.shape(), TensorOptions().dtype(g.dtype()));
  const auto n = static_cast<std::size_t>(g.numel());
  if (g.dtype() == kFloat32) {
    select_positive(g.data_ptr<float>(), x.data_ptr<float>(), out.data_ptr<float>(), n);
  } else {
    select_positive(g.data_ptr<double>(), x.data_ptr<double>(), out.data_ptr<double>(), n);
  }
  return out;
}
}  // namespace

Tensor relu_backward(const Tensor& g, const Tensor& x) {
  Tensor out = dense_relu_backward(g, x);
  if (!out.defined())
    out = map_binary(g, x, "relu_backward", [](const auto& gv, const auto& xv, auto tag) {
      using T = decltype(tag);
      return xt::where(xv > T(0), gv, T(0));
    });
  if (!autograd::should_record(g)) return out;
  return autograd::record("ReluBackwardBackward", out, {g},
                          [x](const Tensor& gg) { return detail::GradList{relu_backward(gg, x)}; }, {x});
}

}  // namespace tapegrad::detail
