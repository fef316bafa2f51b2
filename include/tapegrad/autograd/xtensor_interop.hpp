#pragma once
/// Moving data between tapegrad tensors and xtensor. Including this header pulls in xtensor;
/// the rest of the public API does not.
///
///     xt::xarray<double> a = {{1, 2}, {3, 4}};
///     tg::Tensor t = tg::from_xtensor(a);          // copies; dtype from the element type
///     xt::xarray<double> back = tg::to_xarray<double>(t * 2.0);
///     auto view = tg::xtensor_view<double>(t);     // no copy: writes go to t's storage
#include <tapegrad/autograd/tensor_impl.hpp>

namespace tapegrad {

/// A tensor holding a copy of any xtensor expression (xarray, xtensor, views, lazy expressions)
/// of float, double or int64_t elements.
template <typename E>
Tensor from_xtensor(const xt::xexpression<E>& expression, bool requires_grad = false) {
  using T = typename E::value_type;
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>,
                "from_xtensor: element type must be float, double or int64_t");
  Tensor t = detail::from_expression<T>(expression.derived_cast());
  if (requires_grad) t.requires_grad_(true);
  return t;
}

/// Same as from_xtensor, spelled like the other creation functions.
template <typename T>
Tensor tensor(const xt::xarray<T>& array, TensorOptions options = detail::dtype_of<T>()) {
  return from_xtensor(array, options.requires_grad_).to(options.dtype_);
}

/// A view on the tensor's own storage (no copy). T must match its dtype, and the tensor must be
/// contiguous (call contiguous() on a transposed or sliced view first).
template <typename T>
auto xtensor_view(const Tensor& t) {
  TG_CHECK(t.defined() && t.dtype() == detail::dtype_of<T>(), "xtensor_view", "requested ",
           dtype_name(detail::dtype_of<T>()), " elements of a ", t.defined() ? dtype_name(t.dtype()) : "undefined",
           " tensor");
  TG_CHECK(t.is_contiguous(), "xtensor_view", "the tensor is a strided view (shape ", shape_to_string(t.shape()),
           ", strides ", shape_to_string(t.strides()), "); call contiguous() first");
  return detail::xview<T>(t);
}

/// A copy of the tensor's elements as an xt::xarray<T> (converting the element type if needed).
template <typename T>
xt::xarray<T> to_xarray(const Tensor& t) {
  TG_CHECK(t.defined(), "to_xarray", "got an undefined tensor");
  Tensor same = detail::dense(t.to(detail::dtype_of<T>()).detach());
  return xt::xarray<T>(detail::xview<T>(same));
}

}  // namespace tapegrad
