// Sums of integer and bool tensors: int64 results, as torch.sum (a mask sums to its count).
// Integers take no gradient, so nothing is recorded.
#include <optional>

#include "kernel_utils.hpp"

namespace tapegrad::detail {

Tensor sum_integral(const Tensor& x, std::optional<std::int64_t> axis_arg, bool keepdim) {
  checked(x, "sum");
  Tensor xd = dense(x);
  const auto& impl = *xd.impl();
  std::size_t axis = 0;
  AxisLayout l;
  XShape shape;
  if (axis_arg) {
    axis = wrap_axis(*axis_arg, impl.shape.size(), "sum");
    l = axis_layout(impl.shape, axis);
    for (std::size_t d = 0; d < impl.shape.size(); ++d)
      if (d != axis)
        shape.push_back(impl.shape[d]);
      else if (keepdim)
        shape.push_back(1);
  } else {
    l.n = impl.numel();
  }
  Tensor out = empty(shape, kInt64);
  std::int64_t* o = out.impl()->data<std::int64_t>();
  dispatch_all(impl.dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* in = impl.data<T>();
    for (std::size_t a = 0; a < l.outer; ++a)
      for (std::size_t c = 0; c < l.inner; ++c) {
        // Wrapping on overflow, as PyTorch's int64 sum (unsigned arithmetic: defined behaviour).
        std::uint64_t acc = 0;
        for (std::size_t k = 0; k < l.n; ++k)
          acc += static_cast<std::uint64_t>(static_cast<std::int64_t>(in[(a * l.n + k) * l.inner + c]));
        o[a * l.inner + c] = static_cast<std::int64_t>(acc);
      }
  });
  return out;
}

}  // namespace tapegrad::detail
