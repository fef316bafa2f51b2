#include <tapegrad/autograd/tensor_impl.hpp>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>

namespace tapegrad::detail {

namespace {
std::atomic<std::int64_t> live_bytes{0};
}  // namespace

std::int64_t live_storage_bytes() { return live_bytes.load(std::memory_order_relaxed); }

Storage::Storage(Dtype dtype_, std::size_t numel_) : dtype(dtype_), numel(numel_), data(nullptr) {
  // 64-byte alignment lets xtensor and BLAS use aligned vector loads; round the size up as
  // aligned_alloc requires, and never ask for 0 bytes.
  std::size_t bytes = (numel * element_size(dtype) + 63) / 64 * 64;
  if (bytes <= kInlineBytes) {
    data = inline_data;
    return;
  }
  data = std::aligned_alloc(64, bytes);
  if (data == nullptr) throw std::bad_alloc();
  live_bytes.fetch_add(static_cast<std::int64_t>(bytes), std::memory_order_relaxed);
}

Storage::~Storage() {
  if (data == inline_data) return;
  std::free(data);
  live_bytes.fetch_sub(static_cast<std::int64_t>((numel * element_size(dtype) + 63) / 64 * 64),
                       std::memory_order_relaxed);
}

XStrides contiguous_strides(const XShape& shape) {
  XStrides strides;
  fill_contiguous_strides(shape, strides);
  return strides;
}

void fill_contiguous_strides(const XShape& shape, XStrides& strides) {
  // svector's resize() is slow for what it does; the common ranks are written out directly.
  switch (shape.size()) {
    case 0:
      strides.clear();
      return;
    case 1:
      strides = {1};
      return;
    case 2:
      strides = {static_cast<std::ptrdiff_t>(shape[1]), 1};
      return;
    default:
      break;
  }
  strides.resize(shape.size());
  std::ptrdiff_t step = 1;
  for (std::size_t d = shape.size(); d-- > 0;) {
    strides[d] = step;
    step *= static_cast<std::ptrdiff_t>(shape[d]);
  }
}

void TensorImpl::set_geometry(XShape new_shape, XStrides new_strides, std::ptrdiff_t new_offset) {
  shape = std::move(new_shape);
  strides = std::move(new_strides);
  offset = new_offset;
  numel_ = numel_of(shape);
  contiguous = true;
  std::ptrdiff_t expected = 1;
  for (std::size_t d = shape.size(); d-- > 0;) {
    if (shape[d] == 1) continue;
    if (strides[d] != expected) contiguous = false;
    expected *= static_cast<std::ptrdiff_t>(shape[d]);
  }
  if (numel_ == 0) contiguous = true;
}

void TensorImpl::not_contiguous() {
  throw Error("internal: a kernel read a strided view as contiguous memory (it must call detail::dense first)");
}

std::size_t numel_of(const XShape& shape) {
  std::size_t n = 1;
  for (auto s : shape) n *= s;
  return n;
}

XShape to_xshape(const Shape& shape, const char* op) {
  XShape out(shape.size());
  for (std::size_t i = 0; i < shape.size(); ++i) {
    TG_CHECK(shape[i] >= 0, op, "negative size ", shape[i], " in shape ", tapegrad::shape_to_string(shape));
    out[i] = static_cast<std::size_t>(shape[i]);
  }
  return out;
}

Shape to_shape(const XShape& shape) { return Shape(shape.begin(), shape.end()); }

std::string shape_to_string(const XShape& shape) { return tapegrad::shape_to_string(to_shape(shape)); }

Tensor empty(const XShape& shape, Dtype dtype) {
  auto impl = std::make_shared<TensorImpl>();
  impl->storage = std::make_shared<Storage>(dtype, numel_of(shape));
  impl->shape = shape;
  fill_contiguous_strides(shape, impl->strides);
  impl->numel_ = impl->storage->numel;
  impl->dtype = dtype;
  return Tensor(std::move(impl));
}

Tensor alias(const Tensor& source, const XShape& shape, const XStrides& strides, std::ptrdiff_t offset) {
  const TensorImpl& from = *source.impl();
  auto impl = std::make_shared<TensorImpl>();
  impl->storage = from.storage;
  impl->dtype = from.dtype;
  impl->set_geometry(shape, strides, offset);
  return Tensor(std::move(impl));
}

Tensor alias(const Tensor& source, const XShape& shape) {
  const TensorImpl& from = *source.impl();
  if (!from.contiguous) from.data<char>();  // throws: only contiguous memory can be re-shaped freely
  return alias(source, shape, contiguous_strides(shape), from.offset);
}

void copy_strided(const TensorImpl& dst, const TensorImpl& src) {
  dispatch_all(dst.dtype, [&](auto tag) {
    using T = decltype(tag);
    T* d = dst.strided_data<T>();
    const T* s = src.strided_data<T>();
    for_each_row(dst.shape, dst.strides, src.strides,
                 [&](std::ptrdiff_t od, std::ptrdiff_t os, std::size_t n, std::ptrdiff_t sd, std::ptrdiff_t ss) {
                   T* pd = d + od;
                   const T* ps = s + os;
                   if (sd == 1 && ss == 1) {
                     std::memmove(pd, ps, n * sizeof(T));
                   } else {
                     for (std::size_t i = 0; i < n; ++i)
                       pd[static_cast<std::ptrdiff_t>(i) * sd] = ps[static_cast<std::ptrdiff_t>(i) * ss];
                   }
                 });
  });
}

Tensor dense(const Tensor& x) {
  const TensorImpl& impl = *x.impl();
  if (impl.contiguous) return x;
  Tensor out = empty(impl.shape, impl.dtype);
  copy_strided(*out.impl(), impl);
  return out;
}

}  // namespace tapegrad::detail
