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
Tensor Tensor::hypot(const Tensor& other) const { return tapegrad::hypot(*this, other); }
Tensor Tensor::logaddexp(const Tensor& other) const { return tapegrad::logaddexp(*this, other); }
Tensor Tensor::lerp(const Tensor& end, const Tensor& weight) const { return tapegrad::lerp(*this, end, weight); }
Tensor Tensor::lerp(const Tensor& end, double weight) const { return tapegrad::lerp(*this, end, weight); }

}  // namespace tapegrad
