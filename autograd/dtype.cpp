#include <tapegrad/autograd/dtype.hpp>

#include <ostream>
#include <sstream>

namespace tapegrad {

const char* dtype_name(Dtype dtype) {
  switch (dtype) {
    case Dtype::Float32:
      return "float32";
    case Dtype::Float64:
      return "float64";
    case Dtype::Int64:
      return "int64";
    case Dtype::Bool:
      return "bool";
    case Dtype::UInt8:
      return "uint8";
    case Dtype::Int8:
      return "int8";
    case Dtype::Int16:
      return "int16";
    case Dtype::Int32:
      return "int32";
  }
  return "unknown";
}

std::ostream& operator<<(std::ostream& out, Dtype dtype) { return out << dtype_name(dtype); }

std::size_t element_size(Dtype dtype) {
  switch (dtype) {
    case Dtype::Bool:
    case Dtype::UInt8:
    case Dtype::Int8:
      return 1;
    case Dtype::Int16:
      return 2;
    case Dtype::Float32:
    case Dtype::Int32:
      return 4;
    case Dtype::Float64:
    case Dtype::Int64:
      return 8;
  }
  return 8;
}

Dtype promote_types(Dtype a, Dtype b) {
  if (a == b) return a;
  // Within a kind the wider type wins; across kinds (bool < integer < floating) the higher kind.
  // uint8 with a signed integer needs the next signed type that holds both ranges.
  auto rank = [](Dtype d) {
    switch (d) {
      case Dtype::Bool:
        return 0;
      case Dtype::UInt8:
      case Dtype::Int8:
        return 1;
      case Dtype::Int16:
        return 2;
      case Dtype::Int32:
        return 3;
      case Dtype::Int64:
        return 4;
      case Dtype::Float32:
        return 5;
      case Dtype::Float64:
        return 6;
    }
    return 6;
  };
  if ((a == Dtype::UInt8 && b == Dtype::Int8) || (a == Dtype::Int8 && b == Dtype::UInt8)) return Dtype::Int16;
  return rank(a) >= rank(b) ? a : b;
}

bool broadcastable_to(const Shape& from, const Shape& to) {
  if (from.size() > to.size()) return false;
  for (std::size_t i = 0; i < from.size(); ++i) {
    std::int64_t f = from[from.size() - 1 - i], t = to[to.size() - 1 - i];
    if (f != t && f != 1) return false;
  }
  return true;
}

std::string shape_to_string(const Shape& shape) {
  std::ostringstream out;
  out << '[';
  for (std::size_t i = 0; i < shape.size(); ++i) out << (i ? "," : "") << shape[i];
  out << ']';
  return out.str();
}

}  // namespace tapegrad
