#include <tapegrad/autograd/tensor.hpp>

#include <cmath>
#include <cstring>

#include <tapegrad/autograd/backward.hpp>
#include <tapegrad/autograd/function.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/tensor_impl.hpp>

namespace tapegrad {

using detail::TensorImpl;

namespace {

const TensorImpl& checked(const std::shared_ptr<TensorImpl>& impl, const char* what) {
  TG_CHECK(impl != nullptr, what, "called on an undefined tensor");
  return *impl;
}

// In-place ops change data that the tape may have saved, and would silently corrupt a leaf's
// gradient; PyTorch forbids them on leaves that require grad while grad mode is on.
void check_inplace(const Tensor& self, const char* op) {
  const TensorImpl& impl = checked(self.impl(), op);
  TG_CHECK(!(is_grad_enabled() && impl.requires_grad && !impl.grad_fn), op,
           "a leaf tensor that requires grad is being used in an in-place operation; "
           "wrap the update in tg::NoGradGuard");
}

template <typename F>
Tensor& inplace_binary(Tensor& self, const Tensor& other, const char* op, F&& f) {
  check_inplace(self, op);
  TG_CHECK(other.defined(), op, "the other operand is an undefined tensor");
  TG_CHECK(other.dtype() == self.dtype(), op, "cannot combine ", dtype_name(self.dtype()), " with ",
           dtype_name(other.dtype()), " in place; cast with .to()");
  TG_CHECK(broadcastable_to(other.shape(), self.shape()), op, "cannot broadcast ", shape_to_string(other.shape()),
           " into ", shape_to_string(self.shape()));
  detail::dispatch_all(self.dtype(), [&](auto tag) {
    using T = decltype(tag);
    auto x = detail::xview<T>(self);
    auto y = detail::xview<T>(other);
    f(x, y);
  });
  return self;
}

template <typename F>
Tensor& inplace_unary(Tensor& self, const char* op, F&& f) {
  check_inplace(self, op);
  detail::dispatch_floating(self.dtype(), op, [&](auto tag) {
    using T = decltype(tag);
    auto x = detail::xview<T>(self);
    f(x);
  });
  return self;
}

}  // namespace

// ---- introspection -----------------------------------------------------------------------

detail::TensorImpl& Tensor::impl_ref() const {
  TG_CHECK(impl_ != nullptr, "Tensor", "used an undefined tensor");
  return *impl_;
}

Shape Tensor::shape() const { return detail::to_shape(checked(impl_, "shape").shape); }

std::int64_t Tensor::size(std::int64_t dim) const {
  const auto& impl = checked(impl_, "size");
  std::int64_t rank = static_cast<std::int64_t>(impl.shape.size());
  TG_CHECK(dim >= -rank && dim < rank, "size", "dimension ", dim, " is out of range for a tensor of ", rank,
           " dimensions");
  return static_cast<std::int64_t>(impl.shape[dim < 0 ? dim + rank : dim]);
}

std::int64_t Tensor::dim() const { return static_cast<std::int64_t>(checked(impl_, "dim").shape.size()); }
std::int64_t Tensor::numel() const { return static_cast<std::int64_t>(checked(impl_, "numel").numel()); }
Dtype Tensor::dtype() const { return checked(impl_, "dtype").dtype; }

double Tensor::item_double() const {
  const auto& impl = checked(impl_, "item");
  TG_CHECK(impl.numel() == 1, "item", "a tensor with ", impl.numel(),
           " elements cannot be converted to a scalar (shape ", detail::shape_to_string(impl.shape), ")");
  return detail::dispatch_all(impl.dtype, [&](auto tag) { return static_cast<double>(impl.data<decltype(tag)>()[0]); });
}

double Tensor::at_double(std::initializer_list<std::int64_t> index) const {
  const auto& impl = checked(impl_, "at");
  TG_CHECK(index.size() == impl.shape.size(), "at", "got ", index.size(), " indices for a tensor of ",
           impl.shape.size(), " dimensions");
  std::size_t flat = 0, d = 0;
  for (std::int64_t i : index) {
    auto n = static_cast<std::int64_t>(impl.shape[d]);
    TG_CHECK(i >= -n && i < n, "at", "index ", i, " is out of range for dimension ", d, " of size ", n);
    flat = flat * impl.shape[d] + static_cast<std::size_t>(i < 0 ? i + n : i);
    ++d;
  }
  return detail::dispatch_all(impl.dtype,
                              [&](auto tag) { return static_cast<double>(impl.data<decltype(tag)>()[flat]); });
}

template <typename T>
std::vector<T> Tensor::to_vector() const {
  const auto& impl = checked(impl_, "to_vector");
  return detail::dispatch_all(impl.dtype, [&](auto tag) {
    using S = decltype(tag);
    const S* p = impl.data<S>();
    return std::vector<T>(p, p + impl.numel());
  });
}
template std::vector<float> Tensor::to_vector<float>() const;
template std::vector<double> Tensor::to_vector<double>() const;
template std::vector<std::int64_t> Tensor::to_vector<std::int64_t>() const;
template std::vector<int> Tensor::to_vector<int>() const;

// ---- autograd ----------------------------------------------------------------------------

bool Tensor::requires_grad() const {
  const auto& impl = checked(impl_, "requires_grad");
  return impl.requires_grad || impl.grad_fn != nullptr;
}

Tensor& Tensor::requires_grad_(bool requires_grad) {
  auto& impl = impl_ref();
  TG_CHECK(!impl.grad_fn || requires_grad, "requires_grad_",
           "you can only change requires_grad of leaf tensors; use detach() on a non-leaf");
  TG_CHECK(!requires_grad || is_floating_point(), "requires_grad_",
           "only floating-point tensors can require gradients, got ", dtype_name(impl.dtype));
  if (!impl.grad_fn) impl.requires_grad = requires_grad;
  return *this;
}

Tensor Tensor::grad() const { return checked(impl_, "grad").grad; }
Tensor& Tensor::mutable_grad() { return impl_ref().grad; }

void Tensor::backward(const Tensor& gradient, std::optional<bool> retain_graph, bool create_graph) const {
  autograd::backward({*this}, {gradient}, retain_graph, create_graph);
}

bool Tensor::is_leaf() const { return checked(impl_, "is_leaf").grad_fn == nullptr; }

Tensor& Tensor::retain_grad() {
  auto& impl = impl_ref();
  TG_CHECK(impl.requires_grad || impl.grad_fn, "retain_grad",
           "can't retain_grad on a tensor that has requires_grad=false");
  if (impl.grad_fn) impl.retains_grad = true;  // leaves keep their gradient anyway
  return *this;
}

bool Tensor::retains_grad() const { return checked(impl_, "retains_grad").retains_grad; }

std::string Tensor::grad_fn_name() const {
  const auto& impl = checked(impl_, "grad_fn_name");
  return impl.grad_fn ? impl.grad_fn->name : std::string();
}

Tensor Tensor::detach() const {
  const auto& impl = checked(impl_, "detach");
  return detail::alias(*this, impl.shape);
}

Tensor Tensor::clone() const {
  const auto& impl = checked(impl_, "clone");
  Tensor out = detail::empty(impl.shape, impl.dtype);
  std::memcpy(out.impl()->storage->data, impl.storage->data, impl.numel() * element_size(impl.dtype));
  if (!autograd::should_record(*this)) return out;
  return autograd::record("CloneBackward", out, {*this}, [](const Tensor& g) { return std::vector<Tensor>{g}; });
}

Tensor Tensor::to(Dtype target) const {
  const auto& impl = checked(impl_, "to");
  if (impl.dtype == target) return *this;
  Tensor out = detail::empty(impl.shape, target);
  detail::dispatch_all(impl.dtype, [&](auto from) {
    detail::dispatch_all(target, [&](auto to) {
      using F = decltype(from);
      using T = decltype(to);
      const F* src = impl.data<F>();
      T* dst = out.impl()->data<T>();
      for (std::size_t i = 0; i < impl.numel(); ++i) dst[i] = static_cast<T>(src[i]);
    });
  });
  if (!tapegrad::is_floating_point(target) || !autograd::should_record(*this)) return out;
  Dtype source = impl.dtype;
  return autograd::record("ToCopyBackward", out, {*this},
                          [source](const Tensor& g) { return std::vector<Tensor>{g.to(source)}; });
}

// ---- in place ----------------------------------------------------------------------------

Tensor& Tensor::zero_() {
  check_inplace(*this, "zero_");
  return fill_(0.0);
}

Tensor& Tensor::fill_(double value) {
  check_inplace(*this, "fill_");
  detail::dispatch_all(dtype(), [&](auto tag) {
    using T = decltype(tag);
    T* p = impl_->data<T>();
    std::fill(p, p + impl_->numel(), static_cast<T>(value));
  });
  return *this;
}

Tensor& Tensor::copy_(const Tensor& src) {
  // Assigning one adaptor to another would rebind it, not copy: write through noalias.
  return inplace_binary(*this, src, "copy_",
                        [](auto& x, const auto& y) { xt::noalias(x) = xt::broadcast(y, x.shape()); });
}
Tensor& Tensor::add_(const Tensor& other, double alpha) {
  if (alpha == 1.0) return inplace_binary(*this, other, "add_", [](auto& x, const auto& y) { x += y; });
  return inplace_binary(*this, other, "add_", [alpha](auto& x, const auto& y) {
    using T = typename std::decay_t<decltype(x)>::value_type;
    x += static_cast<T>(alpha) * y;
  });
}
Tensor& Tensor::sub_(const Tensor& other, double alpha) { return add_(other, -alpha); }
Tensor& Tensor::mul_(const Tensor& other) {
  return inplace_binary(*this, other, "mul_", [](auto& x, const auto& y) { x *= y; });
}
Tensor& Tensor::div_(const Tensor& other) {
  return inplace_binary(*this, other, "div_", [](auto& x, const auto& y) { x /= y; });
}
Tensor& Tensor::add_(double value) {
  return inplace_unary(*this, "add_", [value](auto& x) {
    using T = typename std::decay_t<decltype(x)>::value_type;
    x += static_cast<T>(value);
  });
}
Tensor& Tensor::mul_(double value) {
  return inplace_unary(*this, "mul_", [value](auto& x) {
    using T = typename std::decay_t<decltype(x)>::value_type;
    x *= static_cast<T>(value);
  });
}
Tensor& Tensor::div_(double value) {
  return inplace_unary(*this, "div_", [value](auto& x) {
    using T = typename std::decay_t<decltype(x)>::value_type;
    x /= static_cast<T>(value);
  });
}
Tensor& Tensor::addcmul_(const Tensor& a, const Tensor& b, double value) {
  TG_CHECK(a.defined() && b.defined() && a.shape() == b.shape() && a.dtype() == b.dtype(), "addcmul_",
           "the two factors must have the same shape and dtype");
  return inplace_binary(*this, a, "addcmul_", [&](auto& x, const auto& ya) {
    using T = typename std::decay_t<decltype(x)>::value_type;
    x += static_cast<T>(value) * ya * detail::xview<T>(b);
  });
}
Tensor& Tensor::addcdiv_(const Tensor& a, const Tensor& b, double value) {
  TG_CHECK(a.defined() && b.defined() && a.shape() == b.shape() && a.dtype() == b.dtype(), "addcdiv_",
           "numerator and denominator must have the same shape and dtype");
  return inplace_binary(*this, a, "addcdiv_", [&](auto& x, const auto& ya) {
    using T = typename std::decay_t<decltype(x)>::value_type;
    x += static_cast<T>(value) * ya / detail::xview<T>(b);
  });
}
Tensor& Tensor::clamp_(std::optional<double> lo, std::optional<double> hi) {
  return inplace_unary(*this, "clamp_", [&](auto& x) {
    using T = typename std::decay_t<decltype(x)>::value_type;
    if (lo) x = xt::maximum(x, static_cast<T>(*lo));
    if (hi) x = xt::minimum(x, static_cast<T>(*hi));
  });
}
Tensor& Tensor::sqrt_() {
  return inplace_unary(*this, "sqrt_", [](auto& x) { x = xt::sqrt(x); });
}

}  // namespace tapegrad
