#pragma once
/// Internal: one array in NumPy's .npy format (the members of a checkpoint .npz).
/// Works on raw bytes so it needs neither Tensor nor any third-party header.
#include <cstdint>
#include <string>

#include <tapegrad/autograd/dtype.hpp>

namespace tapegrad::serialize::detail {

/// A decoded .npy array: dtype, C-order shape and the little-endian element bytes.
/// `fortran_order` is true when the bytes are column-major (numpy's `fortran_order: True`).
struct NpyArray {
  Dtype dtype = kFloat32;
  Shape shape;
  bool fortran_order = false;
  std::string data;
};

/// The .npy descr for a dtype: "<f4", "<f8" or "<i8".
const char* npy_descr(Dtype dtype);

/// Encodes `data` (numel(shape) elements of `dtype`, row-major) as a version 1.0 .npy file.
std::string encode_npy(Dtype dtype, const Shape& shape, const std::string& data);

/// Decodes a .npy file (versions 1.0, 2.0 and 3.0). Every problem (bad magic, header,
/// dtype, shape, payload size) throws tapegrad::Error whose message starts with `where`.
NpyArray decode_npy(const std::string& bytes, const std::string& where);

}  // namespace tapegrad::serialize::detail
