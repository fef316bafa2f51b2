#pragma once
/// ByteArray: raw uint8 samples (pixels) kept as bytes, converted to float tensors per batch.
#include <cstdint>
#include <memory>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/data/array_ref.hpp>

namespace tapegrad::data {

/// An n-dimensional uint8 array (tapegrad tensors have no uint8 dtype): the MNIST training
/// images take 47 MB as bytes instead of 188 MB as float32. Copies share the bytes.
///
///     tg::data::ByteArray images = tg::data::read_idx("train-images-idx3-ubyte.gz").array;
///     tg::Tensor batch = images.gather_rows({0, 7, 3}, 1.0 / 255);  // float32 [3,28,28]
struct ByteArray {
  /// Sizes, outermost first: [60000, 28, 28] for the MNIST training images.
  Shape shape;
  /// numel(shape) bytes, row-major.
  std::shared_ptr<const std::vector<std::uint8_t>> bytes;

  /// Number of elements.
  std::int64_t numel() const;
  /// Elements per row (per index along the first dimension).
  std::int64_t row_size() const;
  /// The whole array as a tensor of `dtype`, each byte multiplied by `scale`.
  Tensor to_tensor(Dtype dtype = kFloat32, double scale = 1.0) const;
  /// Rows `rows` (indices along the first dimension) as one tensor [rows.size(), shape[1:]...]
  /// of `dtype`, each byte b as `b * scale + shift`: one pass over the bytes, no per-row
  /// tensors. Throws naming an index out of range.
  Tensor gather_rows(ArrayRef<std::size_t> rows, double scale = 1.0, Dtype dtype = kFloat32, double shift = 0.0) const;
};

/// Zeroed storage for `count` bytes of a ByteArray. Large arrays (4 MB and more) ask Linux for
/// transparent huge pages: a batch gathers rows from anywhere in the array, and with 4 KB pages
/// every row costs a TLB miss (the 47 MB of MNIST span 11,500 pages, 24 huge ones).
std::shared_ptr<std::vector<std::uint8_t>> make_byte_storage(std::size_t count);

}  // namespace tapegrad::data
