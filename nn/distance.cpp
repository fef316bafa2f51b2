#include <tapegrad/nn/distance.hpp>

#include <algorithm>
#include <optional>
#include <sstream>

#include <tapegrad/autograd/error.hpp>
#include <tapegrad/autograd/function.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/reduction.hpp>
#include <tapegrad/nn/functional.hpp>

namespace tapegrad::nn {

namespace {

bool broadcast_together(const Shape& a, const Shape& b) {
  for (std::size_t i = 1; i <= std::min(a.size(), b.size()); ++i) {
    const std::int64_t x = a[a.size() - i], y = b[b.size() - i];
    if (x != y && x != 1 && y != 1) return false;
  }
  return true;
}

}  // namespace

namespace functional {

Tensor cosine_similarity(const Tensor& x1, const Tensor& x2, const CosineSimilarityFuncOptions& options) {
  const char* where = "cosine_similarity";
  TG_CHECK(x1.defined() && x2.defined(), where, "x1 and x2 must be defined");
  TG_CHECK(x1.is_floating_point() && x1.dtype() == x2.dtype(), where, "x1 and x2 must be both float32 or float64, got ",
           dtype_name(x1.dtype()), " and ", dtype_name(x2.dtype()));
  TG_CHECK(broadcast_together(x1.shape(), x2.shape()), where, "x1 ", shape_to_string(x1.shape()), " and x2 ",
           shape_to_string(x2.shape()), " do not broadcast");
  const double eps = options.eps();
  return autograd::named_op("CosineSimilarityBackward", [&] {
    Tensor dot = sum(x1 * x2, options.dim());
    Tensor squares1 = sum(x1 * x1, options.dim());
    Tensor squares2 = sum(x2 * x2, options.dim());
    // sqrt of the clamped product, as ATen: one square root, and the norm floor eps applies to
    // the product of the two norms.
    return dot / sqrt(clamp(squares1 * squares2, eps * eps, std::nullopt));
  });
}

}  // namespace functional

Tensor CosineSimilarityImpl::forward(const Tensor& input1, const Tensor& input2) {
  return functional::cosine_similarity(input1, input2, options);
}

std::string CosineSimilarityImpl::extra_repr() const {
  std::ostringstream out;
  out << "dim=" << options.dim() << ", eps=" << options.eps();
  return out.str();
}

}  // namespace tapegrad::nn
