// Shape ops. reshape shares storage (every tensor is contiguous); expand, permute, slice and
// cat copy. squeeze, unsqueeze, flatten, view, narrow, select, transpose and stack are
// composed from those and need no backward of their own.
#include <tapegrad/autograd/ops/shape.hpp>

#include <cstring>
#include <numeric>

#include <tapegrad/autograd/ops/reduction.hpp>
#include "kernel_utils.hpp"

namespace tapegrad {

using autograd::record;
using autograd::should_record;
using detail::XShape;
using Grads = std::vector<Tensor>;

namespace {

std::size_t slice_length(std::int64_t start, std::int64_t end, std::int64_t step) {
  return end > start ? static_cast<std::size_t>((end - start + step - 1) / step) : 0;
}

// Copies the rows start, start+step, ... of `src` along `axis` into `dst` (forward == true),
// or adds `dst`'s rows back into those positions of `src` (the adjoint).
void strided_rows(const Tensor& full, const Tensor& part, std::size_t axis, std::int64_t start, std::int64_t step,
                  bool gather_into_part) {
  const auto& f = *full.impl();
  detail::AxisLayout a = detail::axis_layout(f.shape, axis);
  std::size_t len = part.impl()->shape[axis];
  std::size_t bytes = a.inner * element_size(f.dtype);
  auto* fp = static_cast<char*>(f.storage->data);
  auto* pp = static_cast<char*>(part.impl()->storage->data);
  for (std::size_t o = 0; o < a.outer; ++o)
    for (std::size_t i = 0; i < len; ++i) {
      char* frow = fp + ((o * a.n + static_cast<std::size_t>(start + static_cast<std::int64_t>(i) * step)) * bytes);
      char* prow = pp + (o * len + i) * bytes;
      if (gather_into_part)
        std::memcpy(prow, frow, bytes);
      else
        std::memcpy(frow, prow, bytes);
    }
}

// The adjoint of slice: a zero tensor of `shape` with `g` written at the sliced positions.
Tensor slice_backward(const Tensor& g, const Shape& shape, std::size_t axis, std::int64_t start, std::int64_t end,
                      std::int64_t step) {
  Tensor out = detail::empty(detail::to_xshape(shape, "slice"), g.dtype());
  std::memset(out.impl()->storage->data, 0, out.impl()->numel() * element_size(g.dtype()));
  strided_rows(out, g, axis, start, step, false);
  if (!should_record(g)) return out;
  return record("SliceBackwardBackward", out, {g}, [axis, start, end, step](const Tensor& gg) {
    return Grads{slice(gg, static_cast<std::int64_t>(axis), start, end, step)};
  });
}

}  // namespace

Tensor reshape(const Tensor& x, const Shape& shape) {
  const auto& impl = detail::checked(x, "reshape");
  Shape target = shape;
  std::int64_t known = 1, infer = -1;
  for (std::size_t i = 0; i < target.size(); ++i) {
    if (target[i] == -1) {
      TG_CHECK(infer < 0, "reshape", "only one dimension can be inferred (-1) in ", shape_to_string(shape));
      infer = static_cast<std::int64_t>(i);
    } else {
      TG_CHECK(target[i] >= 0, "reshape", "invalid size ", target[i], " in ", shape_to_string(shape));
      known *= target[i];
    }
  }
  auto numel = static_cast<std::int64_t>(impl.numel());
  if (infer >= 0) {
    TG_CHECK(known != 0 && numel % known == 0, "reshape", "shape ", shape_to_string(shape),
             " is invalid for input of size ", numel, " (shape ", detail::shape_to_string(impl.shape), ")");
    target[static_cast<std::size_t>(infer)] = numel / known;
  }
  TG_CHECK(std::accumulate(target.begin(), target.end(), std::int64_t{1}, std::multiplies<>()) == numel, "reshape",
           "shape ", shape_to_string(shape), " is invalid for input of size ", numel, " (shape ",
           detail::shape_to_string(impl.shape), ")");
  XShape xs = detail::to_xshape(target, "reshape");
  if (xs == impl.shape) return x;
  Tensor out = detail::alias(x, xs);
  if (!should_record(x)) return out;
  return record("ReshapeBackward", out, {x}, [from = x.shape()](const Tensor& g) { return Grads{reshape(g, from)}; });
}

Tensor view(const Tensor& x, const Shape& shape) { return reshape(x, shape); }

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
  Shape shape;
  for (auto s : x.shape())
    if (s != 1) shape.push_back(s);
  return reshape(x, shape);
}

Tensor squeeze(const Tensor& x, std::int64_t dim) {
  const auto& impl = detail::checked(x, "squeeze");
  if (impl.shape.empty()) return x;
  std::size_t d = detail::wrap_axis(dim, impl.shape.size(), "squeeze");
  if (impl.shape[d] != 1) return x;  // as PyTorch: squeezing a non-1 dimension is a no-op
  Shape shape = x.shape();
  shape.erase(shape.begin() + static_cast<std::ptrdiff_t>(d));
  return reshape(x, shape);
}

Tensor unsqueeze(const Tensor& x, std::int64_t dim) {
  const auto& impl = detail::checked(x, "unsqueeze");
  std::size_t d = detail::wrap_axis(dim, impl.shape.size() + 1, "unsqueeze");
  Shape shape = x.shape();
  shape.insert(shape.begin() + static_cast<std::ptrdiff_t>(d), 1);
  return reshape(x, shape);
}

Tensor expand(const Tensor& x, const Shape& shape) {
  const auto& impl = detail::checked(x, "expand");
  TG_CHECK(shape.size() >= impl.shape.size(), "expand", "cannot expand ", detail::shape_to_string(impl.shape), " to ",
           shape_to_string(shape), " (fewer dimensions)");
  Shape target = shape;
  std::size_t lead = shape.size() - impl.shape.size();
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
  }
  XShape xs = detail::to_xshape(target, "expand");
  if (xs == impl.shape) return x;
  Tensor out = detail::dispatch_all(impl.dtype, [&](auto tag) {
    using T = decltype(tag);
    return detail::from_expression<T>(xt::broadcast(detail::xview<T>(impl), xs));
  });
  if (!should_record(x)) return out;
  return record("ExpandBackward", out, {x}, [from = x.shape()](const Tensor& g) { return Grads{sum_to(g, from)}; });
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
  Tensor out = detail::dispatch_all(impl.dtype, [&](auto tag) {
    using T = decltype(tag);
    return detail::from_expression<T>(xt::transpose(detail::xview<T>(impl), perm));
  });
  if (!should_record(x)) return out;
  Shape back(inverse.begin(), inverse.end());
  return record("PermuteBackward", out, {x}, [back](const Tensor& g) { return Grads{permute(g, back)}; });
}

Tensor transpose(const Tensor& x, std::int64_t dim0, std::int64_t dim1) {
  const auto& impl = detail::checked(x, "transpose");
  std::size_t rank = impl.shape.size();
  std::size_t a = detail::wrap_axis(dim0, rank, "transpose"), b = detail::wrap_axis(dim1, rank, "transpose");
  Shape dims(rank);
  std::iota(dims.begin(), dims.end(), 0);
  std::swap(dims[a], dims[b]);
  return permute(x, dims);
}

Tensor slice(const Tensor& x, std::int64_t dim, std::optional<std::int64_t> start_arg,
             std::optional<std::int64_t> end_arg, std::int64_t step) {
  const auto& impl = detail::checked(x, "slice");
  TG_CHECK(!impl.shape.empty(), "slice", "cannot slice a 0-dimensional tensor");
  TG_CHECK(step > 0, "slice", "step must be positive, got ", step);
  std::size_t axis = detail::wrap_axis(dim, impl.shape.size(), "slice");
  auto n = static_cast<std::int64_t>(impl.shape[axis]);
  // Python semantics: negative bounds count from the end, out-of-range bounds are clipped.
  auto clip = [n](std::int64_t v) { return std::clamp<std::int64_t>(v < 0 ? v + n : v, 0, n); };
  std::int64_t start = clip(start_arg.value_or(0)), end = clip(end_arg.value_or(n));
  XShape shape = impl.shape;
  shape[axis] = slice_length(start, end, step);
  if (start == 0 && end == n && step == 1) return x;
  Tensor out = detail::empty(shape, impl.dtype);
  strided_rows(x, out, axis, start, step, true);
  if (!should_record(x)) return out;
  return record("SliceBackward", out, {x}, [from = x.shape(), axis, start, end, step](const Tensor& g) {
    return Grads{slice_backward(g, from, axis, start, end, step)};
  });
}

Tensor narrow(const Tensor& x, std::int64_t dim, std::int64_t start, std::int64_t length) {
  const auto& impl = detail::checked(x, "narrow");
  TG_CHECK(!impl.shape.empty(), "narrow", "cannot narrow a 0-dimensional tensor");
  std::size_t axis = detail::wrap_axis(dim, impl.shape.size(), "narrow");
  auto n = static_cast<std::int64_t>(impl.shape[axis]);
  if (start < 0) start += n;
  TG_CHECK(start >= 0 && length >= 0 && start + length <= n, "narrow", "start (", start, ") + length (", length,
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
  return squeeze(slice(x, dim, index, index + 1, 1), static_cast<std::int64_t>(axis));
}

Tensor cat(const std::vector<Tensor>& tensors, std::int64_t dim) {
  TG_CHECK(!tensors.empty(), "cat", "expected a non-empty list of tensors");
  const auto& first = detail::checked(tensors[0], "cat");
  TG_CHECK(!first.shape.empty(), "cat", "zero-dimensional tensors cannot be concatenated");
  std::size_t axis = detail::wrap_axis(dim, first.shape.size(), "cat");
  XShape shape = first.shape;
  shape[axis] = 0;
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    const auto& t = detail::checked(tensors[i], "cat");
    detail::check_same_dtype(tensors[0], tensors[i], "cat");
    bool ok = t.shape.size() == first.shape.size();
    for (std::size_t d = 0; ok && d < first.shape.size(); ++d) ok = d == axis || t.shape[d] == first.shape[d];
    TG_CHECK(ok, "cat", "tensor ", i, " has shape ", detail::shape_to_string(t.shape), " but tensor 0 has ",
             detail::shape_to_string(first.shape), " (only dimension ", axis, " may differ)");
    shape[axis] += t.shape[axis];
  }
  Tensor out = detail::empty(shape, first.dtype);
  std::int64_t offset = 0;
  std::vector<std::int64_t> offsets;
  for (const Tensor& t : tensors) {
    offsets.push_back(offset);
    strided_rows(out, t, axis, offset, 1, false);
    offset += static_cast<std::int64_t>(t.impl()->shape[axis]);
  }
  bool any = false;
  for (const Tensor& t : tensors) any = any || should_record(t);
  if (!any) return out;
  std::vector<std::int64_t> lengths;
  for (const Tensor& t : tensors) lengths.push_back(static_cast<std::int64_t>(t.impl()->shape[axis]));
  return record("CatBackward", out, tensors, [axis, offsets, lengths](const Tensor& g) {
    Grads grads;
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
  return cat(parts, static_cast<std::int64_t>(axis));
}

}  // namespace tapegrad
