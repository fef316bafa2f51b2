#include <tapegrad/autograd/tensor.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include <tapegrad/autograd/backward.hpp>
#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/function.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/node_impl.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/shape.hpp>
#include <tapegrad/autograd/tensor_impl.hpp>
#include "ops/integer_kernels.hpp"

namespace tapegrad {

using detail::GradList;
using detail::TensorImpl;
using detail::XStrides;

namespace {

const TensorImpl& checked(const std::shared_ptr<TensorImpl>& impl, const char* what) {
  TG_CHECK(impl != nullptr, what, "called on an undefined tensor");
  return *impl;
}

// `other`'s strides seen with `target`'s shape: broadcast dimensions step by 0.
XStrides broadcast_strides(const TensorImpl& other, const detail::XShape& target) {
  XStrides strides(target.size(), 0);
  std::size_t lead = target.size() - other.shape.size();
  for (std::size_t d = 0; d < other.shape.size(); ++d) strides[lead + d] = other.shape[d] == 1 ? 0 : other.strides[d];
  return strides;
}

// self[i] = f(self[i], other[i]) with `other` broadcast to self's shape, through any strides.
template <typename T, typename F>
void apply_binary(const TensorImpl& self, const TensorImpl& other, F&& f) {
  T* p = self.strided_data<T>();
  const T* q = other.strided_data<T>();
  if (self.contiguous && other.contiguous && self.shape == other.shape) {
    for (std::size_t i = 0; i < self.numel(); ++i) p[i] = f(p[i], q[i]);
    return;
  }
  detail::for_each_row(self.shape, self.strides, broadcast_strides(other, self.shape),
                       [&](std::ptrdiff_t os, std::ptrdiff_t oo, std::size_t n, std::ptrdiff_t ss, std::ptrdiff_t so) {
                         for (std::size_t i = 0; i < n; ++i) {
                           T& x = p[os + static_cast<std::ptrdiff_t>(i) * ss];
                           x = f(x, q[oo + static_cast<std::ptrdiff_t>(i) * so]);
                         }
                       });
}

// self[i] = f(self[i]) through any strides.
template <typename T, typename F>
void apply_unary(const TensorImpl& self, F&& f) {
  T* p = self.strided_data<T>();
  if (self.contiguous) {
    for (std::size_t i = 0; i < self.numel(); ++i) p[i] = f(p[i]);
    return;
  }
  detail::for_each_row(self.shape, self.strides, self.strides,
                       [&](std::ptrdiff_t os, std::ptrdiff_t, std::size_t n, std::ptrdiff_t ss, std::ptrdiff_t) {
                         for (std::size_t i = 0; i < n; ++i) {
                           T& x = p[os + static_cast<std::ptrdiff_t>(i) * ss];
                           x = f(x);
                         }
                       });
}

// As torch's can_cast, an in-place op cannot store a result of a higher kind than its tensor's
// (a float into an int tensor, an int into a bool one).
void check_result_castable(Dtype result, Dtype self, const char* op) {
  TG_CHECK(detail::kind_of(result) <= detail::kind_of(self), op, "result type ", dtype_name(result),
           " can't be cast to the desired output type ", dtype_name(self));
}

// The in-place ops with a double: their result is floating, so only a floating tensor holds it.
void refuse_floating_result(const Tensor& self, const char* op) {
  const TensorImpl& impl = checked(self.impl(), op);
  if (!is_floating_point(impl.dtype)) check_result_castable(Dtype::Float32, impl.dtype, op);
}

// An operand that overlaps the destination under another layout (x.add_(x.t())) would be read
// after it was overwritten: read it from a copy instead.
Tensor readable_operand(const TensorImpl& self, const Tensor& other) {
  const TensorImpl& o = *other.impl();
  bool overlaps = o.storage == self.storage && (o.offset != self.offset || o.strides != self.strides);
  return overlaps ? other.clone().detach() : other;
}

void check_writable(const TensorImpl& impl, const char* op) {
  for (std::size_t d = 0; d < impl.shape.size(); ++d)
    TG_CHECK(impl.strides[d] != 0 || impl.shape[d] <= 1, op,
             "unsupported operation: more than one element of the written-to tensor refers to a single memory "
             "location (an expanded view, shape ",
             detail::shape_to_string(impl.shape), "); clone() it before writing");
}

// The region of a tensor shaped like `base` that the view `view` covers, as a recorded view.
Tensor region_of(const Tensor& full, const TensorImpl& view, const TensorImpl& base) {
  return detail::as_strided(full.contiguous(), view.shape, view.strides, view.offset - base.offset);
}

// After an in-place op wrote `result` into the view `self` of base B, B's history becomes
// "B_old outside the region, result inside it" (LibTorch's CopySlices), and the view's own
// history is "that region of the new B".
void rebase_view_history(const Tensor& self, const std::shared_ptr<TensorImpl>& base_impl, const Tensor& result,
                         const char* op) {
  TensorImpl& view = *self.impl();
  TG_CHECK(base_impl->contiguous, op,
           "in-place op with autograd on a view of a non-contiguous tensor is not supported; "
           "call contiguous() on the tensor you take the view of");
  Tensor base(base_impl);
  Tensor outside = ones(detail::to_shape(base_impl->shape), base_impl->dtype);
  {
    NoGradGuard no_grad;
    region_of(outside, view, *base_impl).zero_();
  }
  // A fresh handle for the new value of B, recorded, whose node then moves onto B itself.
  Tensor new_base = detail::alias(base, base_impl->shape, base_impl->strides, base_impl->offset);
  auto copy_slices = [view_geometry = self.detach(), base_geometry = base.detach(), outside](const Tensor& g) {
    return GradList{mul(g, outside), region_of(g, *view_geometry.impl(), *base_geometry.impl())};
  };
  new_base = autograd::record("CopySlices", new_base, {base, result}, copy_slices);
  if (!new_base.impl()->grad_fn) return;
  base_impl->grad_fn = new_base.impl()->grad_fn;
  base_impl->grad_fn->output = base_impl;
  // The view's history: the region of the new B.
  Tensor region = region_of(base, view, *base_impl);
  view.grad_fn = region.impl()->grad_fn;
  if (view.grad_fn) view.grad_fn->output = self.impl();
}

// Every in-place op goes through here. Without autograd, `kernel` writes into self directly.
// With it (grad mode on and self or an operand requires grad), `recompute(self_or_copy)` builds
// the out-of-place result on the tape, the result is written into self, and self's history
// becomes the result's, as PyTorch does. `saves_self`: the op's backward needs self's old
// value, so it is computed from a copy that the in-place write cannot reach.
template <typename Recompute, typename Kernel>
Tensor& inplace(Tensor& self, const char* op, std::initializer_list<const Tensor*> operands, bool saves_self,
                Recompute&& recompute, Kernel&& kernel) {
  TensorImpl& impl = const_cast<TensorImpl&>(checked(self.impl(), op));
  check_writable(impl, op);
  bool any_operand = false;
  for (const Tensor* t : operands) any_operand = any_operand || t->requires_grad();
  if (!is_grad_enabled() || !(self.requires_grad() || any_operand)) {
    kernel(impl);
    ++impl.storage->version;
    return self;
  }
  TG_CHECK(!(impl.requires_grad && !impl.grad_fn), op,
           "a leaf tensor that requires grad is being used in an in-place operation; "
           "wrap the update in tg::NoGradGuard");
  // A view whose base is gone is the only handle on its history: it is rebased like a tensor.
  std::shared_ptr<TensorImpl> base = impl.base.lock();
  TG_CHECK(!(base && base->requires_grad && !base->grad_fn), op,
           "a view of a leaf tensor that requires grad is being used in an in-place operation; "
           "wrap the update in tg::NoGradGuard");
  Tensor source = saves_self ? self.clone() : self;
  Tensor result = recompute(source);
  detail::copy_strided(impl, *result.impl());
  ++impl.storage->version;
  if (!result.impl()->grad_fn) return self;
  if (base) {
    rebase_view_history(self, base, result, op);
  } else {
    impl.grad_fn = result.impl()->grad_fn;
    impl.grad_fn->output = self.impl();
  }
  return self;
}

// self = f(self, other) elementwise; `out_of_place(self, other)` is the same op on the tape.
template <typename OutOfPlace, typename F>
Tensor& inplace_binary(Tensor& self, const Tensor& other, const char* op, bool saves_self, OutOfPlace&& out_of_place,
                       F&& f) {
  const TensorImpl& impl = checked(self.impl(), op);
  TG_CHECK(other.defined(), op, "the other operand is an undefined tensor");
  // As PyTorch: the operand may be of another dtype when the promoted result casts back to self's
  // (float32 += int64, float32 += float64), not when it would need a higher kind (int64 += float32).
  TG_CHECK(is_floating_point(impl.dtype) || !other.is_floating_point(), op, "result type ", dtype_name(other.dtype()),
           " can't be cast to the desired output type ", dtype_name(impl.dtype));
  TG_CHECK(broadcastable_to(other.shape(), self.shape()), op, "cannot broadcast ", shape_to_string(other.shape()),
           " into ", shape_to_string(self.shape()));
  Tensor converted = other.dtype() == impl.dtype ? other : other.to(impl.dtype);
  return inplace(
      self, op, {&converted}, saves_self, [&](const Tensor& s) { return out_of_place(s, converted); },
      [&](const TensorImpl& target) {
        Tensor operand = readable_operand(target, converted);
        detail::dispatch_all(target.dtype, [&](auto tag) {
          using T = decltype(tag);
          apply_binary<T>(target, *operand.impl(), [&](T x, T y) { return static_cast<T>(f(x, y)); });
        });
      });
}

template <typename Recompute, typename F>
Tensor& inplace_unary(Tensor& self, const char* op, bool saves_self, Recompute&& recompute, F&& f) {
  const TensorImpl& impl = checked(self.impl(), op);
  detail::dispatch_floating(impl.dtype, op, [](auto) { return 0; });
  return inplace(self, op, {}, saves_self, std::forward<Recompute>(recompute), [&](const TensorImpl& target) {
    detail::dispatch_floating(target.dtype, op, [&](auto tag) {
      using T = decltype(tag);
      apply_unary<T>(target, [&](T x) { return static_cast<T>(f(x)); });
    });
  });
}

}  // namespace

// ---- assignment to views -----------------------------------------------------------------

Tensor& Tensor::operator=(const Tensor& src) && { return copy_(src); }
Tensor& Tensor::operator=(Tensor&& src) && { return copy_(src); }
Tensor& Tensor::operator=(double value) && { return fill_(value); }

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

// The sizes are size_t and the strides ptrdiff_t inside; int64_t is the same width, and reading
// an object through the signed variant of its type is allowed, so these are plain views.
IntArrayRef Tensor::sizes() const {
  const auto& impl = checked(impl_, "sizes");
  static_assert(sizeof(std::size_t) == sizeof(std::int64_t), "sizes() views the shape as int64_t");
  return IntArrayRef(reinterpret_cast<const std::int64_t*>(impl.shape.data()), impl.shape.size());
}

IntArrayRef Tensor::strides() const {
  const auto& impl = checked(impl_, "strides");
  static_assert(std::is_same_v<std::make_signed_t<std::ptrdiff_t>, std::ptrdiff_t> &&
                    sizeof(std::ptrdiff_t) == sizeof(std::int64_t),
                "strides() views the strides as int64_t");
  return IntArrayRef(reinterpret_cast<const std::int64_t*>(impl.strides.data()), impl.strides.size());
}

std::int64_t Tensor::stride(std::int64_t dim) const {
  const auto& impl = checked(impl_, "stride");
  std::int64_t rank = static_cast<std::int64_t>(impl.shape.size());
  TG_CHECK(dim >= -rank && dim < rank, "stride", "dimension ", dim, " is out of range for a tensor of ", rank,
           " dimensions");
  return impl.strides[static_cast<std::size_t>(dim < 0 ? dim + rank : dim)];
}

std::int64_t Tensor::storage_offset() const { return checked(impl_, "storage_offset").offset; }
bool Tensor::is_contiguous() const { return checked(impl_, "is_contiguous").contiguous; }

Tensor Tensor::contiguous() const {
  if (checked(impl_, "contiguous").contiguous) return *this;
  return clone();
}

void* Tensor::data_ptr() const {
  const auto& impl = checked(impl_, "data_ptr");
  return static_cast<char*>(impl.storage->data) + impl.offset * static_cast<std::ptrdiff_t>(element_size(impl.dtype));
}

template <typename T>
T* Tensor::data_ptr() const {
  const auto& impl = checked(impl_, "data_ptr");
  TG_CHECK(impl.dtype == detail::dtype_of<T>(), "data_ptr", "expected a ", dtype_name(detail::dtype_of<T>()),
           " tensor, got ", dtype_name(impl.dtype));
  return impl.strided_data<T>();
}
template float* Tensor::data_ptr<float>() const;
template double* Tensor::data_ptr<double>() const;
template std::int64_t* Tensor::data_ptr<std::int64_t>() const;
template std::int32_t* Tensor::data_ptr<std::int32_t>() const;
template std::int16_t* Tensor::data_ptr<std::int16_t>() const;
template std::int8_t* Tensor::data_ptr<std::int8_t>() const;
template std::uint8_t* Tensor::data_ptr<std::uint8_t>() const;
template bool* Tensor::data_ptr<bool>() const;

std::int64_t Tensor::_version() const { return static_cast<std::int64_t>(checked(impl_, "_version").storage->version); }

bool Tensor::is_alias_of(const Tensor& other) const {
  return checked(impl_, "is_alias_of").storage == checked(other.impl_, "is_alias_of").storage;
}

namespace {

// Element `position` (in elements from the view's first) as R; NaN or out-of-range values throw
// for an int64 R instead of being cast (undefined behaviour).
template <typename R>
R read_as(const TensorImpl& impl, std::ptrdiff_t position, const char* op) {
  return detail::dispatch_all(impl.dtype, [&](auto tag) -> R {
    using S = decltype(tag);
    S value = impl.strided_data<S>()[position];
    if constexpr (std::is_same_v<R, std::int64_t> && std::is_floating_point_v<S>)
      return detail::to_int64(static_cast<double>(value), op);
    else
      return static_cast<R>(value);
  });
}

const TensorImpl& one_element(const std::shared_ptr<TensorImpl>& impl_) {
  const auto& impl = checked(impl_, "item");
  TG_CHECK(impl.numel() == 1, "item", "a tensor with ", impl.numel(),
           " elements cannot be converted to a scalar (shape ", detail::shape_to_string(impl.shape), ")");
  return impl;
}

std::ptrdiff_t element_position(const TensorImpl& impl, std::initializer_list<std::int64_t> index) {
  TG_CHECK(index.size() == impl.shape.size(), "at", "got ", index.size(), " indices for a tensor of ",
           impl.shape.size(), " dimensions");
  std::ptrdiff_t position = 0;
  std::size_t d = 0;
  for (std::int64_t i : index) {
    auto n = static_cast<std::int64_t>(impl.shape[d]);
    TG_CHECK(i >= -n && i < n, "at", "index ", i, " is out of range for dimension ", d, " of size ", n);
    position += (i < 0 ? i + n : i) * impl.strides[d];
    ++d;
  }
  return position;
}

}  // namespace

double Tensor::item_double() const { return read_as<double>(one_element(impl_), 0, "item"); }
std::int64_t Tensor::item_int64() const { return read_as<std::int64_t>(one_element(impl_), 0, "item"); }

double Tensor::at_double(std::initializer_list<std::int64_t> index) const {
  const auto& impl = checked(impl_, "at");
  return read_as<double>(impl, element_position(impl, index), "at");
}
std::int64_t Tensor::at_int64(std::initializer_list<std::int64_t> index) const {
  const auto& impl = checked(impl_, "at");
  return read_as<std::int64_t>(impl, element_position(impl, index), "at");
}

template <typename T>
std::vector<T> Tensor::to_vector() const {
  checked(impl_, "to_vector");
  Tensor flat = detail::dense(*this);
  const auto& impl = *flat.impl();
  return detail::dispatch_all(impl.dtype, [&](auto tag) {
    using S = decltype(tag);
    const S* p = impl.data<S>();
    if constexpr (std::is_integral_v<T> && !std::is_integral_v<S>) {
      std::vector<T> out(impl.numel());
      for (std::size_t i = 0; i < out.size(); ++i) out[i] = detail::to_integral<T>(p[i], "to_vector");
      return out;
    } else {
      return std::vector<T>(p, p + impl.numel());
    }
  });
}
template std::vector<float> Tensor::to_vector<float>() const;
template std::vector<double> Tensor::to_vector<double>() const;
template std::vector<std::int64_t> Tensor::to_vector<std::int64_t>() const;
template std::vector<int> Tensor::to_vector<int>() const;
template std::vector<std::uint8_t> Tensor::to_vector<std::uint8_t>() const;
template std::vector<bool> Tensor::to_vector<bool>() const;

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
  return detail::alias(*this, impl.shape, impl.strides, impl.offset);
}

Tensor Tensor::clone() const {
  const auto& impl = checked(impl_, "clone");
  Tensor out = detail::empty(impl.shape, impl.dtype);
  detail::copy_strided(*out.impl(), impl);
  if (!autograd::should_record(*this)) return out;
  return autograd::record("CloneBackward", out, {*this}, [](const Tensor& g) { return GradList{g}; });
}

Tensor Tensor::to(Dtype target) const {
  const auto& impl = checked(impl_, "to");
  if (impl.dtype == target) return *this;
  Tensor source = detail::dense(*this);
  const auto& from_impl = *source.impl();
  Tensor out = detail::empty(impl.shape, target);
  detail::dispatch_all(impl.dtype, [&](auto from) {
    detail::dispatch_all(target, [&](auto to) {
      using F = decltype(from);
      using T = decltype(to);
      const F* src = from_impl.data<F>();
      T* dst = out.impl()->data<T>();
      if constexpr (std::is_integral_v<T> && std::is_floating_point_v<F>) {
        // NaN and out-of-range values throw: the C++ cast is undefined, PyTorch's gives INT64_MIN.
        // To bool, every non-zero value (NaN included) is true.
        for (std::size_t i = 0; i < from_impl.numel(); ++i) dst[i] = detail::to_integral<T>(src[i], "to");
      } else {
        for (std::size_t i = 0; i < from_impl.numel(); ++i) dst[i] = static_cast<T>(src[i]);
      }
    });
  });
  if (!tapegrad::is_floating_point(target) || !autograd::should_record(*this)) return out;
  Dtype source_dtype = impl.dtype;
  return autograd::record("ToCopyBackward", out, {*this},
                          [source_dtype](const Tensor& g) { return GradList{g.to(source_dtype)}; });
}

// ---- in place ----------------------------------------------------------------------------

namespace {

Tensor& fill(Tensor& self, double value, const char* op) {
  const auto& impl = checked(self.impl(), op);
  detail::dispatch_all(impl.dtype, [&](auto tag) {
    if constexpr (std::is_integral_v<decltype(tag)>) detail::to_integral<decltype(tag)>(value, op);
  });
  Tensor filler = full({}, value, impl.dtype);
  return inplace(
      self, op, {}, false,
      [&](const Tensor& s) {
        // The new value no longer depends on the old one: a constant, cut from the history.
        Tensor out = filler.expand(s.shape()).clone();
        return autograd::record("FillBackward", out, {s}, [](const Tensor&) { return GradList{Tensor()}; });
      },
      [&](const TensorImpl& target) {
        detail::dispatch_all(target.dtype, [&](auto tag) {
          using T = decltype(tag);
          T v;
          if constexpr (std::is_integral_v<T>)
            v = detail::to_integral<T>(value, op);
          else
            v = static_cast<T>(value);
          apply_unary<T>(target, [v](T) { return v; });
        });
      });
}

}  // namespace

Tensor& Tensor::zero_() { return fill(*this, 0.0, "zero_"); }
Tensor& Tensor::fill_(double value) { return fill(*this, value, "fill_"); }

Tensor& Tensor::copy_(const Tensor& src) {
  const auto& impl = checked(impl_, "copy_");
  TG_CHECK(src.defined(), "copy_", "the source is an undefined tensor");
  TG_CHECK(broadcastable_to(src.shape(), shape()), "copy_", "cannot broadcast ", shape_to_string(src.shape()), " into ",
           shape_to_string(shape()));
  Tensor converted = src.dtype() == impl.dtype ? src : src.to(impl.dtype);
  return inplace(
      *this, "copy_", {&converted}, false,
      [&](const Tensor& s) {
        Tensor out = detail::empty(impl.shape, impl.dtype);
        {
          NoGradGuard no_grad;
          Tensor value = converted.expand(s.shape());
          detail::copy_strided(*out.impl(), *value.impl());
        }
        return autograd::record("CopyBackwards", out, {s, converted}, [](const Tensor& g) {
          return GradList{Tensor(), g};
        });
      },
      [&](const TensorImpl& target) {
        Tensor operand = readable_operand(target, converted);
        detail::XStrides strides = broadcast_strides(*operand.impl(), target.shape);
        Tensor value = detail::alias(operand, target.shape, strides, operand.impl()->offset);
        detail::copy_strided(target, *value.impl());
      });
}

namespace {

/// alpha checked once, before the element loop (detail::integer_alpha); alpha_as then converts.
void check_alpha(const Tensor& self, double alpha, const char* op) {
  if (!self.defined() || is_floating_point(self.dtype())) return;
  detail::dispatch_all(self.dtype(), [&](auto tag) {
    if constexpr (std::is_integral_v<decltype(tag)>) detail::integer_alpha<decltype(tag)>(alpha, op);
  });
}

/// A checked alpha as the element type T (integers through int64: a negative double converted to
/// an unsigned type is undefined behaviour).
template <typename T>
T alpha_as(double alpha) {
  if constexpr (detail::wraps_v<T>)
    return static_cast<T>(static_cast<std::int64_t>(alpha));
  else
    return static_cast<T>(alpha);
}

}  // namespace

Tensor& Tensor::add_(const Tensor& other, double alpha) {
  check_alpha(*this, alpha, "add_");
  if (alpha == 1.0)
    return inplace_binary(
        *this, other, "add_", false, [](const Tensor& s, const Tensor& o) { return tapegrad::add(s, o); },
        [](auto x, auto y) { return detail::wrapping_add(x, y); });
  return inplace_binary(
      *this, other, "add_", false,
      [alpha](const Tensor& s, const Tensor& o) { return tapegrad::add(s, tapegrad::mul(o, alpha)); },
      [alpha](auto x, auto y) {
        return detail::wrapping_add(x, detail::wrapping_mul(alpha_as<decltype(x)>(alpha), y));
      });
}

Tensor& Tensor::sub_(const Tensor& other, double alpha) {
  check_alpha(*this, alpha, "sub_");
  if (alpha == 1.0)
    return inplace_binary(
        *this, other, "sub_", false, [](const Tensor& s, const Tensor& o) { return tapegrad::sub(s, o); },
        [](auto x, auto y) { return detail::wrapping_sub(x, y); });
  return inplace_binary(
      *this, other, "sub_", false,
      [alpha](const Tensor& s, const Tensor& o) { return tapegrad::sub(s, tapegrad::mul(o, alpha)); },
      [alpha](auto x, auto y) {
        return detail::wrapping_sub(x, detail::wrapping_mul(alpha_as<decltype(x)>(alpha), y));
      });
}

Tensor& Tensor::mul_(const Tensor& other) {
  return inplace_binary(
      *this, other, "mul_", other.defined() && other.requires_grad(),
      [](const Tensor& s, const Tensor& o) { return tapegrad::mul(s, o); },
      [](auto x, auto y) { return detail::wrapping_mul(x, y); });
}

Tensor& Tensor::div_(const Tensor& other) {
  refuse_floating_result(*this, "div_");  // true division: int.div_(int) would need a float result
  return inplace_binary(
      *this, other, "div_", other.defined() && other.requires_grad(),
      [](const Tensor& s, const Tensor& o) { return tapegrad::div(s, o); }, [](auto x, auto y) { return x / y; });
}

// ---- with a C++ integer: exact in an integer tensor's own dtype -----------------------------

Tensor& Tensor::add_integer_(std::int64_t value) {
  const TensorImpl& impl = checked(impl_, "add_");
  if (tapegrad::is_floating_point(impl.dtype)) return add_(static_cast<double>(value));
  check_result_castable(detail::result_type(impl, true), impl.dtype, "add_");
  return copy_(detail::add_integer(*this, value));
}

Tensor& Tensor::mul_integer_(std::int64_t value) {
  const TensorImpl& impl = checked(impl_, "mul_");
  if (tapegrad::is_floating_point(impl.dtype)) return mul_(static_cast<double>(value));
  check_result_castable(detail::result_type(impl, true), impl.dtype, "mul_");
  return copy_(detail::mul_integer(*this, value));
}

Tensor& Tensor::fill_integer_(std::int64_t value) {
  const TensorImpl& impl = checked(impl_, "fill_");
  if (!tapegrad::is_integral(impl.dtype)) return fill_(static_cast<double>(value));  // floating and bool
  Tensor exact = detail::dispatch_integral(impl.dtype, "fill_", [&](auto tag) {
    using T = decltype(tag);
    return detail::scalar_of<T>(detail::integer_scalar<T>(value, "fill_"));
  });
  return copy_(exact);
}

Tensor& Tensor::add_(double value) {
  refuse_floating_result(*this, "add_");
  return inplace_unary(
      *this, "add_", false, [value](const Tensor& s) { return tapegrad::add(s, value); },
      [value](auto x) { return x + static_cast<decltype(x)>(value); });
}

Tensor& Tensor::mul_(double value) {
  refuse_floating_result(*this, "mul_");
  return inplace_unary(
      *this, "mul_", false, [value](const Tensor& s) { return tapegrad::mul(s, value); },
      [value](auto x) { return x * static_cast<decltype(x)>(value); });
}

Tensor& Tensor::div_(double value) {
  refuse_floating_result(*this, "div_");
  return inplace_unary(
      *this, "div_", false, [value](const Tensor& s) { return tapegrad::mul(s, 1.0 / value); },
      [value](auto x) { return x * static_cast<decltype(x)>(1.0 / value); });
}

namespace {

// self += value * combine(a, b), the fused optimizer updates (addcmul_, addcdiv_).
template <typename Combine>
Tensor& inplace_ternary(Tensor& self, const Tensor& a, const Tensor& b, double value, const char* op,
                        Tensor (*combine_op)(const Tensor&, const Tensor&), Combine&& combine) {
  TG_CHECK(a.defined() && b.defined() && a.shape() == b.shape() && a.dtype() == b.dtype(), op,
           "the two operands must have the same shape and dtype");
  const TensorImpl& impl = checked(self.impl(), op);
  const TensorImpl& ia = *a.impl();
  const TensorImpl& ib = *b.impl();
  bool flat = impl.contiguous && ia.contiguous && ib.contiguous && impl.shape == ia.shape && ia.dtype == impl.dtype &&
              ia.storage != impl.storage && ib.storage != impl.storage;
  if (!flat || (is_grad_enabled() && (self.requires_grad() || a.requires_grad() || b.requires_grad()))) {
    Tensor term = combine_op(a, b);
    return self.add_(term, value);
  }
  check_writable(impl, op);
  detail::dispatch_floating(impl.dtype, op, [&](auto tag) {
    using T = decltype(tag);
    T* p = impl.data<T>();
    const T* pa = ia.data<T>();
    const T* pb = ib.data<T>();
    auto scale = static_cast<T>(value);
    for (std::size_t i = 0; i < impl.numel(); ++i) p[i] += scale * combine(pa[i], pb[i]);
  });
  ++impl.storage->version;
  return self;
}

}  // namespace

Tensor& Tensor::addcmul_(const Tensor& a, const Tensor& b, double value) {
  return inplace_ternary(*this, a, b, value, "addcmul_", &tapegrad::mul, [](auto x, auto y) { return x * y; });
}

Tensor& Tensor::addcdiv_(const Tensor& a, const Tensor& b, double value) {
  return inplace_ternary(*this, a, b, value, "addcdiv_", &tapegrad::div, [](auto x, auto y) { return x / y; });
}

Tensor& Tensor::clamp_(std::optional<Scalar> lo, std::optional<Scalar> hi) {
  TG_CHECK(lo || hi, "clamp_", "at least one of min and max must be given");
  const TensorImpl& impl = checked(impl_, "clamp_");
  if (!tapegrad::is_floating_point(impl.dtype)) {  // integers: exact, when the bounds keep the dtype
    Tensor clamped = tapegrad::clamp(*this, lo, hi);
    check_result_castable(clamped.dtype(), impl.dtype, "clamp_");
    return copy_(clamped);
  }
  double low = lo ? lo->toDouble() : -INFINITY, high = hi ? hi->toDouble() : INFINITY;
  return inplace_unary(
      *this, "clamp_", true, [lo, hi](const Tensor& s) { return tapegrad::clamp(s, lo, hi); },
      [low, high](auto x) {
        using T = decltype(x);
        if (std::isnan(low) || std::isnan(high)) return std::numeric_limits<T>::quiet_NaN();  // as clamp
        return std::isnan(x) ? x : std::min(std::max(x, static_cast<T>(low)), static_cast<T>(high));
      });
}

Tensor& Tensor::clamp_min_(const Scalar& min) { return clamp_(min, std::nullopt); }
Tensor& Tensor::clamp_max_(const Scalar& max) { return clamp_(std::nullopt, max); }

Tensor& Tensor::sqrt_() {
  return inplace_unary(
      *this, "sqrt_", true, [](const Tensor& s) { return tapegrad::sqrt(s); }, [](auto x) { return std::sqrt(x); });
}

}  // namespace tapegrad
