#pragma once
/// Element types a tapegrad Tensor can hold.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace tapegrad {

/// Element type of a tensor. Floating types take part in autograd; Int64 holds indices
/// (the result of argmax, the targets of gather / index_select / cross_entropy).
enum class Dtype : std::uint8_t { Float32, Float64, Int64 };

constexpr Dtype kFloat32 = Dtype::Float32;  ///< the default, as in PyTorch
constexpr Dtype kFloat64 = Dtype::Float64;  ///< used by gradcheck
constexpr Dtype kInt64 = Dtype::Int64;      ///< indices
constexpr Dtype kFloat = kFloat32;
constexpr Dtype kDouble = kFloat64;
constexpr Dtype kLong = kInt64;

/// "float32", "float64" or "int64".
const char* dtype_name(Dtype dtype);
/// Prints dtype_name(dtype).
std::ostream& operator<<(std::ostream& out, Dtype dtype);
/// Size in bytes of one element.
std::size_t element_size(Dtype dtype);
inline bool is_floating_point(Dtype dtype) { return dtype != Dtype::Int64; }

/// A tensor's shape: one size per dimension, outermost first.
using Shape = std::vector<std::int64_t>;

/// True when a tensor of shape `from` broadcasts (NumPy rules) to exactly `to`.
bool broadcastable_to(const Shape& from, const Shape& to);

/// Formats a shape as "[2,3]" for error messages.
std::string shape_to_string(const Shape& shape);

}  // namespace tapegrad
