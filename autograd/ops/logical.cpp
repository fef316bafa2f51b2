// Bool-valued elementwise ops. They produce constants (no gradient), so none records a node.
#include <tapegrad/autograd/ops/logical.hpp>

#include <cmath>

#include "kernel_utils.hpp"

namespace tapegrad {

namespace {

// out[i] = predicate(x[i]) as bool, read in x's own dtype.
template <typename F>
Tensor test(const Tensor& x, const char* op, F&& predicate) {
  detail::checked(x, op);
  Tensor xd = detail::dense(x);
  const auto& impl = *xd.impl();
  Tensor out = detail::empty(impl.shape, kBool);
  bool* o = out.impl()->data<bool>();
  detail::dispatch_all(impl.dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* p = impl.data<T>();
    for (std::size_t i = 0; i < impl.numel(); ++i) o[i] = predicate(p[i]);
  });
  return out;
}

// The truth values of x (x != 0), as a bool tensor: x itself when it is one.
Tensor truth(const Tensor& x, const char* op) {
  detail::checked(x, op);
  if (x.dtype() == kBool) return x;
  return test(x, op, [](auto v) { return v != 0; });
}

template <typename F>
Tensor combine(const Tensor& a, const Tensor& b, const char* op, F&& f) {
  Tensor ta = detail::dense(truth(a, op)), tb = detail::dense(truth(b, op));
  return detail::binary_kernel(
      ta, tb, kBool, op, [](Dtype, auto&& g) { return g(bool{}); }, std::forward<F>(f));
}

}  // namespace

Tensor isnan(const Tensor& x) {
  return test(x, "isnan", [](auto v) {
    if constexpr (std::is_floating_point_v<decltype(v)>) return std::isnan(v);
    return false;
  });
}

Tensor isinf(const Tensor& x) {
  return test(x, "isinf", [](auto v) {
    if constexpr (std::is_floating_point_v<decltype(v)>) return std::isinf(v);
    return false;
  });
}

Tensor isfinite(const Tensor& x) {
  return test(x, "isfinite", [](auto v) {
    if constexpr (std::is_floating_point_v<decltype(v)>) return std::isfinite(v);
    return true;
  });
}

Tensor logical_and(const Tensor& a, const Tensor& b) {
  return combine(a, b, "logical_and", [](const auto& x, const auto& y, auto) { return x && y; });
}
Tensor logical_or(const Tensor& a, const Tensor& b) {
  return combine(a, b, "logical_or", [](const auto& x, const auto& y, auto) { return x || y; });
}
Tensor logical_xor(const Tensor& a, const Tensor& b) {
  return combine(a, b, "logical_xor", [](const auto& x, const auto& y, auto) { return xt::not_equal(x, y); });
}
Tensor logical_not(const Tensor& x) {
  return test(x, "logical_not", [](auto v) { return v == 0; });
}

}  // namespace tapegrad
