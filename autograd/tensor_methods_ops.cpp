// The Tensor methods added with issue 7: each is the free function of the same name.
#include <tapegrad/autograd/autograd.hpp>

namespace tapegrad {

using Dims = std::vector<std::int64_t>;

Tensor Tensor::sum(const Dims& dims, bool keepdim) const { return tapegrad::sum(*this, dims, keepdim); }
Tensor Tensor::mean(const Dims& dims, bool keepdim) const { return tapegrad::mean(*this, dims, keepdim); }
Tensor Tensor::var(const Dims& dims, bool unbiased, bool keepdim) const {
  return tapegrad::var(*this, dims, unbiased, keepdim);
}
Tensor Tensor::var(std::optional<Dims> dims, std::optional<std::int64_t> correction, bool keepdim) const {
  return tapegrad::var(*this, std::move(dims), correction, keepdim);
}
Tensor Tensor::std(bool unbiased) const { return tapegrad::std(*this, unbiased); }
Tensor Tensor::std(std::int64_t dim, bool unbiased, bool keepdim) const {
  return tapegrad::std(*this, dim, unbiased, keepdim);
}
Tensor Tensor::std(const Dims& dims, bool unbiased, bool keepdim) const {
  return tapegrad::std(*this, dims, unbiased, keepdim);
}
Tensor Tensor::std(std::optional<Dims> dims, std::optional<std::int64_t> correction, bool keepdim) const {
  return tapegrad::std(*this, std::move(dims), correction, keepdim);
}
Tensor Tensor::amax(const Dims& dims, bool keepdim) const { return tapegrad::amax(*this, dims, keepdim); }
Tensor Tensor::amin(const Dims& dims, bool keepdim) const { return tapegrad::amin(*this, dims, keepdim); }
Tensor Tensor::logsumexp(std::int64_t dim, bool keepdim) const { return tapegrad::logsumexp(*this, dim, keepdim); }
Tensor Tensor::logsumexp(const Dims& dims, bool keepdim) const { return tapegrad::logsumexp(*this, dims, keepdim); }
Tensor Tensor::norm(double p) const { return tapegrad::norm(*this, p); }
Tensor Tensor::norm(double p, const Dims& dims, bool keepdim) const { return tapegrad::norm(*this, p, dims, keepdim); }
Tensor Tensor::prod() const { return tapegrad::prod(*this); }
Tensor Tensor::prod(std::int64_t dim, bool keepdim) const { return tapegrad::prod(*this, dim, keepdim); }
Tensor Tensor::prod(Dtype dtype) const { return tapegrad::prod(*this, dtype); }
Tensor Tensor::prod(std::int64_t dim, bool keepdim, Dtype dtype) const {
  return tapegrad::prod(*this, dim, keepdim, dtype);
}
Tensor Tensor::all() const { return tapegrad::all(*this); }
Tensor Tensor::all(std::int64_t dim, bool keepdim) const { return tapegrad::all(*this, dim, keepdim); }
Tensor Tensor::any() const { return tapegrad::any(*this); }
Tensor Tensor::any(std::int64_t dim, bool keepdim) const { return tapegrad::any(*this, dim, keepdim); }
Tensor Tensor::count_nonzero(const Dims& dims) const { return tapegrad::count_nonzero(*this, dims); }
Tensor Tensor::sin() const { return tapegrad::sin(*this); }
Tensor Tensor::cos() const { return tapegrad::cos(*this); }
Tensor Tensor::tan() const { return tapegrad::tan(*this); }
Tensor Tensor::asin() const { return tapegrad::asin(*this); }
Tensor Tensor::acos() const { return tapegrad::acos(*this); }
Tensor Tensor::atan() const { return tapegrad::atan(*this); }
Tensor Tensor::sinh() const { return tapegrad::sinh(*this); }
Tensor Tensor::cosh() const { return tapegrad::cosh(*this); }
Tensor Tensor::asinh() const { return tapegrad::asinh(*this); }
Tensor Tensor::acosh() const { return tapegrad::acosh(*this); }
Tensor Tensor::atanh() const { return tapegrad::atanh(*this); }
Tensor Tensor::rsqrt() const { return tapegrad::rsqrt(*this); }
Tensor Tensor::reciprocal() const { return tapegrad::reciprocal(*this); }
Tensor Tensor::square() const { return tapegrad::square(*this); }
Tensor Tensor::log1p() const { return tapegrad::log1p(*this); }
Tensor Tensor::expm1() const { return tapegrad::expm1(*this); }
Tensor Tensor::log2() const { return tapegrad::log2(*this); }
Tensor Tensor::log10() const { return tapegrad::log10(*this); }
Tensor Tensor::exp2() const { return tapegrad::exp2(*this); }
Tensor Tensor::erf() const { return tapegrad::erf(*this); }
Tensor Tensor::erfc() const { return tapegrad::erfc(*this); }
Tensor Tensor::floor() const { return tapegrad::floor(*this); }
Tensor Tensor::ceil() const { return tapegrad::ceil(*this); }
Tensor Tensor::round() const { return tapegrad::round(*this); }
Tensor Tensor::trunc() const { return tapegrad::trunc(*this); }
Tensor Tensor::frac() const { return tapegrad::frac(*this); }
Tensor Tensor::sign() const { return tapegrad::sign(*this); }
Tensor Tensor::nan_to_num(std::optional<double> nan, std::optional<double> posinf, std::optional<double> neginf) const {
  return tapegrad::nan_to_num(*this, nan, posinf, neginf);
}
Tensor Tensor::atan2(const Tensor& other) const { return tapegrad::atan2(*this, other); }
Tensor Tensor::maximum(const Tensor& other) const { return tapegrad::maximum(*this, other); }
Tensor Tensor::minimum(const Tensor& other) const { return tapegrad::minimum(*this, other); }
Tensor Tensor::fmod(const Tensor& other) const { return tapegrad::fmod(*this, other); }
Tensor Tensor::remainder(const Tensor& other) const { return tapegrad::remainder(*this, other); }
Tensor Tensor::fmod(const Scalar& other) const { return tapegrad::fmod(*this, other); }
Tensor Tensor::remainder(const Scalar& other) const { return tapegrad::remainder(*this, other); }
Tensor Tensor::bitwise_and(const Tensor& other) const { return tapegrad::bitwise_and(*this, other); }
Tensor Tensor::bitwise_or(const Tensor& other) const { return tapegrad::bitwise_or(*this, other); }
Tensor Tensor::bitwise_xor(const Tensor& other) const { return tapegrad::bitwise_xor(*this, other); }
Tensor Tensor::bitwise_and(const Scalar& other) const { return tapegrad::bitwise_and(*this, other); }
Tensor Tensor::bitwise_or(const Scalar& other) const { return tapegrad::bitwise_or(*this, other); }
Tensor Tensor::bitwise_xor(const Scalar& other) const { return tapegrad::bitwise_xor(*this, other); }
Tensor Tensor::bitwise_not() const { return tapegrad::bitwise_not(*this); }
Tensor Tensor::hypot(const Tensor& other) const { return tapegrad::hypot(*this, other); }
Tensor Tensor::logaddexp(const Tensor& other) const { return tapegrad::logaddexp(*this, other); }
Tensor Tensor::lerp(const Tensor& end, const Tensor& weight) const { return tapegrad::lerp(*this, end, weight); }
Tensor Tensor::lerp(const Tensor& end, double weight) const { return tapegrad::lerp(*this, end, weight); }

Tensor Tensor::flip(const Dims& dims) const { return tapegrad::flip(*this, dims); }
Tensor Tensor::roll(const Dims& shifts, const Dims& dims) const { return tapegrad::roll(*this, shifts, dims); }
Tensor Tensor::repeat(const Dims& sizes) const { return tapegrad::repeat(*this, sizes); }
Tensor Tensor::tile(const Dims& reps) const { return tapegrad::tile(*this, reps); }
Tensor Tensor::repeat_interleave(std::int64_t repeats, std::optional<std::int64_t> dim) const {
  return tapegrad::repeat_interleave(*this, repeats, dim);
}
std::vector<Tensor> Tensor::split(std::int64_t split_size, std::int64_t dim) const {
  return tapegrad::split(*this, split_size, dim);
}
std::vector<Tensor> Tensor::split(const Dims& split_sizes, std::int64_t dim) const {
  return tapegrad::split(*this, split_sizes, dim);
}
std::vector<Tensor> Tensor::chunk(std::int64_t chunks, std::int64_t dim) const {
  return tapegrad::chunk(*this, chunks, dim);
}
std::vector<Tensor> Tensor::unbind(std::int64_t dim) const { return tapegrad::unbind(*this, dim); }
Tensor Tensor::unflatten(std::int64_t dim, const Dims& sizes) const { return tapegrad::unflatten(*this, dim, sizes); }
Tensor Tensor::movedim(std::int64_t source, std::int64_t destination) const {
  return tapegrad::movedim(*this, source, destination);
}
Tensor Tensor::movedim(const Dims& source, const Dims& destination) const {
  return tapegrad::movedim(*this, source, destination);
}
Tensor Tensor::diag(std::int64_t diagonal) const { return tapegrad::diag(*this, diagonal); }
Tensor Tensor::diag_embed(std::int64_t offset, std::int64_t dim1, std::int64_t dim2) const {
  return tapegrad::diag_embed(*this, offset, dim1, dim2);
}
Tensor Tensor::tril(std::int64_t diagonal) const { return tapegrad::tril(*this, diagonal); }
Tensor Tensor::triu(std::int64_t diagonal) const { return tapegrad::triu(*this, diagonal); }
Tensor Tensor::unfold(std::int64_t dim, std::int64_t size, std::int64_t step) const {
  return tapegrad::unfold(*this, dim, size, step);
}
Tensor Tensor::expand_as(const Tensor& other) const { return tapegrad::expand_as(*this, other); }
Tensor Tensor::reshape_as(const Tensor& other) const { return tapegrad::reshape_as(*this, other); }
Tensor Tensor::view_as(const Tensor& other) const { return tapegrad::view_as(*this, other); }
Tensor Tensor::broadcast_to(const Shape& shape) const { return tapegrad::broadcast_to(*this, shape); }
Tensor Tensor::cumsum(std::int64_t dim) const { return tapegrad::cumsum(*this, dim); }
Tensor Tensor::cumprod(std::int64_t dim) const { return tapegrad::cumprod(*this, dim); }
Tensor Tensor::cumprod(std::int64_t dim, Dtype dtype) const { return tapegrad::cumprod(*this, dim, dtype); }
std::tuple<Tensor, Tensor> Tensor::cummax(std::int64_t dim) const { return tapegrad::cummax(*this, dim); }
std::tuple<Tensor, Tensor> Tensor::cummin(std::int64_t dim) const { return tapegrad::cummin(*this, dim); }
Tensor Tensor::logcumsumexp(std::int64_t dim) const { return tapegrad::logcumsumexp(*this, dim); }
std::tuple<Tensor, Tensor> Tensor::sort(std::int64_t dim, bool descending) const {
  return tapegrad::sort(*this, dim, descending);
}
Tensor Tensor::argsort(std::int64_t dim, bool descending) const { return tapegrad::argsort(*this, dim, descending); }
std::tuple<Tensor, Tensor> Tensor::topk(std::int64_t k, std::int64_t dim, bool largest, bool sorted) const {
  return tapegrad::topk(*this, k, dim, largest, sorted);
}
std::tuple<Tensor, Tensor> Tensor::kthvalue(std::int64_t k, std::int64_t dim, bool keepdim) const {
  return tapegrad::kthvalue(*this, k, dim, keepdim);
}
Tensor Tensor::median() const { return tapegrad::median(*this); }
std::tuple<Tensor, Tensor> Tensor::median(std::int64_t dim, bool keepdim) const {
  return tapegrad::median(*this, dim, keepdim);
}
Tensor Tensor::scatter(std::int64_t dim, const Tensor& index, const Tensor& src) const {
  return tapegrad::scatter(*this, dim, index, src);
}
Tensor Tensor::scatter_add(std::int64_t dim, const Tensor& index, const Tensor& src) const {
  return tapegrad::scatter_add(*this, dim, index, src);
}
Tensor Tensor::index_add(std::int64_t dim, const Tensor& index, const Tensor& source, const Scalar& alpha) const {
  return tapegrad::index_add(*this, dim, index, source, alpha);
}
Tensor Tensor::index_copy(std::int64_t dim, const Tensor& index, const Tensor& source) const {
  return tapegrad::index_copy(*this, dim, index, source);
}
Tensor Tensor::index_fill(std::int64_t dim, const Tensor& index, double value) const {
  return tapegrad::index_fill(*this, dim, index, value);
}
Tensor Tensor::masked_select(const Tensor& mask) const { return tapegrad::masked_select(*this, mask); }
Tensor Tensor::nonzero() const { return tapegrad::nonzero(*this); }
Tensor Tensor::argwhere() const { return tapegrad::argwhere(*this); }
Tensor Tensor::take_along_dim(const Tensor& indices, std::optional<std::int64_t> dim) const {
  return tapegrad::take_along_dim(*this, indices, dim);
}
Tensor Tensor::bmm(const Tensor& other) const { return tapegrad::bmm(*this, other); }
Tensor Tensor::dot(const Tensor& other) const { return tapegrad::dot(*this, other); }
Tensor Tensor::outer(const Tensor& other) const { return tapegrad::outer(*this, other); }
Tensor Tensor::mv(const Tensor& vec) const { return tapegrad::mv(*this, vec); }
}  // namespace tapegrad
