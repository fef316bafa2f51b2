#include <tapegrad/data/byte_array.hpp>

#include <tapegrad/autograd/creation.hpp>
#include "../autograd/target_clones.hpp"
#include "../autograd/thread_pool.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace tapegrad::data {

namespace {

template <typename T>
void convert(const std::uint8_t* in, T* out, std::size_t n, double scale, double shift) {
  // plain loops: the compiler vectorises the byte-to-float conversion
  const T factor = static_cast<T>(scale), offset = static_cast<T>(shift);
  if (shift == 0.0) {
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<T>(in[i]) * factor;
  } else {
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<T>(in[i]) * factor + offset;
  }
}

void convert(const std::uint8_t* in, std::int64_t* out, std::size_t n, double scale, double shift) {
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::int64_t>(in[i] * scale + shift);
}

// Rows ahead of the one being converted whose bytes are prefetched. A batch's rows are scattered
// over the whole array (a shuffled MNIST batch: 128 rows of 784 bytes anywhere in 47 MB), so each
// row's cache lines come from memory; the hardware prefetcher, which follows streams, never
// sees the next row coming and the conversion stalled on every line (74% of gather_rows'
// samples on the load after it, about 1 us per row). Asking for the lines of the rows ahead
// (into L2, which has room for more misses in flight than L1) overlaps those misses.
constexpr std::size_t kPrefetchRows = 16;
// Rows per thread at least when a batch is gathered on several threads.
constexpr std::size_t kRowsPerThread = 32;
constexpr std::size_t kCacheLine = 64;

inline void prefetch_row(const std::uint8_t* row, std::size_t bytes) {
  for (std::size_t offset = 0; offset < bytes; offset += kCacheLine) __builtin_prefetch(row + offset, 0, 1);
  __builtin_prefetch(row + bytes - 1, 0, 1);
}

// out[r, :] = base[rows[r], :] * scale + shift, prefetching rows ahead.
template <typename T>
inline void gather_convert(const std::uint8_t* base, ArrayRef<std::size_t> rows, std::size_t row, T* out, double scale,
                           double shift) {
  for (std::size_t r = 0; r < std::min(kPrefetchRows, rows.size()); ++r) prefetch_row(base + rows[r] * row, row);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (r + kPrefetchRows < rows.size()) prefetch_row(base + rows[r + kPrefetchRows] * row, row);
    convert(base + rows[r] * row, out + r * row, row, scale, shift);
  }
}

// The float loops are cloned for AVX2 (autograd/target_clones.hpp): eight bytes to eight floats
// per instruction where the CPU has it, and the same bits on every machine.

TG_CLONES void gather_float32(const std::uint8_t* base, ArrayRef<std::size_t> rows, std::size_t row, float* out,
                              double scale, double shift) {
  gather_convert(base, rows, row, out, scale, shift);
}

TG_CLONES void gather_float64(const std::uint8_t* base, ArrayRef<std::size_t> rows, std::size_t row, double* out,
                              double scale, double shift) {
  gather_convert(base, rows, row, out, scale, shift);
}

void convert_rows(const ByteArray& array, ArrayRef<std::size_t> rows, Tensor& out, double scale, double shift) {
  const std::size_t row = static_cast<std::size_t>(array.row_size());
  const std::uint8_t* base = array.bytes->data();
  if (row == 0) return;
  const Dtype dtype = out.dtype();
  if (dtype != Dtype::Float32 && dtype != Dtype::Float64 && dtype != Dtype::Int64)
    tapegrad::detail::fail("ByteArray", "converts bytes to float32, float64 or int64, not ", dtype_name(dtype));
  void* data = out.data_ptr();
  tapegrad::detail::parallel_for(rows.size(), kRowsPerThread, [&](std::size_t r0, std::size_t r1) {
    const ArrayRef<std::size_t> mine(rows.data() + r0, r1 - r0);
    if (dtype == Dtype::Float32) {
      gather_float32(base, mine, row, static_cast<float*>(data) + r0 * row, scale, shift);
    } else if (dtype == Dtype::Float64) {
      gather_float64(base, mine, row, static_cast<double*>(data) + r0 * row, scale, shift);
    } else {
      gather_convert(base, mine, row, static_cast<std::int64_t*>(data) + r0 * row, scale, shift);
    }
  });
}

}  // namespace

std::shared_ptr<std::vector<std::uint8_t>> make_byte_storage(std::size_t count) {
  auto bytes = std::make_shared<std::vector<std::uint8_t>>();
  bytes->reserve(count);  // a large block comes untouched from mmap: advise it before the first write
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  if (count >= 2 * kHugePage) {
    const auto begin = reinterpret_cast<std::uintptr_t>(bytes->data());
    const std::uintptr_t first = (begin + kHugePage - 1) & ~(kHugePage - 1), last = (begin + count) & ~(kHugePage - 1);
    // Advice only: without transparent huge pages the call fails and 4 KB pages serve as before.
    if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
  }
#endif
  bytes->resize(count);
  return bytes;
}

std::int64_t ByteArray::numel() const {
  std::int64_t n = 1;
  for (auto s : shape) n *= s;
  return n;
}

std::int64_t ByteArray::row_size() const {
  std::int64_t n = 1;
  for (std::size_t d = 1; d < shape.size(); ++d) n *= shape[d];
  return n;
}

Tensor ByteArray::to_tensor(Dtype dtype, double scale) const {
  TG_CHECK(bytes && static_cast<std::int64_t>(bytes->size()) == numel(), "ByteArray", "holds ",
           bytes ? bytes->size() : 0, " bytes for shape ", shape_to_string(shape));
  Tensor out = empty(shape, dtype);
  const std::size_t n = static_cast<std::size_t>(numel());
  switch (dtype) {
    case Dtype::Float32:
      convert(bytes->data(), out.data_ptr<float>(), n, scale, 0.0);
      break;
    case Dtype::Float64:
      convert(bytes->data(), out.data_ptr<double>(), n, scale, 0.0);
      break;
    case Dtype::Int64:
      convert(bytes->data(), out.data_ptr<std::int64_t>(), n, scale, 0.0);
      break;
    default:
      tapegrad::detail::fail("ByteArray", "converts bytes to float32, float64 or int64, not ", dtype_name(dtype));
  }
  return out;
}

Tensor ByteArray::gather_rows(ArrayRef<std::size_t> rows, double scale, Dtype dtype, double shift) const {
  TG_CHECK(!shape.empty() && bytes, "ByteArray::gather_rows", "the array is empty or 0-dimensional");
  for (const std::size_t r : rows)
    TG_CHECK(r < static_cast<std::size_t>(shape[0]), "ByteArray::gather_rows", "index ", r, " out of range for ",
             shape[0], " rows");
  Shape out_shape = shape;
  out_shape[0] = static_cast<std::int64_t>(rows.size());
  Tensor out = empty(out_shape, dtype);
  convert_rows(*this, rows, out, scale, shift);
  return out;
}

}  // namespace tapegrad::data
