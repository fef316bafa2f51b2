#pragma once
/// tapegrad::Tensor: an n-dimensional array (float32, float64, integer or bool) that records the ops
/// applied to it on a reverse-mode tape, as torch::Tensor does.
///
///     tg::Tensor a = tg::randn({2, 3}).requires_grad_();
///     tg::Tensor loss = (a * a).sum();
///     loss.backward();              // a.grad() == 2 * a
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <iosfwd>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include <tapegrad/autograd/array_ref.hpp>
#include <tapegrad/autograd/device.hpp>
#include <tapegrad/autograd/dtype.hpp>
#include <tapegrad/autograd/error.hpp>
#include <tapegrad/autograd/scalar.hpp>

namespace tapegrad {

namespace detail {
struct TensorImpl;
/// Enables the overloads that take a C++ integer (not bool) where LibTorch takes an integral
/// Scalar: `x.add_(1)` on an int64 tensor stays exact and integer, `x.add_(1.5)` is the double one.
template <typename I>
using if_integer = std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>, int>;
}  // namespace detail

class Tensor;

/// Creation options, as torch::TensorOptions: `tg::zeros({2}, tg::TensorOptions().dtype(tg::kFloat64))`.
/// A bare Dtype converts to options, so `tg::zeros({2}, tg::kFloat64)` works too, and so do
/// LibTorch's helpers: `tg::dtype(tg::kFloat64).requires_grad(true)`, `tg::requires_grad()`.
struct TensorOptions {
  Dtype dtype_ = kFloat32;
  bool requires_grad_ = false;
  /// Whether a dtype was given (else kFloat32 is the default), as c10's has_dtype(): arange
  /// infers int64 from integral bounds only when none was.
  bool has_dtype_ = false;
  TensorOptions() = default;
  TensorOptions(Dtype d) : dtype_(d), has_dtype_(true) {}  // NOLINT: implicit on purpose, like LibTorch
  /// Only the CPU exists: any other device throws a tapegrad::Error.
  TensorOptions(Device d) { detail::check_cpu(d, "TensorOptions"); }  // NOLINT: implicit, like LibTorch
  TensorOptions(DeviceType d) : TensorOptions(Device(d)) {}           // NOLINT: implicit, like LibTorch
  TensorOptions dtype(Dtype d) const {
    auto o = *this;
    o.dtype_ = d;
    o.has_dtype_ = true;
    return o;
  }
  /// The setter takes its value, as LibTorch's: `TensorOptions().requires_grad(true)`;
  /// `requires_grad()` without one is the getter.
  TensorOptions requires_grad(bool r) const {
    auto o = *this;
    o.requires_grad_ = r;
    return o;
  }
  bool requires_grad() const { return requires_grad_; }
  /// Throws a tapegrad::Error for anything but the CPU.
  TensorOptions device(Device d) const {
    detail::check_cpu(d, "TensorOptions::device");
    return *this;
  }
  Dtype dtype() const { return dtype_; }
  bool has_dtype() const { return has_dtype_; }
  Device device() const { return Device(kCPU); }
};

/// `tg::dtype(tg::kFloat64)`: options with that dtype, as torch::dtype.
inline TensorOptions dtype(Dtype d) { return TensorOptions().dtype(d); }
/// `tg::requires_grad()`: options requiring grad, as torch::requires_grad.
inline TensorOptions requires_grad(bool r = true) { return TensorOptions().requires_grad(r); }
/// `tg::device(tg::kCPU)`, as torch::device (the CPU only).
inline TensorOptions device(Device d) { return TensorOptions().device(d); }

namespace detail {
struct Node;
}

namespace autograd {
/// What `x.grad_fn()` returns: the op that produced x, or null for a leaf, used as LibTorch's
/// `std::shared_ptr<Node>`: `if (x.grad_fn()) std::cout << x.grad_fn()->name();`
class GradFn {
 public:
  GradFn() = default;
  explicit GradFn(std::shared_ptr<detail::Node> node) : node_(std::move(node)) {}
  /// The op's name, "MulBackward" (LibTorch: "MulBackward0"; see docs/from-libtorch.md).
  std::string name() const;
  const GradFn* operator->() const { return this; }
  explicit operator bool() const { return node_ != nullptr; }
  bool operator==(std::nullptr_t) const { return node_ == nullptr; }
  bool operator!=(std::nullptr_t) const { return node_ != nullptr; }
  bool operator==(const GradFn& other) const { return node_ == other.node_; }
  bool operator!=(const GradFn& other) const { return node_ != other.node_; }
  const std::shared_ptr<detail::Node>& node() const { return node_; }

 private:
  std::shared_ptr<detail::Node> node_;
};
}  // namespace autograd

template <typename T, std::size_t N>
class TensorAccessor;

namespace indexing {
class TensorIndex;
}

/// A handle to a tensor. Copies are cheap and share the same data and gradient, as in PyTorch.
/// A default-constructed Tensor is undefined (`defined() == false`), like an empty grad().
///
/// A tensor is a view (shape, strides, offset) over storage that other tensors may share:
/// select, narrow, slice, transpose, permute, t, expand, squeeze, unsqueeze, diagonal,
/// `operator[]` and view/reshape (when the strides allow) return views, so writing through one
/// changes the original, as in LibTorch:
///
///     tg::Tensor X = tg::zeros({3, 4});
///     X[1] = tg::ones({4});        // assignment to a temporary view copies into it
///     X.select(1, 0).fill_(7);     // the first column of X is now 7
///     X += 1;                      // compound assignment is in place (add_)
class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(std::shared_ptr<detail::TensorImpl> impl) : impl_(std::move(impl)) {}
  Tensor(const Tensor&) = default;
  Tensor(Tensor&&) noexcept = default;
  ~Tensor() = default;
  /// Assignment to a named tensor rebinds the handle (no data is copied), as in LibTorch.
  Tensor& operator=(const Tensor& other) & = default;
  Tensor& operator=(Tensor&& other) & noexcept = default;
  /// Assignment to a temporary view (`X[i] = row`, `X.narrow(0, 1, 2) = src`) copies `src`
  /// into it, broadcasting, as LibTorch's `operator=(const Tensor&) &&`.
  Tensor& operator=(const Tensor& src) &&;
  Tensor& operator=(Tensor&& src) &&;
  /// `X[i] = 0.5` fills the view.
  Tensor& operator=(double value) &&;

  // ---- introspection -------------------------------------------------------------------
  bool defined() const { return impl_ != nullptr; }
  Shape shape() const;
  /// The sizes as LibTorch's IntArrayRef (`std::cout << x.sizes()` prints `[2, 3]`), valid while
  /// this tensor lives; converts to a Shape: `tg::Shape s = x.sizes();`.
  IntArrayRef sizes() const;
  /// Size along `dim` (negative counts from the end).
  std::int64_t size(std::int64_t dim) const;
  std::int64_t dim() const;
  std::int64_t numel() const;
  Dtype dtype() const;
  Dtype scalar_type() const { return dtype(); }
  /// Element strides of this view (0 along an expanded dimension), as in LibTorch.
  IntArrayRef strides() const;
  std::int64_t stride(std::int64_t dim) const;
  /// Position of element [0, ..., 0] in the storage, in elements.
  std::int64_t storage_offset() const;
  /// True when the elements lie in row-major order without gaps.
  bool is_contiguous() const;
  /// `*this` when contiguous, otherwise a contiguous copy (recorded, so gradients flow).
  Tensor contiguous() const;
  /// The address of element [0, ..., 0]; `data_ptr<float>()` checks the dtype.
  void* data_ptr() const;
  template <typename T>
  T* data_ptr() const;
  /// How many times this tensor's storage was modified in place (LibTorch's `_version()`).
  std::int64_t _version() const;
  /// True when both share the same storage (views of one another), as LibTorch's is_alias_of.
  bool is_alias_of(const Tensor& other) const;
  bool is_floating_point() const { return tapegrad::is_floating_point(dtype()); }
  /// Creation options matching this tensor (dtype; requires_grad false), as LibTorch's:
  /// `tg::zeros({3}, x.options())`.
  TensorOptions options() const { return TensorOptions(dtype()); }
  /// Always the CPU.
  Device device() const { return Device(kCPU); }
  bool is_cpu() const { return true; }
  bool is_cuda() const { return false; }
  /// `*this`: tensors live on the CPU already.
  Tensor cpu() const { return *this; }
  /// "CPUFloatType", as LibTorch's toString().
  std::string toString() const;
  /// Prints `[CPUFloatType [2, 3]]` and a newline to std::cerr, as LibTorch's print() (undefined: `[UndefinedTensor]`).
  void print() const;
  /// A typed view of the elements indexed with `[]` chains, as LibTorch's accessor: `auto a =
  /// x.accessor<float, 2>(); a[i][j] = 1;`. Throws a tapegrad::Error on a dtype or rank mismatch.
  /// Writes through it are not recorded and do not bump the version (as in LibTorch).
  template <typename T, std::size_t N>
  TensorAccessor<T, N> accessor() const&;
  template <typename T, std::size_t N>
  TensorAccessor<T, N> accessor() && = delete;

  /// The value of a one-element tensor; throws for any other size, and for an integer T when the
  /// value is NaN or beyond int64's range.
  /// The value of a one-element tensor as a Scalar (`x.item().toFloat()`, `x.item().to<double>()`).
  Scalar item() const;
  template <typename T>
  T item() const {
    if constexpr (std::is_same_v<T, bool>)
      return item_double() != 0;  // as bool(tensor) in PyTorch: NaN is true
    else if constexpr (std::is_integral_v<T>)
      return static_cast<T>(item_int64());
    else
      return static_cast<T>(item_double());
  }
  /// All elements, flat in row-major order, converted to T (float, double, int64_t, int, uint8_t, bool).
  template <typename T>
  std::vector<T> to_vector() const;
  /// One element by its full index: `x.at<float>({1, 2})`. Read-only; not recorded.
  template <typename T>
  T at(std::initializer_list<std::int64_t> index) const {
    if constexpr (std::is_integral_v<T>)
      return static_cast<T>(at_int64(index));
    else
      return static_cast<T>(at_double(index));
  }

  // ---- autograd --------------------------------------------------------------------------
  bool requires_grad() const;
  /// Marks a leaf as requiring a gradient (in place); returns *this.
  Tensor& requires_grad_(bool requires_grad = true);
  /// The accumulated gradient (undefined until a backward reached this tensor).
  Tensor grad() const;
  /// The gradient slot itself, to reset or replace it: `p.mutable_grad() = tg::Tensor();`
  Tensor& mutable_grad();
  /// Back-propagates from this tensor. Without `gradient` the tensor must hold one element.
  /// The graph is freed afterwards unless `retain_graph` (default: `create_graph`).
  /// `create_graph` records the backward pass itself, for higher-order gradients. As in
  /// PyTorch, the leaves' grad() then refers to a graph that refers to the leaves: reset it
  /// (`x.mutable_grad() = tg::Tensor()`) when done, or use autograd::grad, to free it.
  void backward(const Tensor& gradient = Tensor(), std::optional<bool> retain_graph = std::nullopt,
                bool create_graph = false) const;
  /// True for tensors created by the user rather than by a recorded op.
  bool is_leaf() const;
  /// Keep this non-leaf's gradient in grad() during backward.
  Tensor& retain_grad();
  bool retains_grad() const;
  /// Name of the op that produced this tensor ("MulBackward"), empty for leaves.
  std::string grad_fn_name() const;
  /// The op that produced this tensor, null for a leaf: `x.grad_fn()->name()`.
  autograd::GradFn grad_fn() const;
  /// LibTorch's setter spelling of requires_grad_().
  Tensor& set_requires_grad(bool requires_grad) { return requires_grad_(requires_grad); }
  /// Runs `hook(grad)` on this tensor's gradient each time backward computes it, as LibTorch's
  /// register_hook: a hook returning a defined Tensor replaces the gradient (for the tensor's
  /// grad() and everything upstream); one returning void or an undefined Tensor only observes.
  /// Returns a handle for remove_hook().
  template <typename Hook>
  unsigned register_hook(Hook&& hook) const {
    using R = std::invoke_result_t<Hook&, const Tensor&>;
    if constexpr (std::is_void_v<R>) {
      return add_hook([h = std::forward<Hook>(hook)](const Tensor& g) mutable {
        h(g);
        return Tensor();
      });
    } else {
      static_assert(std::is_convertible_v<R, Tensor>, "register_hook: the hook must return void or a Tensor");
      return add_hook([h = std::forward<Hook>(hook)](const Tensor& g) mutable { return Tensor(h(g)); });
    }
  }
  /// Removes a hook registered by register_hook (an unknown handle throws).
  void remove_hook(unsigned handle) const;
  /// A tensor sharing the data but cut from the graph.
  Tensor detach() const;
  /// Cuts this tensor from the graph in place (it becomes a leaf that does not require grad).
  Tensor& detach_();
  /// A differentiable deep copy.
  Tensor clone() const;
  /// A differentiable cast; returns *this unchanged when the dtype already matches.
  Tensor to(Dtype dtype) const;
  /// LibTorch's spellings: `x.to(device)` (the CPU: *this; anything else throws), `x.to(device,
  /// dtype)`, `x.to(options)`, `x.toType(dtype)`.
  Tensor to(Device device) const;
  Tensor to(DeviceType device) const { return to(Device(device)); }
  Tensor to(Device device, Dtype dtype) const;
  Tensor to(TensorOptions options) const { return to(options.dtype()); }
  Tensor toType(Dtype dtype) const { return to(dtype); }

  // ---- in-place updates ------------------------------------------------------------------
  // They write through views and bump the storage's version. On a tensor that requires grad
  // (not a leaf: leaves that require grad are refused outside NoGradGuard) or with an operand
  // that does, they are recorded as in PyTorch: the tensor's grad_fn becomes the op.
  Tensor& zero_();
  Tensor& fill_(double value);
  /// Copies `src` (broadcast to this shape, same dtype) into this tensor.
  Tensor& copy_(const Tensor& src);
  Tensor& add_(const Tensor& other, double alpha = 1.0);  ///< this += alpha * other
  Tensor& add_(double value);
  Tensor& sub_(const Tensor& other, double alpha = 1.0);  ///< this -= alpha * other
  Tensor& mul_(const Tensor& other);
  Tensor& mul_(double value);
  Tensor& div_(const Tensor& other);
  Tensor& div_(double value);
  Tensor& addcmul_(const Tensor& a, const Tensor& b, double value = 1.0);  ///< this += value*a*b
  Tensor& addcdiv_(const Tensor& a, const Tensor& b, double value = 1.0);  ///< this += value*a/b
  /// As LibTorch, an integer tensor clamped with integer bounds stays integer; floating bounds
  /// on it throw ("result type float32 can't be cast to the desired output type int64").
  Tensor& clamp_(std::optional<Scalar> min, std::optional<Scalar> max);
  Tensor& clamp_min_(const Scalar& min);  ///< clamp_(min, nullopt)
  Tensor& clamp_max_(const Scalar& max);  ///< clamp_(nullopt, max)
  Tensor& sqrt_();
  /// With a C++ integer, exact in an integer tensor's own dtype (`x.add_(1)`, `x.mul_(2)`,
  /// `x.fill_(3)`); a double into an integer tensor throws as LibTorch's "result type Float
  /// can't be cast to the desired output type Long" (`x.mul_(0.5)`, `x.div_(2)`: true division).
  template <typename I, detail::if_integer<I> = 0>
  Tensor& add_(I value) {
    return add_integer_(static_cast<std::int64_t>(value));
  }
  template <typename I, detail::if_integer<I> = 0>
  Tensor& sub_(I value) {
    return add_integer_(-static_cast<std::int64_t>(value));
  }
  template <typename I, detail::if_integer<I> = 0>
  Tensor& mul_(I value) {
    return mul_integer_(static_cast<std::int64_t>(value));
  }
  template <typename I, detail::if_integer<I> = 0>
  Tensor& fill_(I value) {
    return fill_integer_(static_cast<std::int64_t>(value));
  }
  Tensor& operator+=(const Tensor& other) { return add_(other); }
  Tensor& operator+=(double value) { return add_(value); }
  Tensor& operator-=(const Tensor& other) { return sub_(other); }
  Tensor& operator-=(double value) { return add_(-value); }
  Tensor& operator*=(const Tensor& other) { return mul_(other); }
  Tensor& operator*=(double value) { return mul_(value); }
  template <typename I, detail::if_integer<I> = 0>
  Tensor& operator+=(I value) {
    return add_(value);
  }
  template <typename I, detail::if_integer<I> = 0>
  Tensor& operator-=(I value) {
    return sub_(value);
  }
  template <typename I, detail::if_integer<I> = 0>
  Tensor& operator*=(I value) {
    return mul_(value);
  }
  Tensor& operator/=(const Tensor& other) { return div_(other); }
  Tensor& operator/=(double value) { return div_(value); }

  // ---- ops as methods (each is the free function of the same name in tapegrad::) --------
  Tensor matmul(const Tensor& other) const;
  Tensor mm(const Tensor& other) const;
  Tensor sum() const;
  Tensor sum(std::int64_t axis, bool keepdim = false) const;
  Tensor mean() const;
  Tensor mean(std::int64_t axis, bool keepdim = false) const;
  Tensor max() const;
  std::tuple<Tensor, Tensor> max(std::int64_t dim, bool keepdim = false) const;  ///< (values, indices)
  Tensor min() const;
  std::tuple<Tensor, Tensor> min(std::int64_t dim, bool keepdim = false) const;  ///< (values, indices)
  Tensor var(bool unbiased = true) const;
  Tensor var(std::int64_t axis, bool unbiased = true, bool keepdim = false) const;
  Tensor var(int axis, bool unbiased = true, bool keepdim = false) const {
    return var(static_cast<std::int64_t>(axis), unbiased, keepdim);
  }
  Tensor argmax() const;
  Tensor argmax(std::int64_t axis, bool keepdim = false) const;
  Tensor argmin() const;
  Tensor argmin(std::int64_t axis, bool keepdim = false) const;
  Tensor softmax(std::int64_t axis) const;
  Tensor log_softmax(std::int64_t axis) const;
  Tensor exp() const;
  Tensor log() const;
  Tensor sqrt() const;
  Tensor abs() const;
  Tensor neg() const;
  Tensor tanh() const;
  Tensor sigmoid() const;
  Tensor relu() const;
  Tensor pow(double exponent) const;
  Tensor pow(const Tensor& exponent) const;
  /// An integer tensor to an integer power stays integer (exact, wrapping as torch on overflow).
  template <typename I, detail::if_integer<I> = 0>
  Tensor pow(I exponent) const {
    return pow_integer(static_cast<std::int64_t>(exponent));
  }
  Tensor clamp(std::optional<Scalar> min, std::optional<Scalar> max) const;
  Tensor clamp_min(const Scalar& min) const;
  Tensor clamp_max(const Scalar& max) const;
  Tensor reshape(const Shape& shape) const;
  Tensor view(const Shape& shape) const;
  Tensor flatten(std::int64_t start_dim = 0, std::int64_t end_dim = -1) const;
  Tensor squeeze() const;
  Tensor squeeze(std::int64_t dim) const;
  Tensor unsqueeze(std::int64_t dim) const;
  Tensor transpose(std::int64_t dim0, std::int64_t dim1) const;
  Tensor t() const;  ///< transpose of a 2-D tensor
  Tensor diagonal(std::int64_t offset = 0, std::int64_t dim1 = 0, std::int64_t dim2 = 1) const;
  Tensor permute(const Shape& dims) const;
  Tensor expand(const Shape& shape) const;
  Tensor narrow(std::int64_t dim, std::int64_t start, std::int64_t length) const;
  Tensor slice(std::int64_t dim, std::optional<std::int64_t> start = std::nullopt,
               std::optional<std::int64_t> end = std::nullopt, std::int64_t step = 1) const;
  Tensor select(std::int64_t dim, std::int64_t index) const;
  Tensor index_select(std::int64_t dim, const Tensor& index) const;
  Tensor gather(std::int64_t dim, const Tensor& index) const;
  Tensor masked_fill(const Tensor& mask, double value) const;
  /// LibTorch's multi-dimensional indexing (see <tapegrad/autograd/tensor_indexing.hpp>):
  /// `x.index({Slice(), 0})` is a view, `x.index({idx_tensor})` a differentiable copy.
  Tensor index(ArrayRef<indexing::TensorIndex> indices) const;
  Tensor index(std::initializer_list<indexing::TensorIndex> indices) const;
  /// Writes `value` (broadcast) into `x.index(indices)`, in place and recorded, as LibTorch's.
  Tensor& index_put_(ArrayRef<indexing::TensorIndex> indices, const Tensor& value);
  Tensor& index_put_(std::initializer_list<indexing::TensorIndex> indices, const Tensor& value);
  Tensor& index_put_(ArrayRef<indexing::TensorIndex> indices, const Scalar& value);
  Tensor& index_put_(std::initializer_list<indexing::TensorIndex> indices, const Scalar& value);
  /// A view of row `index` (`select(0, index)`); `X[i] = row` writes into X.
  Tensor operator[](std::int64_t index) const { return select(0, index); }
  Tensor eq(const Tensor& other) const;
  Tensor ne(const Tensor& other) const;
  Tensor gt(const Tensor& other) const;
  Tensor lt(const Tensor& other) const;
  Tensor ge(const Tensor& other) const;
  Tensor le(const Tensor& other) const;
  /// Within a tolerance, as tg::isclose / tg::allclose / tg::equal (ops/closeness.hpp).
  Tensor isclose(const Tensor& other, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false) const;
  bool allclose(const Tensor& other, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false) const;
  bool equal(const Tensor& other) const;

  // ---- ops as methods, added with issue 7 (the free functions of the same names) ----------
  Tensor sum(const std::vector<std::int64_t>& dims, bool keepdim = false) const;
  Tensor mean(const std::vector<std::int64_t>& dims, bool keepdim = false) const;
  Tensor var(const std::vector<std::int64_t>& dims, bool unbiased = true, bool keepdim = false) const;
  Tensor var(std::optional<std::vector<std::int64_t>> dims, std::optional<std::int64_t> correction,
             bool keepdim = false) const;
  Tensor std(bool unbiased = true) const;
  Tensor std(std::int64_t dim, bool unbiased = true, bool keepdim = false) const;
  Tensor std(int dim, bool unbiased = true, bool keepdim = false) const {
    return std(static_cast<std::int64_t>(dim), unbiased, keepdim);
  }
  Tensor std(const std::vector<std::int64_t>& dims, bool unbiased = true, bool keepdim = false) const;
  Tensor std(std::optional<std::vector<std::int64_t>> dims, std::optional<std::int64_t> correction,
             bool keepdim = false) const;
  Tensor amax(const std::vector<std::int64_t>& dims = {}, bool keepdim = false) const;
  Tensor amin(const std::vector<std::int64_t>& dims = {}, bool keepdim = false) const;
  Tensor logsumexp(std::int64_t dim, bool keepdim = false) const;
  Tensor logsumexp(const std::vector<std::int64_t>& dims, bool keepdim = false) const;
  Tensor norm(double p = 2.0) const;
  Tensor norm(double p, const std::vector<std::int64_t>& dims, bool keepdim = false) const;
  Tensor prod() const;
  Tensor prod(std::int64_t dim, bool keepdim = false) const;
  Tensor prod(Dtype dtype) const;
  Tensor prod(std::int64_t dim, bool keepdim, Dtype dtype) const;
  Tensor all() const;
  Tensor all(std::int64_t dim, bool keepdim = false) const;
  Tensor any() const;
  Tensor any(std::int64_t dim, bool keepdim = false) const;
  Tensor count_nonzero(const std::vector<std::int64_t>& dims = {}) const;
  Tensor sin() const;
  Tensor cos() const;
  Tensor tan() const;
  Tensor asin() const;
  Tensor acos() const;
  Tensor atan() const;
  Tensor sinh() const;
  Tensor cosh() const;
  Tensor asinh() const;
  Tensor acosh() const;
  Tensor atanh() const;
  Tensor rsqrt() const;
  Tensor reciprocal() const;
  Tensor square() const;
  Tensor log1p() const;
  Tensor expm1() const;
  Tensor log2() const;
  Tensor log10() const;
  Tensor exp2() const;
  Tensor erf() const;
  Tensor erfc() const;
  Tensor floor() const;
  Tensor ceil() const;
  Tensor round() const;
  Tensor trunc() const;
  Tensor frac() const;
  Tensor sign() const;
  Tensor nan_to_num(std::optional<double> nan = 0.0, std::optional<double> posinf = std::nullopt,
                    std::optional<double> neginf = std::nullopt) const;
  Tensor atan2(const Tensor& other) const;
  Tensor maximum(const Tensor& other) const;
  Tensor minimum(const Tensor& other) const;
  Tensor fmod(const Tensor& other) const;
  Tensor remainder(const Tensor& other) const;
  Tensor fmod(const Scalar& other) const;
  Tensor remainder(const Scalar& other) const;
  Tensor bitwise_and(const Tensor& other) const;
  Tensor bitwise_or(const Tensor& other) const;
  Tensor bitwise_xor(const Tensor& other) const;
  Tensor bitwise_and(const Scalar& other) const;
  Tensor bitwise_or(const Scalar& other) const;
  Tensor bitwise_xor(const Scalar& other) const;
  Tensor bitwise_not() const;
  Tensor hypot(const Tensor& other) const;
  Tensor logaddexp(const Tensor& other) const;
  Tensor lerp(const Tensor& end, const Tensor& weight) const;
  Tensor lerp(const Tensor& end, double weight) const;
  Tensor flip(const std::vector<std::int64_t>& dims) const;
  Tensor roll(const std::vector<std::int64_t>& shifts, const std::vector<std::int64_t>& dims = {}) const;
  Tensor repeat(const std::vector<std::int64_t>& sizes) const;
  Tensor tile(const std::vector<std::int64_t>& reps) const;
  Tensor repeat_interleave(std::int64_t repeats, std::optional<std::int64_t> dim = std::nullopt) const;
  std::vector<Tensor> split(std::int64_t split_size, std::int64_t dim = 0) const;
  std::vector<Tensor> split(const std::vector<std::int64_t>& split_sizes, std::int64_t dim = 0) const;
  std::vector<Tensor> chunk(std::int64_t chunks, std::int64_t dim = 0) const;
  std::vector<Tensor> unbind(std::int64_t dim = 0) const;
  Tensor unflatten(std::int64_t dim, const std::vector<std::int64_t>& sizes) const;
  Tensor movedim(std::int64_t source, std::int64_t destination) const;
  Tensor movedim(const std::vector<std::int64_t>& source, const std::vector<std::int64_t>& destination) const;
  Tensor diag(std::int64_t diagonal = 0) const;
  Tensor diag_embed(std::int64_t offset = 0, std::int64_t dim1 = -2, std::int64_t dim2 = -1) const;
  Tensor tril(std::int64_t diagonal = 0) const;
  Tensor triu(std::int64_t diagonal = 0) const;
  Tensor unfold(std::int64_t dim, std::int64_t size, std::int64_t step) const;
  Tensor expand_as(const Tensor& other) const;
  Tensor reshape_as(const Tensor& other) const;
  Tensor view_as(const Tensor& other) const;
  Tensor broadcast_to(const Shape& shape) const;
  Tensor cumsum(std::int64_t dim) const;
  Tensor cumprod(std::int64_t dim) const;
  Tensor cumprod(std::int64_t dim, Dtype dtype) const;
  std::tuple<Tensor, Tensor> cummax(std::int64_t dim) const;
  std::tuple<Tensor, Tensor> cummin(std::int64_t dim) const;
  Tensor logcumsumexp(std::int64_t dim) const;
  std::tuple<Tensor, Tensor> sort(std::int64_t dim = -1, bool descending = false) const;
  Tensor argsort(std::int64_t dim = -1, bool descending = false) const;
  std::tuple<Tensor, Tensor> topk(std::int64_t k, std::int64_t dim = -1, bool largest = true, bool sorted = true) const;
  std::tuple<Tensor, Tensor> kthvalue(std::int64_t k, std::int64_t dim = -1, bool keepdim = false) const;
  Tensor median() const;
  std::tuple<Tensor, Tensor> median(std::int64_t dim, bool keepdim = false) const;
  Tensor scatter(std::int64_t dim, const Tensor& index, const Tensor& src) const;
  Tensor scatter_add(std::int64_t dim, const Tensor& index, const Tensor& src) const;
  Tensor index_add(std::int64_t dim, const Tensor& index, const Tensor& source, const Scalar& alpha = 1) const;
  Tensor index_copy(std::int64_t dim, const Tensor& index, const Tensor& source) const;
  Tensor index_fill(std::int64_t dim, const Tensor& index, double value) const;
  Tensor masked_select(const Tensor& mask) const;
  Tensor nonzero() const;
  Tensor argwhere() const;
  Tensor take_along_dim(const Tensor& indices, std::optional<std::int64_t> dim = std::nullopt) const;
  Tensor bmm(const Tensor& other) const;
  Tensor dot(const Tensor& other) const;
  Tensor outer(const Tensor& other) const;
  Tensor mv(const Tensor& vec) const;
  // ---- end of the issue 7 methods ------------------------------------------------------------

  /// The shared implementation (for op authors and the library itself).
  const std::shared_ptr<detail::TensorImpl>& impl() const { return impl_; }
  detail::TensorImpl& impl_ref() const;

 private:
  Tensor& add_integer_(std::int64_t value);
  Tensor& mul_integer_(std::int64_t value);
  Tensor& fill_integer_(std::int64_t value);
  Tensor pow_integer(std::int64_t exponent) const;
  void* accessor_data(Dtype dtype, std::size_t rank, const std::int64_t*& sizes, const std::int64_t*& strides) const;
  unsigned add_hook(std::function<Tensor(const Tensor&)> hook) const;
  double item_double() const;
  std::int64_t item_int64() const;
  double at_double(std::initializer_list<std::int64_t> index) const;
  std::int64_t at_int64(std::initializer_list<std::int64_t> index) const;
  std::shared_ptr<detail::TensorImpl> impl_;
};

/// Prints like PyTorch: `tensor([[1.0000, 2.0000]], dtype=float64, requires_grad=True)`.
std::ostream& operator<<(std::ostream& out, const Tensor& tensor);

/// Concatenates the printed forms of its arguments, as c10::str: `tg::str("loss ", 0.5)`.
template <typename... Args>
std::string str(const Args&... args) {
  std::ostringstream out;
  (out << ... << args);
  return out.str();
}

}  // namespace tapegrad

#include <tapegrad/autograd/accessor.hpp>
#include <tapegrad/autograd/tensor_indexing.hpp>
