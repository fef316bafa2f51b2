#include <tapegrad/autograd/tensor_impl.hpp>

#include <cstdlib>
#include <new>
#include <sstream>

namespace tapegrad::detail {

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
}

Storage::~Storage() {
  if (data != inline_data) std::free(data);
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
  impl->dtype = dtype;
  return Tensor(std::move(impl));
}

Tensor alias(const Tensor& source, const XShape& shape) {
  auto impl = std::make_shared<TensorImpl>();
  impl->storage = source.impl()->storage;
  impl->shape = shape;
  impl->dtype = source.impl()->dtype;
  return Tensor(std::move(impl));
}

}  // namespace tapegrad::detail
