#include <tapegrad/data/byte_array.hpp>

#include <tapegrad/autograd/creation.hpp>

#include <cstring>

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

void convert_rows(const ByteArray& array, ArrayRef<std::size_t> rows, Tensor& out, double scale, double shift) {
  const std::size_t row = static_cast<std::size_t>(array.row_size());
  const std::uint8_t* base = array.bytes->data();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::uint8_t* in = base + rows[r] * row;
    switch (out.dtype()) {
      case Dtype::Float32:
        convert(in, out.data_ptr<float>() + r * row, row, scale, shift);
        break;
      case Dtype::Float64:
        convert(in, out.data_ptr<double>() + r * row, row, scale, shift);
        break;
      case Dtype::Int64:
        convert(in, out.data_ptr<std::int64_t>() + r * row, row, scale, shift);
        break;
      default:
        tapegrad::detail::fail("ByteArray", "converts bytes to float32, float64 or int64, not ",
                               dtype_name(out.dtype()));
    }
  }
}

}  // namespace

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
