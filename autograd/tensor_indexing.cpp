// Tensor::index and index_put_ as LibTorch's: basic indices (integers, slices, None, Ellipsis,
// bools) are applied one dimension at a time as view ops (select, slice, unsqueeze), then the
// index tensors, if any, pick elements with index_select: a copy, differentiable to any order.
#include <tapegrad/autograd/tensor_indexing.hpp>

#include <ostream>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/indexing.hpp>
#include <tapegrad/autograd/ops/shape.hpp>

namespace tapegrad {

namespace indexing {

TensorIndex::TensorIndex(const char* text) : value_(EllipsisIndexType{}) {
  TG_CHECK(text != nullptr && std::string(text) == "...", "index",
           "expected \"...\" to represent an ellipsis index, but got \"", text ? text : "(null)", "\"");
}

std::ostream& operator<<(std::ostream& out, const Slice& slice) {
  if (slice.start()) out << *slice.start();
  out << ":";
  if (slice.stop()) out << *slice.stop();
  return out << ":" << slice.step();
}

std::ostream& operator<<(std::ostream& out, const TensorIndex& index) {
  if (index.is_none()) return out << "None";
  if (index.is_ellipsis()) return out << "...";
  if (index.is_integer()) return out << index.integer();
  if (index.is_boolean()) return out << (index.boolean() ? "true" : "false");
  if (index.is_slice()) return out << index.slice();
  return out << "Tensor";
}

}  // namespace indexing

namespace {

using indexing::TensorIndex;

// As LibTorch: bool and uint8 tensors are masks, int64 tensors indices, and nothing else indexes.
bool is_mask(const Tensor& t) {
  TG_CHECK(t.dtype() == kBool || t.dtype() == kUInt8 || t.dtype() == kInt64, "index",
           "tensors used as indices must be long, byte or bool tensors, got ", dtype_name(t.dtype()));
  return t.dtype() != kInt64;
}

struct TensorAt {
  std::int64_t dim;
  Tensor index;
};

std::int64_t specified_dims(ArrayRef<TensorIndex> indices) {
  std::int64_t count = 0;
  for (const TensorIndex& i : indices) {
    if (i.is_integer() || i.is_slice()) ++count;
    if (i.is_tensor()) count += i.tensor().defined() && is_mask(i.tensor()) ? i.tensor().dim() : 1;
  }
  return count;
}

// The basic indices applied as views; the tensor indices left for advanced indexing.
Tensor apply_basic(const Tensor& self, ArrayRef<TensorIndex> indices, std::vector<TensorAt>& tensors) {
  std::int64_t specified = specified_dims(indices), rank = self.dim();
  TG_CHECK(specified <= rank, "index", "too many indices for tensor of dimension ", rank);
  bool seen_ellipsis = false;
  Tensor result = self;
  std::int64_t dim = 0;
  for (std::size_t i = 0; i < indices.size(); ++i) {
    const TensorIndex& index = indices[i];
    if (index.is_integer()) {
      TG_CHECK(result.dim() > 0, "index",
               "invalid index of a 0-dim tensor; use item() to convert a 0-dim tensor to a number");
      std::int64_t n = result.size(dim);
      TG_CHECK(index.integer() >= -n && index.integer() < n, "index", "index ", index.integer(),
               " is out of bounds for dimension ", i, " with size ", n);
      result = select(result, dim, index.integer());
    } else if (index.is_slice()) {
      const indexing::Slice& s = index.slice();
      TG_CHECK(s.step() > 0, "index", "step must be greater than zero, got ", s.step());
      result = slice(result, dim, s.start(), s.stop(), s.step());
      ++dim;
    } else if (index.is_ellipsis()) {
      TG_CHECK(!seen_ellipsis, "index", "an index can only have a single ellipsis ('...')");
      seen_ellipsis = true;
      dim += rank - specified;
    } else if (index.is_none()) {
      result = unsqueeze(result, dim);
      ++dim;
    } else if (index.is_boolean()) {
      // As LibTorch: a new dimension of size 1, indexed by [0] (true) or by nothing (false).
      result = unsqueeze(result, dim);
      tensors.push_back({dim, index.boolean() ? zeros({1}, kInt64) : zeros({0}, kInt64)});
      ++dim;
    } else {
      const Tensor& t = index.tensor();
      TG_CHECK(t.defined(), "index", "index ", i, " is an undefined tensor");
      if (t.dim() == 0 && !is_mask(t)) {  // a 0-d integer tensor is an integer: a view, as LibTorch
        result = select(result, dim, t.item<std::int64_t>());
        continue;
      }
      tensors.push_back({dim, t});
      dim += is_mask(t) ? t.dim() : 1;
    }
  }
  return result;
}

// A mask over dims [d, d + k) of `of` becomes k index tensors (its non-zero positions).
void expand_masks(const Tensor& of, std::vector<TensorAt>& tensors) {
  std::vector<TensorAt> out;
  for (TensorAt& at : tensors) {
    if (!is_mask(at.index)) {
      out.push_back(std::move(at));
      continue;
    }
    const Tensor& mask = at.index;
    Shape region(of.sizes().begin() + at.dim, of.sizes().begin() + at.dim + mask.dim());
    TG_CHECK(mask.shape() == region, "index", "the shape of the mask ", shape_to_string(mask.shape()),
             " does not match the shape of the indexed tensor ", shape_to_string(region), " at dimension ", at.dim);
    std::vector<double> values = mask.to(kFloat64).to_vector<double>();
    std::size_t k = static_cast<std::size_t>(mask.dim());
    std::vector<std::vector<std::int64_t>> coords(k);
    for (std::size_t flat = 0; flat < values.size(); ++flat) {
      if (values[flat] == 0.0) continue;
      std::size_t rest = flat;
      for (std::size_t d = k; d-- > 0;) {
        auto n = static_cast<std::size_t>(region[d]);
        coords[d].push_back(static_cast<std::int64_t>(rest % n));
        rest /= n;
      }
    }
    for (std::size_t d = 0; d < k; ++d)
      out.push_back({at.dim + static_cast<std::int64_t>(d), tensor(coords[d], TensorOptions(kInt64))});
  }
  tensors = std::move(out);
}

Shape broadcast_all(const std::vector<TensorAt>& tensors) {
  Shape shape;
  for (const TensorAt& at : tensors) {
    Shape s = at.index.shape();
    Shape merged(std::max(shape.size(), s.size()), 1);
    for (std::size_t i = 0; i < merged.size(); ++i) {
      std::int64_t a = i < merged.size() - shape.size() ? 1 : shape[i - (merged.size() - shape.size())];
      std::int64_t b = i < merged.size() - s.size() ? 1 : s[i - (merged.size() - s.size())];
      bool ok = a == b || a == 1 || b == 1;
      if (!ok) {
        std::string shapes;
        for (const TensorAt& t : tensors) shapes += (shapes.empty() ? "" : ", ") + shape_to_string(t.index.shape());
        detail::fail("index", "shape mismatch: indexing tensors could not be broadcast together with shapes ", shapes);
      }
      merged[i] = a == 1 ? b : a;
    }
    shape = merged;
  }
  return shape;
}

// Advanced indexing of `y` by `tensors` (int64, in increasing dims). The indexed dimensions are
// replaced by the indices' broadcast shape, in place when they are adjacent, first otherwise.
Tensor apply_advanced(const Tensor& y, std::vector<TensorAt> tensors) {
  expand_masks(y, tensors);
  Shape b = broadcast_all(tensors);
  Shape sizes = y.sizes();
  std::size_t m = tensors.size();
  std::int64_t numel = 1;
  for (std::int64_t n : b) numel *= n;
  // The flat position, within the indexed dimensions (row-major), of each selected element.
  std::vector<std::int64_t> linear(static_cast<std::size_t>(numel), 0);
  std::int64_t span = 1;
  for (std::size_t k = m; k-- > 0;) {
    std::int64_t n = sizes[static_cast<std::size_t>(tensors[k].dim)];
    std::vector<std::int64_t> idx = tensors[k].index.expand(b).to_vector<std::int64_t>();
    for (std::size_t e = 0; e < idx.size(); ++e) {
      std::int64_t v = idx[e];
      TG_CHECK(v >= -n && v < n, "index", "index ", v, " is out of bounds for dimension ", tensors[k].dim,
               " with size ", n);
      linear[e] += (v < 0 ? v + n : v) * span;
    }
    span *= n;
  }
  Tensor flat_index = tensor(linear, TensorOptions(kInt64));
  bool adjacent = true;
  for (std::size_t k = 1; k < m; ++k) adjacent = adjacent && tensors[k].dim == tensors[k - 1].dim + 1;
  std::int64_t first = tensors[0].dim;
  if (m == 1) {  // one indexed dimension: index_select along it directly
    Tensor out = index_select(y, first, flat_index);
    Shape shape(sizes.begin(), sizes.begin() + first);
    shape.insert(shape.end(), b.begin(), b.end());
    shape.insert(shape.end(), sizes.begin() + first + 1, sizes.end());
    return out.reshape(shape);
  }
  // Indexed dimensions first, flattened into one, then the rest in order.
  Shape order, rest;
  for (const TensorAt& at : tensors) order.push_back(at.dim);
  for (std::int64_t d = 0; d < y.dim(); ++d)
    if (std::find(order.begin(), order.end(), d) == order.end()) {
      order.push_back(d);
      rest.push_back(sizes[static_cast<std::size_t>(d)]);
    }
  Shape flat_shape{span};
  flat_shape.insert(flat_shape.end(), rest.begin(), rest.end());
  Tensor picked = index_select(y.permute(order).reshape(flat_shape), 0, flat_index);
  Shape shape = b;
  shape.insert(shape.end(), rest.begin(), rest.end());
  picked = picked.reshape(shape);
  if (!adjacent || first == 0) return picked;
  // Adjacent dimensions after `first` leading ones: move the index dimensions back into place.
  auto nb = static_cast<std::int64_t>(b.size());
  Shape perm;
  for (std::int64_t d = 0; d < first; ++d) perm.push_back(nb + d);
  for (std::int64_t d = 0; d < nb; ++d) perm.push_back(d);
  for (std::int64_t d = nb + first; d < static_cast<std::int64_t>(shape.size()); ++d) perm.push_back(d);
  return picked.permute(perm).contiguous();
}

Tensor index_impl(const Tensor& self, ArrayRef<TensorIndex> indices) {
  TG_CHECK(self.defined(), "index", "called on an undefined tensor");
  std::vector<TensorAt> tensors;
  Tensor result = apply_basic(self, indices, tensors);
  if (tensors.empty())
    return result.is_alias_of(self) && result.impl() == self.impl() ? self.view(self.sizes()) : result;
  return apply_advanced(result, std::move(tensors));
}

bool has_tensor_index(ArrayRef<TensorIndex> indices) {
  for (const TensorIndex& i : indices)
    if (i.is_tensor() || i.is_boolean()) {
      if (i.is_tensor() && i.tensor().defined() && i.tensor().dim() == 0 && !is_mask(i.tensor())) continue;
      return true;
    }
  return false;
}

Tensor& index_put_impl(Tensor& self, ArrayRef<TensorIndex> indices, const Tensor& value) {
  TG_CHECK(self.defined(), "index_put_", "called on an undefined tensor");
  TG_CHECK(value.defined(), "index_put_", "the value is an undefined tensor");
  if (!has_tensor_index(indices)) {
    Tensor view = index_impl(self, indices);  // a view: writing into it writes into self
    view.copy_(value);
    return self;
  }
  // Advanced: the same indices applied to the element numbers of self say where each selected
  // element lives; the new value of self is then built out of place and copied in (recorded).
  Tensor ids = arange(static_cast<double>(self.numel()), TensorOptions(kInt64)).reshape(self.sizes());
  Tensor where_to = index_impl(ids, indices);
  TG_CHECK(broadcastable_to(value.shape(), where_to.shape()), "index_put_", "shape mismatch: value tensor of shape ",
           shape_to_string(value.shape()), " cannot be broadcast to indexing result of shape ",
           shape_to_string(where_to.shape()));
  std::vector<std::int64_t> positions = where_to.to_vector<std::int64_t>();
  // Several writes to one element: the last wins (LibTorch leaves it undefined).
  std::vector<std::int64_t> last(static_cast<std::size_t>(self.numel()), -1);
  for (std::size_t k = 0; k < positions.size(); ++k)
    last[static_cast<std::size_t>(positions[k])] = static_cast<std::int64_t>(k);
  std::vector<double> written(static_cast<std::size_t>(self.numel()), 0.0), kept(positions.size(), 0.0);
  for (std::size_t k = 0; k < positions.size(); ++k) {
    written[static_cast<std::size_t>(positions[k])] = 1.0;
    kept[k] = last[static_cast<std::size_t>(positions[k])] == static_cast<std::int64_t>(k) ? 1.0 : 0.0;
  }
  Dtype dtype = self.dtype();
  Tensor converted = value.dtype() == dtype ? value : value.to(dtype);
  Tensor fresh = converted.expand(where_to.shape()).reshape({-1});
  if (is_floating_point(dtype)) fresh = fresh * from_vector(kept, {static_cast<std::int64_t>(kept.size())}, dtype);
  Tensor flat_positions = where_to.reshape({-1});
  Tensor updated;
  if (is_floating_point(dtype)) {
    Tensor placed = scatter_add({self.numel()}, 0, flat_positions, fresh);
    Tensor mask = from_vector(written, {self.numel()}, dtype).to(kBool);
    updated = (where(mask, zeros({}, dtype), self.reshape({-1})) + placed).reshape(self.sizes());
  } else {
    std::vector<std::int64_t> values = self.to_vector<std::int64_t>();
    std::vector<std::int64_t> news = fresh.to_vector<std::int64_t>();
    for (std::size_t k = 0; k < positions.size(); ++k)
      if (kept[k] != 0.0) values[static_cast<std::size_t>(positions[k])] = news[k];
    updated = tensor(values, TensorOptions(kInt64)).reshape(self.sizes());
  }
  self.copy_(updated);
  return self;
}

Tensor scalar_like(const Tensor& self, const Scalar& value) {
  TG_CHECK(self.defined(), "index_put_", "called on an undefined tensor");
  if (self.dtype() == kInt64) return full({}, static_cast<double>(value.toLong()), kInt64);
  return full({}, value.toDouble(), self.dtype());
}

}  // namespace

Tensor Tensor::index(ArrayRef<indexing::TensorIndex> indices) const { return index_impl(*this, indices); }
Tensor Tensor::index(std::initializer_list<indexing::TensorIndex> indices) const {
  return index_impl(*this, ArrayRef<indexing::TensorIndex>(indices.begin(), indices.size()));
}
Tensor& Tensor::index_put_(ArrayRef<indexing::TensorIndex> indices, const Tensor& value) {
  return index_put_impl(*this, indices, value);
}
Tensor& Tensor::index_put_(std::initializer_list<indexing::TensorIndex> indices, const Tensor& value) {
  return index_put_impl(*this, ArrayRef<indexing::TensorIndex>(indices.begin(), indices.size()), value);
}
Tensor& Tensor::index_put_(ArrayRef<indexing::TensorIndex> indices, const Scalar& value) {
  return index_put_impl(*this, indices, scalar_like(*this, value));
}
Tensor& Tensor::index_put_(std::initializer_list<indexing::TensorIndex> indices, const Scalar& value) {
  return index_put_impl(*this, ArrayRef<indexing::TensorIndex>(indices.begin(), indices.size()),
                        scalar_like(*this, value));
}

}  // namespace tapegrad
