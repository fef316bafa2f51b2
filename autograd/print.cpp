// operator<< in PyTorch's layout: one number format for the whole tensor, chosen from its
// values, right-aligned columns, nested brackets, "..." past 1000 elements.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

#include <tapegrad/autograd/tensor_impl.hpp>

namespace tapegrad {

namespace {

enum class Format { Integer, Fixed, Scientific };

struct Printer {
  std::vector<double> values;
  detail::XShape shape;
  Format format = Format::Fixed;
  bool int_dtype = false;
  bool bool_dtype = false;
  bool summarize = false;
  std::size_t width = 1;
  static constexpr std::size_t kEdge = 3;

  std::string number(double v) const {
    char buf[64];
    if (bool_dtype) return v != 0 ? "True" : "False";
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    if (int_dtype)
      std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
    else if (format == Format::Integer)
      std::snprintf(buf, sizeof buf, "%.0f.", v);
    else if (format == Format::Fixed)
      std::snprintf(buf, sizeof buf, "%.4f", v);
    else
      std::snprintf(buf, sizeof buf, "%.4e", v);
    return buf;
  }

  void choose_format() {
    double max_abs = 0, min_abs = INFINITY;
    bool all_integer = true, any_finite = false;
    for (double v : values) {
      if (!std::isfinite(v)) continue;
      any_finite = true;
      all_integer = all_integer && v == std::nearbyint(v);
      max_abs = std::max(max_abs, std::fabs(v));
      if (v != 0) min_abs = std::min(min_abs, std::fabs(v));
    }
    bool wide = max_abs >= 1e8 || (min_abs < INFINITY && max_abs / min_abs > 1000);
    if (!any_finite || all_integer)
      format = wide ? Format::Scientific : Format::Integer;
    else if (wide || min_abs < 1e-4)
      format = Format::Scientific;
    else
      format = Format::Fixed;
    for (double v : values)  // as PyTorch: only finite values set the column width
      if (std::isfinite(v)) width = std::max(width, number(v).size());
  }

  bool skipped(std::size_t i, std::size_t n) const { return summarize && n > 2 * kEdge && i >= kEdge && i < n - kEdge; }

  void print(std::ostream& out, std::size_t dim, std::size_t offset, std::size_t indent) const {
    if (shape.empty()) {
      out << number(values[0]);
      return;
    }
    std::size_t n = shape[dim];
    std::size_t stride = 1;
    for (std::size_t d = dim + 1; d < shape.size(); ++d) stride *= shape[d];
    out << '[';
    for (std::size_t i = 0; i < n; ++i) {
      if (skipped(i, n)) {
        if (i == kEdge) out << (dim + 1 == shape.size() ? " ..., " : "...,\n" + std::string(indent + 1, ' '));
        continue;
      }
      if (dim + 1 == shape.size()) {
        std::string s = number(values[offset + i * stride]);
        out << std::string(width > s.size() ? width - s.size() : 0, ' ') << s;
      } else {
        print(out, dim + 1, offset + i * stride, indent + 1);
      }
      if (i + 1 < n) {
        out << ',';
        if (dim + 1 == shape.size())
          out << ' ';
        else
          out << std::string(shape.size() - dim - 1, '\n') << std::string(indent + 1, ' ');
      }
    }
    out << ']';
  }
};

}  // namespace

std::ostream& operator<<(std::ostream& out, const Tensor& tensor) {
  if (!tensor.defined()) return out << "[ undefined tensor ]";
  const auto& impl = *tensor.impl();
  Printer p;
  p.shape = impl.shape;
  p.bool_dtype = impl.dtype == kBool;
  p.int_dtype = is_integral(impl.dtype);
  p.values = tensor.to_vector<double>();
  p.summarize = impl.numel() > 1000;
  if (p.summarize) {  // the format is chosen from the shown values only, as PyTorch does
    std::vector<double> shown;
    for (std::size_t i = 0; i < p.values.size(); i += std::max<std::size_t>(1, p.values.size() / 1000))
      shown.push_back(p.values[i]);
    std::swap(shown, p.values);
    p.choose_format();
    std::swap(shown, p.values);
  } else {
    p.choose_format();
  }
  out << "tensor(";
  if (impl.numel() == 0)
    out << '[' << ']';
  else
    p.print(out, 0, 0, 7);
  std::string suffix;
  if (impl.numel() == 0) suffix += ", size=" + shape_to_string(tensor.shape());
  // As PyTorch: the dtype is shown unless the values imply it (float32, int64, bool), and for
  // every empty tensor but a float32 one.
  bool implied = impl.dtype == kFloat32 || (impl.numel() > 0 && (impl.dtype == kInt64 || impl.dtype == kBool));
  if (!implied) suffix += std::string(", dtype=") + dtype_name(impl.dtype);
  if (impl.grad_fn)
    suffix += std::string(", grad_fn=<") + impl.grad_fn->name + ">";
  else if (impl.requires_grad)
    suffix += ", requires_grad=True";
  return out << suffix << ')';
}

}  // namespace tapegrad
