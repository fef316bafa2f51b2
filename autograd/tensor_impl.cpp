#include <tapegrad/autograd/tensor_impl.hpp>
#include "buffer_cache.hpp"
#include "object_pool.hpp"

#include <sys/sysinfo.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <iomanip>
#include <limits>
#include <new>
#include <sstream>

namespace tapegrad::detail {

namespace {
std::atomic<std::int64_t> live_bytes{0};
}  // namespace

std::int64_t live_storage_bytes() { return live_bytes.load(std::memory_order_relaxed); }

namespace {

// RAM + swap: a larger request can only "succeed" through overcommit, and the process is then
// killed when it writes the tensor, so it is refused up front wherever overcommit is enabled.
std::size_t memory_limit() {
  static const std::size_t limit = [] {
    struct sysinfo info {};
    if (sysinfo(&info) != 0) return std::numeric_limits<std::size_t>::max();
    long double total = (static_cast<long double>(info.totalram) + info.totalswap) * info.mem_unit;
    return total >= static_cast<long double>(std::numeric_limits<std::size_t>::max())
               ? std::numeric_limits<std::size_t>::max()
               : static_cast<std::size_t>(total);
  }();
  return limit;
}

std::string human_bytes(long double bytes) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB"};
  std::size_t u = 0;
  while (bytes >= 1024 && u + 1 < sizeof units / sizeof units[0]) {
    bytes /= 1024;
    ++u;
  }
  std::ostringstream out;
  out << std::setprecision(3) << static_cast<double>(bytes) << " " << units[u];
  return out.str();
}

[[noreturn]] void cannot_allocate(const XShape& shape, Dtype dtype, const char* op) {
  long double bytes = static_cast<long double>(element_size(dtype));
  for (auto s : shape) bytes *= static_cast<long double>(s);
  fail(op ? op : "out of memory", "cannot allocate ", human_bytes(bytes), " for a ", shape_to_string(shape), " ",
       dtype_name(dtype), " tensor");
}

}  // namespace

Storage::Storage(Dtype dtype_, std::size_t numel_) : dtype(dtype_), numel(numel_), data(nullptr) {
  // 64-byte alignment lets xtensor and BLAS use aligned vector loads; round the size up as
  // aligned_alloc requires, and never ask for 0 bytes.
  std::size_t bytes = (numel * element_size(dtype) + 63) / 64 * 64;
  if (bytes <= kInlineBytes) {
    data = inline_data;
    return;
  }
  data = buffer_alloc(bytes);  // large buffers are reused across steps (buffer_cache.hpp)
  live_bytes.fetch_add(static_cast<std::int64_t>(bytes), std::memory_order_relaxed);
}

Storage::~Storage() {
  if (data == inline_data) return;
  const std::size_t bytes = (numel * element_size(dtype) + 63) / 64 * 64;
  buffer_free(data, bytes);
  live_bytes.fetch_sub(static_cast<std::int64_t>(bytes), std::memory_order_relaxed);
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
  std::int64_t span = 1;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    TG_CHECK(shape[i] >= 0, op, "negative size ", shape[i], " in shape ", tapegrad::shape_to_string(shape));
    // Zero sizes aside, as strides multiply the other sizes even when the tensor is empty.
    TG_CHECK(shape[i] == 0 || !__builtin_mul_overflow(span, shape[i], &span), op, "shape ",
             tapegrad::shape_to_string(shape), " is too large: its element count overflows int64");
    out[i] = static_cast<std::size_t>(shape[i]);
  }
  return out;
}

Shape to_shape(const XShape& shape) { return Shape(shape.begin(), shape.end()); }

std::string shape_to_string(const XShape& shape) { return tapegrad::shape_to_string(to_shape(shape)); }

Tensor empty(const XShape& shape, Dtype dtype, const char* op) {
  // One checked multiply per dimension: a shape made internally (a broadcast of two expanded
  // views) can overflow even when each operand's shape is fine.
  std::size_t span = 1, bytes = 0;
  bool zero = false, overflow = false;
  for (auto s : shape) {
    zero = zero || s == 0;
    overflow = overflow || (s != 0 && __builtin_mul_overflow(span, s, &span));
  }
  // An empty tensor allocates nothing, but its strides must still be representable.
  constexpr auto kMaxBytes = static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max() / 2);
  overflow = overflow || span > static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max()) ||
             (!zero && (__builtin_mul_overflow(span, element_size(dtype), &bytes) || bytes > kMaxBytes));
  std::size_t numel = zero ? 0 : span;
  if (overflow || (!zero && bytes >= (std::size_t{1} << 30) && bytes > memory_limit()))
    cannot_allocate(shape, dtype, op);
  auto impl = make_pooled<TensorImpl>();
  try {
    impl->storage = make_pooled<Storage>(dtype, numel);
  } catch (const std::bad_alloc&) {
    cannot_allocate(shape, dtype, op);
  }
  impl->shape = shape;
  fill_contiguous_strides(shape, impl->strides);
  impl->numel_ = impl->storage->numel;
  impl->dtype = dtype;
  return Tensor(std::move(impl));
}

Tensor alias(const Tensor& source, const XShape& shape, const XStrides& strides, std::ptrdiff_t offset) {
  const TensorImpl& from = *source.impl();
  auto impl = make_pooled<TensorImpl>();
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
