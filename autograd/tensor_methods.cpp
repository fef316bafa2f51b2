// Tensor's op methods: each forwards to the free function of the same name, so that the
// method and function spellings can never disagree.
#include <tapegrad/autograd/autograd.hpp>
#include <tapegrad/autograd/node_impl.hpp>

namespace tapegrad {

Tensor Tensor::matmul(const Tensor& other) const { return tapegrad::matmul(*this, other); }
Tensor Tensor::mm(const Tensor& other) const { return tapegrad::mm(*this, other); }
Tensor Tensor::sum() const { return tapegrad::sum(*this); }
Tensor Tensor::sum(std::int64_t axis, bool keepdim) const { return tapegrad::sum(*this, axis, keepdim); }
Tensor Tensor::mean() const { return tapegrad::mean(*this); }
Tensor Tensor::mean(std::int64_t axis, bool keepdim) const { return tapegrad::mean(*this, axis, keepdim); }
Tensor Tensor::max() const { return tapegrad::max(*this); }
std::tuple<Tensor, Tensor> Tensor::max(std::int64_t dim, bool keepdim) const {
  return tapegrad::max(*this, dim, keepdim);
}
Tensor Tensor::min() const { return tapegrad::min(*this); }
std::tuple<Tensor, Tensor> Tensor::min(std::int64_t dim, bool keepdim) const {
  return tapegrad::min(*this, dim, keepdim);
}
Tensor Tensor::var(bool unbiased) const { return tapegrad::var(*this, unbiased); }
Tensor Tensor::var(std::int64_t axis, bool unbiased, bool keepdim) const {
  return tapegrad::var(*this, axis, unbiased, keepdim);
}
Tensor Tensor::argmax() const { return tapegrad::argmax(*this); }
Tensor Tensor::argmax(std::int64_t axis, bool keepdim) const { return tapegrad::argmax(*this, axis, keepdim); }
Tensor Tensor::argmin() const { return tapegrad::argmin(*this); }
Tensor Tensor::argmin(std::int64_t axis, bool keepdim) const { return tapegrad::argmin(*this, axis, keepdim); }
Tensor Tensor::softmax(std::int64_t axis) const { return tapegrad::softmax(*this, axis); }
Tensor Tensor::log_softmax(std::int64_t axis) const { return tapegrad::log_softmax(*this, axis); }
Tensor Tensor::exp() const { return tapegrad::exp(*this); }
Tensor Tensor::log() const { return tapegrad::log(*this); }
Tensor Tensor::sqrt() const { return tapegrad::sqrt(*this); }
Tensor Tensor::abs() const { return tapegrad::abs(*this); }
Tensor Tensor::neg() const { return tapegrad::neg(*this); }
Tensor Tensor::tanh() const { return tapegrad::tanh(*this); }
Tensor Tensor::sigmoid() const { return tapegrad::sigmoid(*this); }
Tensor Tensor::relu() const { return tapegrad::relu(*this); }
Tensor Tensor::pow(double exponent) const { return tapegrad::pow(*this, exponent); }
Tensor Tensor::pow(const Tensor& exponent) const { return tapegrad::pow(*this, exponent); }
Tensor Tensor::pow_integer(std::int64_t exponent) const { return detail::pow_integer(*this, exponent); }
Tensor Tensor::clamp(std::optional<Scalar> lo, std::optional<Scalar> hi) const {
  return tapegrad::clamp(*this, lo, hi);
}
Tensor Tensor::clamp_min(const Scalar& min) const { return tapegrad::clamp_min(*this, min); }
Tensor Tensor::clamp_max(const Scalar& max) const { return tapegrad::clamp_max(*this, max); }
Tensor Tensor::reshape(const Shape& shape) const { return tapegrad::reshape(*this, shape); }
Tensor Tensor::view(const Shape& shape) const { return tapegrad::view(*this, shape); }
Tensor Tensor::flatten(std::int64_t start_dim, std::int64_t end_dim) const {
  return tapegrad::flatten(*this, start_dim, end_dim);
}
Tensor Tensor::squeeze() const { return tapegrad::squeeze(*this); }
Tensor Tensor::squeeze(std::int64_t dim) const { return tapegrad::squeeze(*this, dim); }
Tensor Tensor::unsqueeze(std::int64_t dim) const { return tapegrad::unsqueeze(*this, dim); }
Tensor Tensor::transpose(std::int64_t dim0, std::int64_t dim1) const { return tapegrad::transpose(*this, dim0, dim1); }
Tensor Tensor::t() const {
  TG_CHECK(dim() <= 2, "t", "expects a tensor with <= 2 dimensions, got ", dim());
  if (dim() < 2) return *this;
  std::uint64_t since = detail::next_node_sequence();
  return autograd::name_result(tapegrad::transpose(*this, 0, 1), "TBackward", since);
}
Tensor Tensor::diagonal(std::int64_t offset, std::int64_t dim1, std::int64_t dim2) const {
  return tapegrad::diagonal(*this, offset, dim1, dim2);
}
Tensor Tensor::permute(const Shape& dims) const { return tapegrad::permute(*this, dims); }
Tensor Tensor::expand(const Shape& shape) const { return tapegrad::expand(*this, shape); }
Tensor Tensor::narrow(std::int64_t dim, std::int64_t start, std::int64_t length) const {
  return tapegrad::narrow(*this, dim, start, length);
}
Tensor Tensor::slice(std::int64_t dim, std::optional<std::int64_t> start, std::optional<std::int64_t> end,
                     std::int64_t step) const {
  return tapegrad::slice(*this, dim, start, end, step);
}
Tensor Tensor::select(std::int64_t dim, std::int64_t index) const { return tapegrad::select(*this, dim, index); }
Tensor Tensor::index_select(std::int64_t dim, const Tensor& index) const {
  return tapegrad::index_select(*this, dim, index);
}
Tensor Tensor::gather(std::int64_t dim, const Tensor& index) const { return tapegrad::gather(*this, dim, index); }
Tensor Tensor::masked_fill(const Tensor& mask, double value) const { return tapegrad::masked_fill(*this, mask, value); }
Tensor Tensor::eq(const Tensor& other) const { return tapegrad::eq(*this, other); }
Tensor Tensor::ne(const Tensor& other) const { return tapegrad::ne(*this, other); }
Tensor Tensor::gt(const Tensor& other) const { return tapegrad::gt(*this, other); }
Tensor Tensor::lt(const Tensor& other) const { return tapegrad::lt(*this, other); }
Tensor Tensor::ge(const Tensor& other) const { return tapegrad::ge(*this, other); }
Tensor Tensor::le(const Tensor& other) const { return tapegrad::le(*this, other); }
Tensor Tensor::isclose(const Tensor& other, double rtol, double atol, bool equal_nan) const {
  return tapegrad::isclose(*this, other, rtol, atol, equal_nan);
}
bool Tensor::allclose(const Tensor& other, double rtol, double atol, bool equal_nan) const {
  return tapegrad::allclose(*this, other, rtol, atol, equal_nan);
}
bool Tensor::equal(const Tensor& other) const { return tapegrad::equal(*this, other); }

}  // namespace tapegrad
