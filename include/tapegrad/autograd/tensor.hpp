#pragma once
/// tapegrad::Tensor: an n-dimensional float32 / float64 / int64 array that records the ops
/// applied to it on a reverse-mode tape, as torch::Tensor does.
///
///     tg::Tensor a = tg::randn({2, 3}).requires_grad_();
///     tg::Tensor loss = (a * a).sum();
///     loss.backward();              // a.grad() == 2 * a
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include <tapegrad/autograd/dtype.hpp>
#include <tapegrad/autograd/error.hpp>

namespace tapegrad {

namespace detail {
struct TensorImpl;
}

class Tensor;

/// Creation options, as torch::TensorOptions: `tg::zeros({2}, tg::TensorOptions().dtype(tg::kFloat64))`.
/// A bare Dtype converts to options, so `tg::zeros({2}, tg::kFloat64)` works too.
struct TensorOptions {
  Dtype dtype_ = kFloat32;
  bool requires_grad_ = false;
  TensorOptions() = default;
  TensorOptions(Dtype d) : dtype_(d) {}  // NOLINT: implicit on purpose, like LibTorch
  TensorOptions dtype(Dtype d) const {
    auto o = *this;
    o.dtype_ = d;
    return o;
  }
  TensorOptions requires_grad(bool r = true) const {
    auto o = *this;
    o.requires_grad_ = r;
    return o;
  }
};

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
  Shape sizes() const { return shape(); }  ///< LibTorch spelling of shape()
  /// Size along `dim` (negative counts from the end).
  std::int64_t size(std::int64_t dim) const;
  std::int64_t dim() const;
  std::int64_t numel() const;
  Dtype dtype() const;
  Dtype scalar_type() const { return dtype(); }
  /// Element strides of this view (0 along an expanded dimension), as in LibTorch.
  Shape strides() const;
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

  /// The value of a one-element tensor; throws for any other size, and for an integer T when the
  /// value is NaN or beyond int64's range.
  template <typename T>
  T item() const {
    if constexpr (std::is_integral_v<T>)
      return static_cast<T>(item_int64());
    else
      return static_cast<T>(item_double());
  }
  /// All elements, flat in row-major order, converted to T (float, double, int64_t, int).
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
  /// A tensor sharing the data but cut from the graph.
  Tensor detach() const;
  /// A differentiable deep copy.
  Tensor clone() const;
  /// A differentiable cast; returns *this unchanged when the dtype already matches.
  Tensor to(Dtype dtype) const;

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
  Tensor& clamp_(std::optional<double> min, std::optional<double> max);
  Tensor& sqrt_();
  Tensor& operator+=(const Tensor& other) { return add_(other); }
  Tensor& operator+=(double value) { return add_(value); }
  Tensor& operator-=(const Tensor& other) { return sub_(other); }
  Tensor& operator-=(double value) { return add_(-value); }
  Tensor& operator*=(const Tensor& other) { return mul_(other); }
  Tensor& operator*=(double value) { return mul_(value); }
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
  Tensor clamp(std::optional<double> min, std::optional<double> max) const;
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
  /// A view of row `index` (`select(0, index)`); `X[i] = row` writes into X.
  Tensor operator[](std::int64_t index) const { return select(0, index); }
  Tensor eq(const Tensor& other) const;
  Tensor ne(const Tensor& other) const;
  Tensor gt(const Tensor& other) const;
  Tensor lt(const Tensor& other) const;
  Tensor ge(const Tensor& other) const;
  Tensor le(const Tensor& other) const;

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
  Tensor index_add(std::int64_t dim, const Tensor& index, const Tensor& source, double alpha = 1.0) const;
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
  double item_double() const;
  std::int64_t item_int64() const;
  double at_double(std::initializer_list<std::int64_t> index) const;
  std::int64_t at_int64(std::initializer_list<std::int64_t> index) const;
  std::shared_ptr<detail::TensorImpl> impl_;
};

/// Prints like PyTorch: `tensor([[1.0000, 2.0000]], dtype=float64, requires_grad=True)`.
std::ostream& operator<<(std::ostream& out, const Tensor& tensor);

}  // namespace tapegrad
