// Cross-entropy with class indices as one op (see fused_cross_entropy.hpp). The composite
// log_softmax + gather + mean recorded seven nodes and made five passes over the logits.
#include <tapegrad/autograd/ops/fused_cross_entropy.hpp>

#include <cmath>
#include <limits>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/function.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/indexing.hpp>
#include <tapegrad/autograd/ops/reduction.hpp>

namespace tapegrad::detail {
namespace {

// Per-row log-sum-exp into lse, and the sum over rows of lse - x[row, target[row]].
template <typename T>
double forward_rows(const T* x, const std::int64_t* t, std::int64_t n, std::int64_t c, T* lse) {
  double total = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const T* row = x + i * c;
    T m = -std::numeric_limits<T>::infinity();
    for (std::int64_t j = 0; j < c; ++j) m = row[j] > m ? row[j] : m;
    T s = 0;
    if (std::isinf(m)) {
      lse[i] = m;  // all -inf (or a +inf): as x - logsumexp(x) gives
    } else {
      for (std::int64_t j = 0; j < c; ++j) s += std::exp(row[j] - m);
      lse[i] = m + std::log(s);
    }
    total += static_cast<double>(lse[i]) - static_cast<double>(row[t[i]]);
  }
  return total;
}

// d loss / d x = (softmax(x) - one_hot(t)) * scale, one pass, from the saved log-sum-exp.
template <typename T>
void backward_rows(const T* x, const std::int64_t* t, const T* lse, std::int64_t n, std::int64_t c, T scale, T* gx) {
  for (std::int64_t i = 0; i < n; ++i) {
    const T* row = x + i * c;
    T* out = gx + i * c;
    for (std::int64_t j = 0; j < c; ++j) out[j] = std::exp(row[j] - lse[i]) * scale;
    out[t[i]] -= scale;
  }
}

}  // namespace

Tensor fused_cross_entropy(const Tensor& logits, const Tensor& target, bool mean) {
  if (!logits.defined() || !target.defined() || logits.dim() != 2 || !logits.is_contiguous() ||
      (logits.dtype() != kFloat32 && logits.dtype() != kFloat64) || target.dtype() != kInt64 || target.dim() != 1 ||
      target.size(0) != logits.size(0) || logits.size(0) == 0 || logits.size(1) == 0)
    return Tensor();
  const std::int64_t n = logits.size(0), c = logits.size(1);
  const Tensor classes = target.contiguous();
  const std::int64_t* t = classes.data_ptr<std::int64_t>();
  for (std::int64_t i = 0; i < n; ++i)
    if (t[i] < 0 || t[i] >= c) return Tensor();
  Tensor lse = empty({n}, TensorOptions().dtype(logits.dtype()));
  double total = 0;
  if (logits.dtype() == kFloat32) {
    total = forward_rows(logits.data_ptr<float>(), t, n, c, lse.data_ptr<float>());
  } else {
    total = forward_rows(logits.data_ptr<double>(), t, n, c, lse.data_ptr<double>());
  }
  Tensor loss = scalar_tensor(mean ? total / static_cast<double>(n) : total, logits.dtype());
  if (!autograd::should_record(logits)) return loss;
  // the closure holds the logits (an input, as every op's backward does): under create_graph the
  // recorded formula then reaches them, so double backward works
  return autograd::record("NllLossBackward", loss, {logits},
                          [x = logits, classes, lse, n, c, mean](const Tensor& g) {
                            const double per_row = mean ? 1.0 / static_cast<double>(n) : 1.0;
                            if (is_grad_enabled()) {  // create_graph: the same formula with recorded ops
                              Tensor grad = sub(softmax(x, -1), one_hot(classes, c, x.dtype()));
                              return detail::GradList{mul(grad, mul(g, per_row))};
                            }
                            Tensor gx = empty({n, c}, TensorOptions().dtype(x.dtype()));
                            const double scale = g.item<double>() * per_row;
                            const std::int64_t* t = classes.data_ptr<std::int64_t>();
                            if (x.dtype() == kFloat32) {
                              backward_rows(x.data_ptr<float>(), t, lse.data_ptr<float>(), n, c,
                                            static_cast<float>(scale), gx.data_ptr<float>());
                            } else {
                              backward_rows(x.data_ptr<double>(), t, lse.data_ptr<double>(), n, c, scale,
                                            gx.data_ptr<double>());
                            }
                            return detail::GradList{gx};
                          },
                          {logits});
}

}  // namespace tapegrad::detail
