#pragma once
/// Reading named datasets of an HDF5 file (the cat-vs-non-cat set), through Debian's libhdf5.
#include <string>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/data/byte_array.hpp>

namespace tapegrad::data {

/// One HDF5 dataset, read whole. Exactly one of `bytes`, `tensor`, `strings` holds the values,
/// as `dtype` says.
struct Hdf5Array {
  std::string name;
  /// Sizes, outermost first: [209,64,64,3] for `train_set_x`.
  Shape shape;
  /// "uint8" (in `bytes`), "int64", "float32", "float64" (in `tensor`; other integer types are
  /// widened to int64) or "string" (fixed-length, in `strings`, NUL padding removed).
  std::string dtype;
  ByteArray bytes;
  Tensor tensor;
  std::vector<std::string> strings;
};

/// The names of the datasets at the root of `path`, sorted.
std::vector<std::string> hdf5_dataset_names(const std::string& path);

/// Dataset `name` of the HDF5 file `path`:
///     auto x = tg::data::read_hdf5("cat/train_catvnoncat.h5", "train_set_x");  // uint8 [209,64,64,3]
///     tg::Tensor images = x.bytes.to_tensor(tg::kFloat32, 1.0 / 255);
/// Throws tapegrad::Error "read_hdf5: '<path>': ..." for a missing file (with the fetch command),
/// a file that is not HDF5 or is truncated, a dataset that does not exist (listing those that
/// do) or of another type (compound, variable-length string, ...).
Hdf5Array read_hdf5(const std::string& path, const std::string& name);

}  // namespace tapegrad::data
