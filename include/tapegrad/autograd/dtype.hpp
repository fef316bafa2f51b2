#pragma once
/// Element types a tapegrad Tensor can hold.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace tapegrad {

/// Element type of a tensor, as LibTorch's ScalarType. Floating types take part in autograd;
/// Int64 holds indices (argmax, the targets of gather / index_select / cross_entropy); Bool
/// holds masks (the result of comparisons, isnan, logical_and); UInt8, Int8, Int16 and Int32
/// hold data (image bytes, labels). Mixed-dtype ops promote as torch.result_type does.
enum class Dtype : std::uint8_t { Float32, Float64, Int64, Bool, UInt8, Int8, Int16, Int32 };
/// LibTorch's name for the dtype enum.
using ScalarType = Dtype;

constexpr Dtype kFloat32 = Dtype::Float32;  ///< the default, as in PyTorch
constexpr Dtype kFloat64 = Dtype::Float64;  ///< used by gradcheck
constexpr Dtype kInt64 = Dtype::Int64;      ///< indices
constexpr Dtype kInt32 = Dtype::Int32;
constexpr Dtype kInt16 = Dtype::Int16;
constexpr Dtype kInt8 = Dtype::Int8;
constexpr Dtype kUInt8 = Dtype::UInt8;
constexpr Dtype kBool = Dtype::Bool;  ///< masks
constexpr Dtype kFloat = kFloat32;
constexpr Dtype kDouble = kFloat64;
constexpr Dtype kLong = kInt64;
constexpr Dtype kInt = kInt32;
constexpr Dtype kShort = kInt16;
constexpr Dtype kChar = kInt8;
constexpr Dtype kByte = kUInt8;

/// "float32", "float64", "int64", "int32", "int16", "int8", "uint8" or "bool".
const char* dtype_name(Dtype dtype);
/// Prints dtype_name(dtype).
std::ostream& operator<<(std::ostream& out, Dtype dtype);
/// Size in bytes of one element.
std::size_t element_size(Dtype dtype);
/// Float32 and Float64.
inline bool is_floating_point(Dtype dtype) { return dtype == Dtype::Float32 || dtype == Dtype::Float64; }
/// The integer dtypes; with `include_bool`, Bool too (as c10::isIntegralType).
inline bool is_integral(Dtype dtype, bool include_bool = false) {
  return !is_floating_point(dtype) && (include_bool || dtype != Dtype::Bool);
}
/// The dtype of an op mixing tensors of dtypes `a` and `b` of the same kind (both dimensioned,
/// or both 0-d), as torch.promote_types: `promote_types(kInt32, kFloat32)` is float32,
/// `promote_types(kUInt8, kInt8)` int16, `promote_types(kBool, kUInt8)` uint8.
Dtype promote_types(Dtype a, Dtype b);

/// A tensor's shape: one size per dimension, outermost first.
using Shape = std::vector<std::int64_t>;

/// True when a tensor of shape `from` broadcasts (NumPy rules) to exactly `to`.
bool broadcastable_to(const Shape& from, const Shape& to);

/// Formats a shape as "[2,3]" for error messages.
std::string shape_to_string(const Shape& shape);

}  // namespace tapegrad
