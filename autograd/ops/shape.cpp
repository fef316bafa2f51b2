// Shape ops. Most are views, as in LibTorch: the result shares the input's storage under new
// shape, strides and offset, and writing through it changes the input. reshape copies only when
// no strides can express the new shape; cat, and the adjoints of the region views, allocate.
#include <tapegrad/autograd/ops/shape.hpp>

#include <numeric>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ops/reduction.hpp>
#include "kernel_utils.hpp"

namespace tapegrad {

using autograd::record;
using autograd::should_record;
using detail::GradList;
using detail::XShape;
using detail::XStrides;

namespace {

std::size_t slice_length(std::int64_t start, std::int64_t end, std::int64_t step) {
  return end > start ? static_cast<std::size_t>((end - start - 1) / step + 1) : 0;
}

// A view of x; every view remembers the non-view tensor whose storage it shares.
Tensor make_view(const Tensor& x, XShape shape, XStrides strides, std::ptrdiff_t offset) {
  Tensor out = detail::alias(x, std::move(shape), std::move(strides), offset);
  const auto& from = x.impl();
  std::shared_ptr<detail::TensorImpl> base = from->base.lock();
  out.impl()->base = base ? base : from;
  return out;
}

// The adjoint of a view that picks a region (slice, select, diagonal, as_strided): zeros of the
// input's shape with g written into that region. Recorded, with the region itself as its own
// backward, so gradients of any order exist.
template <typename Region>
Tensor region_backward(const Tensor& g, const Shape& shape, const char* name, Region region) {
  Tensor out = zeros(shape, g.dtype());
  {
    NoGradGuard no_grad;
    region(out).copy_(g);
  }
  if (!should_record(g)) return out;
  return record(name, out, {g}, [region](const Tensor& gg) { return GradList{region(gg)}; });
}

// The strides under which x's elements read as `shape` without moving, if any (NumPy's and
// LibTorch's rule: each run of dimensions that is contiguous in x may be split or merged).
std::optional<XStrides> view_strides(const detail::TensorImpl& x, const XShape& shape) {
  XStrides strides(shape.size());
  if (x.numel() == 0 || x.shape.empty()) return detail::contiguous_strides(shape);
  std::ptrdiff_t view_d = static_cast<std::ptrdiff_t>(shape.size()) - 1;
  std::ptrdiff_t chunk_stride = x.strides.back();
  std::size_t tensor_numel = 1, view_numel = 1;
  for (std::ptrdiff_t d = static_cast<std::ptrdiff_t>(x.shape.size()) - 1; d >= 0; --d) {
    tensor_numel *= x.shape[static_cast<std::size_t>(d)];
    bool chunk_ends = d == 0 || (x.shape[static_cast<std::size_t>(d - 1)] != 1 &&
                                 x.strides[static_cast<std::size_t>(d - 1)] !=
                                     static_cast<std::ptrdiff_t>(tensor_numel) * chunk_stride);
    if (!chunk_ends) continue;
    while (view_d >= 0 && (view_numel < tensor_numel || shape[static_cast<std::size_t>(view_d)] == 1)) {
      strides[static_cast<std::size_t>(view_d)] = static_cast<std::ptrdiff_t>(view_numel) * chunk_stride;
      view_numel *= shape[static_cast<std::size_t>(view_d)];
      --view_d;
    }
    if (view_numel != tensor_numel) return std::nullopt;
    if (d > 0) {
      chunk_stride = x.strides[static_cast<std::size_t>(d - 1)];
      tensor_numel = 1;
      view_numel = 1;
    }
  }
  if (view_d != -1) return std::nullopt;
  return strides;
}

Shape inferred_shape(const detail::TensorImpl& impl, const Shape& shape, const char* op) {
  Shape target = shape;
  std::int64_t known = 1, infer = -1;
  bool zero = false;
  for (std::size_t i = 0; i < target.size(); ++i) {
    if (target[i] == -1) {
      TG_CHECK(infer < 0, op, "only one dimension can be inferred (-1) in ", shape_to_string(shape));
      infer = static_cast<std::int64_t>(i);
    } else {
      TG_CHECK(target[i] >= 0, op, "invalid size ", target[i], " in ", shape_to_string(shape));
      if (target[i] != 0)
        TG_CHECK(!__builtin_mul_overflow(known, target[i], &known), op, "shape ", shape_to_string(shape),
                 " is too large: its element count overflows int64");
      else
        zero = true;
    }
  }
  auto numel = static_cast<std::int64_t>(impl.numel());
  if (zero) known = 0;
  if (infer >= 0) {
    TG_CHECK(known != 0 && numel % known == 0, op, "shape ", shape_to_string(shape), " is invalid for input of size ",
             numel, " (shape ", detail::shape_to_string(impl.shape), ")");
    target[static_cast<std::size_t>(infer)] = numel / known;
  }
  TG_CHECK((infer >= 0 ? known * target[static_cast<std::size_t>(infer)] : known) == numel, op, "shape ",
           shape_to_string(shape), " is invalid for input of size ", numel, " (shape ",
           detail::shape_to_string(impl.shape), ")");
  return target;
}

Tensor reshape_impl(const Tensor& x, const Shape& shape, bool must_view, const char* op, const char* node_name) {
  const auto& impl = detail::checked(x, op);
  XShape xs = detail::to_xshape(inferred_shape(impl, shape, op), op);
  if (xs == impl.shape) return x;
  std::optional<XStrides> strides = view_strides(impl, xs);
  TG_CHECK(strides || !must_view, op,
           "view size is not compatible with input tensor's size and stride (at least one dimension spans across "
           "two contiguous subspaces); use .reshape(...) instead (input shape ",
           detail::shape_to_string(impl.shape), ", strides ", shape_to_string(x.strides()), ")");
  Tensor out = strides ? make_view(x, xs, *strides, impl.offset) : detail::alias(detail::dense(x), xs);
  if (!should_record(x)) return out;
  return record(node_name, out, {x}, [from = x.shape()](const Tensor& g) { return GradList{reshape(g, from)}; });
}

// Drops or inserts size-1 dimensions: always a view, whatever the strides.
Tensor restride(const Tensor& x, XShape shape, XStrides strides, const char* node_name) {
  Tensor out = make_view(x, std::move(shape), std::move(strides), x.impl()->offset);
  if (!should_record(x)) return out;
  return record(node_name, out, {x}, [from = x.shape()](const Tensor& g) { return GradList{reshape(g, from)}; });
}

}  // namespace

namespace detail {

Tensor as_strided(const Tensor& x, const XShape& shape, const XStrides& strides, std::ptrdiff_t offset) {
  const auto& impl = checked(x, "as_strided");
  Tensor out = make_view(x, shape, strides, impl.offset + offset);
  if (!should_record(x)) return out;
  auto region = [shape, strides, offset](const Tensor& full) {
    Tensor base = full.is_contiguous() ? full : full.contiguous();
    return as_strided(base, shape, strides, offset);
  };
  return record("AsStridedBackward", out, {x}, [from = x.shape(), region](const Tensor& g) {
    return GradList{region_backward(g, from, "AsStridedBackwardBackward", region)};
  });
}

}  // namespace detail

Tensor reshape(const Tensor& x, const Shape& shape) {
  return reshape_impl(x, shape, false, "reshape", "ReshapeBackward");
}

Tensor view(const Tensor& x, const Shape& shape) { return reshape_impl(x, shape, true, "view", "ViewBackward"); }

Tensor flatten(const Tensor& x, std::int64_t start_dim, std::int64_t end_dim) {
  const auto& impl = detail::checked(x, "flatten");
  if (impl.shape.empty()) return reshape(x, {1});
  std::size_t s = detail::wrap_axis(start_dim, impl.shape.size(), "flatten");
  std::size_t e = detail::wrap_axis(end_dim, impl.shape.size(), "flatten");
  TG_CHECK(s <= e, "flatten", "start_dim (", start_dim, ") comes after end_dim (", end_dim, ")");
  Shape shape;
  std::int64_t merged = 1;
  for (std::size_t d = 0; d < impl.shape.size(); ++d) {
    if (d < s || d > e)
      shape.push_back(static_cast<std::int64_t>(impl.shape[d]));
    else
      merged *= static_cast<std::int64_t>(impl.shape[d]);
    if (d == e) shape.push_back(merged);
  }
  return reshape(x, shape);
}

Tensor squeeze(const Tensor& x) {
  const auto& impl = detail::checked(x, "squeeze");
  XShape shape;
  XStrides strides;
  for (std::size_t d = 0; d < impl.shape.size(); ++d)
    if (impl.shape[d] != 1) {
      shape.push_back(impl.shape[d]);
      strides.push_back(impl.strides[d]);
    }
  if (shape.size() == impl.shape.size()) return x;
  return restride(x, shape, strides, "SqueezeBackward");
}

Tensor squeeze(const Tensor& x, std::int64_t dim) {
  const auto& impl = detail::checked(x, "squeeze");
  if (impl.shape.empty()) {  // a 0-d tensor takes dim 0 or -1, as PyTorch, and stays as it is
    detail::wrap_axis(dim, 1, "squeeze");
    return x;
  }
  std::size_t d = detail::wrap_axis(dim, impl.shape.size(), "squeeze");
  if (impl.shape[d] != 1) return x;  // as PyTorch: squeezing a non-1 dimension is a no-op
  XShape shape = impl.shape;
  XStrides strides = impl.strides;
  shape.erase(shape.begin() + static_cast<std::ptrdiff_t>(d));
  strides.erase(strides.begin() + static_cast<std::ptrdiff_t>(d));
  return restride(x, shape, strides, "SqueezeBackward");
}

Tensor unsqueeze(const Tensor& x, std::int64_t dim) {
  const auto& impl = detail::checked(x, "unsqueeze");
  std::size_t d = detail::wrap_axis(dim, impl.shape.size() + 1, "unsqueeze");
  XShape shape = impl.shape;
  XStrides strides = impl.strides;
  std::ptrdiff_t stride = d < impl.shape.size() ? impl.strides[d] * static_cast<std::ptrdiff_t>(impl.shape[d]) : 1;
  shape.insert(shape.begin() + static_cast<std::ptrdiff_t>(d), 1);
  strides.insert(strides.begin() + static_cast<std::ptrdiff_t>(d), stride);
  return restride(x, shape, strides, "UnsqueezeBackward");
}

Tensor expand(const Tensor& x, const Shape& shape) {
  const auto& impl = detail::checked(x, "expand");
  TG_CHECK(shape.size() >= impl.shape.size(), "expand", "cannot expand ", detail::shape_to_string(impl.shape), " to ",
           shape_to_string(shape), " (fewer dimensions)");
  Shape target = shape;
  std::size_t lead = shape.size() - impl.shape.size();
  XStrides strides(shape.size(), 0);
  for (std::size_t d = 0; d < shape.size(); ++d) {
    if (d < lead) {
      TG_CHECK(shape[d] >= 0, "expand", "size -1 is only allowed for existing dimensions, got ",
               shape_to_string(shape));
      continue;
    }
    auto own = static_cast<std::int64_t>(impl.shape[d - lead]);
    if (target[d] == -1) target[d] = own;
    TG_CHECK(own == target[d] || own == 1, "expand", "cannot expand ", detail::shape_to_string(impl.shape), " to ",
             shape_to_string(shape), " (size ", own, " vs ", target[d], " at dimension ", d, ")");
    strides[d] = own == target[d] ? impl.strides[d - lead] : 0;
  }
  XShape xs = detail::to_xshape(target, "expand");
  if (xs == impl.shape) return x;
  Tensor out = make_view(x, xs, strides, impl.offset);
  if (!should_record(x)) return out;
  return record("ExpandBackward", out, {x}, [from = x.shape()](const Tensor& g) { return GradList{sum_to(g, from)}; });
}

Tensor permute(const Tensor& x, const Shape& dims) {
  const auto& impl = detail::checked(x, "permute");
  std::size_t rank = impl.shape.size();
  TG_CHECK(dims.size() == rank, "permute", "got ", dims.size(), " dimensions ", shape_to_string(dims),
           " for a tensor of ", rank, " dimensions");
  std::vector<std::size_t> perm(rank), inverse(rank);
  std::vector<bool> used(rank, false);
  for (std::size_t i = 0; i < rank; ++i) {
    perm[i] = detail::wrap_axis(dims[i], rank, "permute");
    TG_CHECK(!used[perm[i]], "permute", "dimension ", dims[i], " repeats in ", shape_to_string(dims));
    used[perm[i]] = true;
    inverse[perm[i]] = i;
  }
  bool identity = true;
  for (std::size_t i = 0; i < rank; ++i) identity = identity && perm[i] == i;
  if (identity) return x;
  XShape shape(rank);
  XStrides strides(rank);
  for (std::size_t i = 0; i < rank; ++i) {
    shape[i] = impl.shape[perm[i]];
    strides[i] = impl.strides[perm[i]];
  }
  Tensor out = make_view(x, shape, strides, impl.offset);
  if (!should_record(x)) return out;
  Shape back(inverse.begin(), inverse.end());
  return record("PermuteBackward", out, {x}, [back](const Tensor& g) { return GradList{permute(g, back)}; });
}

Tensor transpose(const Tensor& x, std::int64_t dim0, std::int64_t dim1) {
  const auto& impl = detail::checked(x, "transpose");
  std::size_t rank = impl.shape.size();
  if (rank == 0) return x;
  std::size_t a = detail::wrap_axis(dim0, rank, "transpose"), b = detail::wrap_axis(dim1, rank, "transpose");
  if (a == b) return x;
  Shape dims(rank);
  std::iota(dims.begin(), dims.end(), 0);
  std::swap(dims[a], dims[b]);
  std::uint64_t since = detail::next_node_sequence();
  return autograd::name_result(permute(x, dims), "TransposeBackward", since);
}

Tensor slice(const Tensor& x, std::int64_t dim, std::optional<std::int64_t> start_arg,
             std::optional<std::int64_t> end_arg, std::int64_t step) {
  const auto& impl = detail::checked(x, "slice");
  TG_CHECK(!impl.shape.empty(), "slice", "cannot slice a 0-dimensional tensor");
  TG_CHECK(step > 0, "slice", "step must be positive, got ", step);
  std::size_t axis = detail::wrap_axis(dim, impl.shape.size(), "slice");
  auto n = static_cast<std::int64_t>(impl.shape[axis]);
  // Python semantics: negative bounds count from the end, out-of-range bounds are clipped.
  auto clip = [n](std::int64_t v) { return std::clamp<std::int64_t>(v < 0 ? (v < -n ? 0 : v + n) : v, 0, n); };
  std::int64_t start = clip(start_arg.value_or(0)), end = clip(end_arg.value_or(n));
  if (start == 0 && end == n && step == 1) return x;
  XShape shape = impl.shape;
  XStrides strides = impl.strides;
  shape[axis] = slice_length(start, end, step);
  // A step past the end picks at most one element, whose stride is irrelevant (and stride * step
  // could overflow); otherwise step < size and the product stays within the storage.
  strides[axis] = shape[axis] > 1 ? impl.strides[axis] * step : impl.strides[axis];
  Tensor out = make_view(x, shape, strides, impl.offset + start * impl.strides[axis]);
  if (!should_record(x)) return out;
  auto region = [axis, start, end, step](const Tensor& full) {
    return slice(full, static_cast<std::int64_t>(axis), start, end, step);
  };
  return record("SliceBackward", out, {x}, [from = x.shape(), region](const Tensor& g) {
    return GradList{region_backward(g, from, "SliceBackwardBackward", region)};
  });
}

Tensor narrow(const Tensor& x, std::int64_t dim, std::int64_t start, std::int64_t length) {
  const auto& impl = detail::checked(x, "narrow");
  TG_CHECK(!impl.shape.empty(), "narrow", "cannot narrow a 0-dimensional tensor");
  std::size_t axis = detail::wrap_axis(dim, impl.shape.size(), "narrow");
  auto n = static_cast<std::int64_t>(impl.shape[axis]);
  TG_CHECK(start >= -n && start <= n, "narrow", "start (", start, ") is out of range for dimension ", dim, " of size ",
           n);
  if (start < 0) start += n;
  TG_CHECK(length >= 0 && length <= n - start, "narrow", "start (", start, ") + length (", length,
           ") exceeds dimension ", dim, " of size ", n);
  return slice(x, dim, start, start + length, 1);
}

Tensor select(const Tensor& x, std::int64_t dim, std::int64_t index) {
  const auto& impl = detail::checked(x, "select");
  TG_CHECK(!impl.shape.empty(), "select", "cannot index a 0-dimensional tensor");
  std::size_t axis = detail::wrap_axis(dim, impl.shape.size(), "select");
  auto n = static_cast<std::int64_t>(impl.shape[axis]);
  TG_CHECK(index >= -n && index < n, "select", "index ", index, " is out of range for dimension ", dim, " of size ", n);
  if (index < 0) index += n;
  XShape shape = impl.shape;
  XStrides strides = impl.strides;
  shape.erase(shape.begin() + static_cast<std::ptrdiff_t>(axis));
  strides.erase(strides.begin() + static_cast<std::ptrdiff_t>(axis));
  Tensor out = make_view(x, shape, strides, impl.offset + index * impl.strides[axis]);
  if (!should_record(x)) return out;
  auto region = [axis, index](const Tensor& full) { return select(full, static_cast<std::int64_t>(axis), index); };
  return record("SelectBackward", out, {x}, [from = x.shape(), region](const Tensor& g) {
    return GradList{region_backward(g, from, "SelectBackwardBackward", region)};
  });
}

Tensor diagonal(const Tensor& x, std::int64_t offset, std::int64_t dim1, std::int64_t dim2) {
  const auto& impl = detail::checked(x, "diagonal");
  TG_CHECK(impl.shape.size() >= 2, "diagonal", "expects a tensor with at least 2 dimensions, got ", impl.shape.size());
  std::size_t a = detail::wrap_axis(dim1, impl.shape.size(), "diagonal");
  std::size_t b = detail::wrap_axis(dim2, impl.shape.size(), "diagonal");
  TG_CHECK(a != b, "diagonal", "dim1 and dim2 cannot be the same dimension (both are ", a, ")");
  auto rows = static_cast<std::int64_t>(impl.shape[a]), cols = static_cast<std::int64_t>(impl.shape[b]);
  std::int64_t length = offset >= 0 ? std::max<std::int64_t>(0, std::min(rows, cols - offset))
                                    : std::max<std::int64_t>(0, std::min(rows + offset, cols));
  std::ptrdiff_t start = impl.offset;
  if (length > 0) start += offset >= 0 ? offset * impl.strides[b] : -offset * impl.strides[a];
  XShape shape;
  XStrides strides;
  for (std::size_t d = 0; d < impl.shape.size(); ++d)
    if (d != a && d != b) {
      shape.push_back(impl.shape[d]);
      strides.push_back(impl.strides[d]);
    }
  shape.push_back(static_cast<std::size_t>(length));
  strides.push_back(impl.strides[a] + impl.strides[b]);
  Tensor out = make_view(x, shape, strides, start);
  if (!should_record(x)) return out;
  auto region = [offset, a, b](const Tensor& full) {
    return diagonal(full, offset, static_cast<std::int64_t>(a), static_cast<std::int64_t>(b));
  };
  return record("DiagonalBackward", out, {x}, [from = x.shape(), region](const Tensor& g) {
    return GradList{region_backward(g, from, "DiagonalBackwardBackward", region)};
  });
}

Tensor cat(const std::vector<Tensor>& tensors, std::int64_t dim) {
  TG_CHECK(!tensors.empty(), "cat", "expected a non-empty list of tensors");
  const auto& first = detail::checked(tensors[0], "cat");
  TG_CHECK(!first.shape.empty(), "cat", "zero-dimensional tensors cannot be concatenated");
  std::size_t axis = detail::wrap_axis(dim, first.shape.size(), "cat");
  XShape shape = first.shape;
  shape[axis] = 0;
  Dtype type = first.dtype;  // the operands promote, as torch.cat: [int64, float32] is float32
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    const auto& t = detail::checked(tensors[i], "cat");
    if (t.dtype != type) type = promote_types(type, t.dtype);
    bool ok = t.shape.size() == first.shape.size();
    for (std::size_t d = 0; ok && d < first.shape.size(); ++d) ok = d == axis || t.shape[d] == first.shape[d];
    TG_CHECK(ok, "cat", "tensor ", i, " has shape ", detail::shape_to_string(t.shape), " but tensor 0 has ",
             detail::shape_to_string(first.shape), " (only dimension ", axis, " may differ)");
    shape[axis] += t.shape[axis];
  }
  Tensor out = detail::empty(shape, type);
  std::vector<std::int64_t> offsets, lengths;
  std::int64_t offset = 0;
  {
    NoGradGuard no_grad;
    for (const Tensor& t : tensors) {
      auto length = static_cast<std::int64_t>(t.impl()->shape[axis]);
      offsets.push_back(offset);
      lengths.push_back(length);
      Tensor part = slice(out, static_cast<std::int64_t>(axis), offset, offset + length, 1);
      if (t.impl()->dtype == type)  // the common case: no converted copy, not even a handle
        detail::copy_strided(*part.impl(), *t.impl());
      else
        detail::copy_strided(*part.impl(), *detail::kernel_operand(t, type).impl());
      offset += length;
    }
  }
  bool any = false;
  for (const Tensor& t : tensors) any = any || should_record(t);
  if (!any) return out;
  return record("CatBackward", out, tensors, [axis, offsets, lengths](const Tensor& g) {
    GradList grads;
    for (std::size_t i = 0; i < offsets.size(); ++i)
      grads.push_back(slice(g, static_cast<std::int64_t>(axis), offsets[i], offsets[i] + lengths[i], 1));
    return grads;
  });
}

Tensor concat(const std::vector<Tensor>& tensors, std::int64_t dim) { return cat(tensors, dim); }

Tensor stack(const std::vector<Tensor>& tensors, std::int64_t dim) {
  TG_CHECK(!tensors.empty(), "stack", "expected a non-empty list of tensors");
  std::size_t rank = static_cast<std::size_t>(detail::checked(tensors[0], "stack").shape.size());
  std::size_t axis = detail::wrap_axis(dim, rank + 1, "stack");
  std::vector<Tensor> parts;
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    TG_CHECK(tensors[i].defined() && tensors[i].shape() == tensors[0].shape(), "stack", "tensor ", i, " has shape ",
             tensors[i].defined() ? shape_to_string(tensors[i].shape()) : "undefined", " but tensor 0 has ",
             shape_to_string(tensors[0].shape()), " (all must be equal)");
    parts.push_back(unsqueeze(tensors[i], static_cast<std::int64_t>(axis)));
  }
  std::uint64_t since = detail::next_node_sequence();
  return autograd::name_result(cat(parts, static_cast<std::int64_t>(axis)), "StackBackward", since);
}

}  // namespace tapegrad
