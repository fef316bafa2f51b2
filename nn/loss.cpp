#include <tapegrad/nn/loss.hpp>

#include <cmath>
#include <optional>
#include <sstream>
#include <string>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/error.hpp>
#include <tapegrad/autograd/function.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/fused_cross_entropy.hpp>
#include <tapegrad/autograd/ops/indexing.hpp>
#include <tapegrad/autograd/ops/reduction.hpp>
#include <tapegrad/autograd/ops/shape.hpp>
#include <tapegrad/nn/functional.hpp>
#include <tapegrad/nn/module.hpp>

namespace tapegrad::nn {

std::string reduction_name(Reduction reduction) {
  switch (reduction) {
    case Reduction::None:
      return "none";
    case Reduction::Mean:
      return "mean";
    case Reduction::Sum:
      return "sum";
  }
  return "unknown";
}

namespace {

Tensor reduce(const char* where, const Tensor& loss, Reduction reduction) {
  switch (reduction) {
    case Reduction::None:
      return loss;
    case Reduction::Mean:
      // PyTorch returns NaN (0 / 0) here; an error that names the loss says what went wrong.
      TG_CHECK(loss.numel() > 0, where, "cannot average over an empty batch (a loss of shape ",
               shape_to_string(loss.shape()), "); use Reduction::Sum, whose result is 0");
      return mean(loss);
    case Reduction::Sum:
      return sum(loss);
  }
  detail::fail("loss", "unknown reduction");
}

void check_floating(const char* where, const char* what, const Tensor& t) {
  TG_CHECK(t.defined(), where, what, " is undefined");
  TG_CHECK(t.is_floating_point(), where, what, " must be float32 or float64, got ", dtype_name(t.dtype()));
}

void check_same_dtype(const char* where, const char* what, const Tensor& input, const Tensor& other) {
  TG_CHECK(other.dtype() == input.dtype(), where, "input is ", dtype_name(input.dtype()), " but ", what, " is ",
           dtype_name(other.dtype()), " (cast with .to())");
}

// Input and target of an elementwise loss: same shape (no silent broadcast), same float dtype.
void check_pair(const char* where, const Tensor& input, const Tensor& target) {
  check_floating(where, "input", input);
  check_floating(where, "target", target);
  TG_CHECK(input.shape() == target.shape(), where, "input ", shape_to_string(input.shape()), " and target ",
           shape_to_string(target.shape()), " must have the same shape");
  check_same_dtype(where, "target", input, target);
}

// An optional per-element weight: it must broadcast to the input.
Tensor apply_weight(const char* where, const char* what, const Tensor& loss, const Tensor& weight) {
  if (!weight.defined()) return loss;
  check_floating(where, what, weight);
  check_same_dtype(where, what, loss, weight);
  TG_CHECK(broadcastable_to(weight.shape(), loss.shape()), where, what, " ", shape_to_string(weight.shape()),
           " does not broadcast to input ", shape_to_string(loss.shape()));
  return loss * weight;
}

// log(x) clamped below at -100 as PyTorch's binary_cross_entropy, with a finite gradient also
// at x = 0: below e^-100 the result is the constant -100, and log() only ever sees inputs
// above e^-100 (a masked log(0) would still send 0 * inf = NaN back).
Tensor clamped_log(const Tensor& x) {
  const double floor = std::exp(-100.0);
  Tensor keep = x > floor;
  Tensor safe = where(keep, x, ones_like(x));
  return where(keep, log(safe), full_like(x, -100.0));
}

Tensor nll(const char* where, const Tensor& log_probs, const Tensor& target, Reduction reduction) {
  check_floating(where, "input", log_probs);
  TG_CHECK(target.defined(), where, "target is undefined");
  TG_CHECK(log_probs.dim() == 1 || log_probs.dim() == 2, where, "expected input [N,C] or [C], got ",
           shape_to_string(log_probs.shape()));
  TG_CHECK(target.dtype() == kInt64, where, "class-index target must be Int64, got ", dtype_name(target.dtype()));
  const bool batched = log_probs.dim() == 2;
  const std::int64_t n = batched ? log_probs.size(0) : 1;
  const std::int64_t classes = log_probs.size(-1);
  const Shape expected = batched ? Shape{n} : Shape{};
  TG_CHECK(target.shape() == expected, where, "input ", shape_to_string(log_probs.shape()), " and target ",
           shape_to_string(target.shape()), " do not match: expected target ", shape_to_string(expected));
  for (std::int64_t label : target.to_vector<std::int64_t>()) {
    TG_CHECK(label >= 0 && label < classes, where, "target class ", label, " is out of range for ", classes,
             " classes");
  }
  const Tensor rows = batched ? log_probs : log_probs.unsqueeze(0);
  Tensor picked = gather(rows, 1, target.reshape({n, 1})).reshape(expected);
  return reduce(where, -picked, reduction);
}

}  // namespace

namespace functional {

Tensor mse_loss(const Tensor& input, const Tensor& target, Reduction reduction) {
  check_pair("mse_loss", input, target);
  return autograd::named_op("MseLossBackward", [&] {
    Tensor diff = input - target;
    return reduce("mse_loss", diff * diff, reduction);
  });
}

Tensor l1_loss(const Tensor& input, const Tensor& target, Reduction reduction) {
  check_pair("l1_loss", input, target);
  return autograd::named_op("L1LossBackward", [&] { return reduce("l1_loss", abs(input - target), reduction); });
}

Tensor binary_cross_entropy(const Tensor& input, const Tensor& target, Reduction reduction, const Tensor& weight) {
  check_pair("binary_cross_entropy", input, target);
  if (input.numel() > 0) {
    NoGradGuard no_grad;
    const double low = input.min().item<double>();
    const double high = input.max().item<double>();
    TG_CHECK(low >= 0.0 && high <= 1.0, "binary_cross_entropy",
             "input must hold probabilities in [0, 1], got values in [", low, ", ", high,
             "] (use binary_cross_entropy_with_logits on logits)");
  }
  return autograd::named_op("BinaryCrossEntropyBackward", [&] {
    Tensor loss = -(target * clamped_log(input) + (1.0 - target) * clamped_log(1.0 - input));
    return reduce("binary_cross_entropy", apply_weight("binary_cross_entropy", "weight", loss, weight), reduction);
  });
}

Tensor binary_cross_entropy_with_logits(const Tensor& input, const Tensor& target, Reduction reduction,
                                        const Tensor& weight, const Tensor& pos_weight) {
  const char* where = "binary_cross_entropy_with_logits";
  check_pair(where, input, target);
  // softplus(-x) = log(1 + e^-x) is linear for large -x, so no exp() can overflow, and its
  // gradient -sigmoid(-x) makes the total gradient sigmoid(x) - y exactly, also at x = 0.
  return autograd::named_op("BinaryCrossEntropyWithLogitsBackward", [&] {
    Tensor log_sigmoid_neg = softplus(-input);
    Tensor loss;
    if (pos_weight.defined()) {
      Tensor log_weight = apply_weight(where, "pos_weight", target, pos_weight) - target + 1.0;
      loss = (1.0 - target) * input + log_weight * log_sigmoid_neg;
    } else {
      loss = (1.0 - target) * input + log_sigmoid_neg;
    }
    return reduce(where, apply_weight(where, "weight", loss, weight), reduction);
  });
}

Tensor nll_loss(const Tensor& log_probs, const Tensor& target, Reduction reduction) {
  return autograd::named_op("NllLossBackward", [&] { return nll("nll_loss", log_probs, target, reduction); });
}

Tensor cross_entropy(const Tensor& logits, const Tensor& target, Reduction reduction) {
  const char* where = "cross_entropy";
  check_floating(where, "input", logits);
  TG_CHECK(target.defined(), where, "target is undefined");
  TG_CHECK(logits.dim() == 1 || logits.dim() == 2, where, "expected logits [N,C] or [C], got ",
           shape_to_string(logits.shape()));
  if (target.dtype() == kInt64 && reduction != Reduction::None) {  // one op, one pass: the common case
    Tensor fused = detail::fused_cross_entropy(logits, target, reduction == Reduction::Mean);
    if (fused.defined()) return fused;
  }
  Tensor log_probs = log_softmax(logits, -1);
  if (target.dtype() == kInt64)  // named as in LibTorch, where cross_entropy is log_softmax + nll_loss
    return autograd::named_op("NllLossBackward", [&] { return nll(where, log_probs, target, reduction); });
  TG_CHECK(target.shape() == logits.shape(), where, "input ", shape_to_string(logits.shape()), " and target ",
           shape_to_string(target.shape()),
           " do not match: expected Int64 class indices [N] or class probabilities of the input's shape");
  check_same_dtype(where, "target", logits, target);
  return reduce(where, -sum(target * log_probs, -1), reduction);
}

Tensor smooth_l1_loss(const Tensor& input, const Tensor& target, const SmoothL1LossFuncOptions& options) {
  const char* op = "smooth_l1_loss";
  check_pair(op, input, target);
  const double beta = options.beta();
  TG_CHECK(beta >= 0.0, op, "beta must be non-negative, got ", beta);
  if (beta == 0.0) return l1_loss(input, target, options.reduction());  // as PyTorch: no 0 / 0
  return autograd::named_op("SmoothL1LossBackward", [&] {
    Tensor diff = input - target;
    Tensor distance = abs(diff);
    Tensor loss = where(distance < beta, diff * diff * (0.5 / beta), distance - 0.5 * beta);
    return reduce(op, loss, options.reduction());
  });
}

Tensor huber_loss(const Tensor& input, const Tensor& target, const HuberLossFuncOptions& options) {
  const char* op = "huber_loss";
  check_pair(op, input, target);
  const double delta = options.delta();
  TG_CHECK(delta > 0.0, op, "delta must be positive, got ", delta);
  return autograd::named_op("HuberLossBackward", [&] {
    Tensor diff = input - target;
    Tensor distance = abs(diff);
    Tensor loss = where(distance < delta, diff * diff * 0.5, (distance - 0.5 * delta) * delta);
    return reduce(op, loss, options.reduction());
  });
}

Tensor kl_div(const Tensor& input, const Tensor& target, const KLDivFuncOptions& options) {
  const char* op = "kl_div";
  check_pair(op, input, target);
  const KLDivReduction& reduction = options.reduction();
  return autograd::named_op("KlDivBackward", [&] {
    Tensor loss;
    if (options.log_target()) {
      loss = exp(target) * (target - input);
    } else {
      // target log(target) is 0 where target is 0 (xlogy); log() only sees positive values, so
      // no 0 * -inf reaches the values or the gradient.
      Tensor positive = target > 0.0;
      Tensor safe = where(positive, target, ones_like(target));
      loss = where(positive, target * log(safe), zeros_like(target)) - target * input;
    }
    if (!reduction.is_batch_mean()) return reduce(op, loss, reduction.elementwise());
    Tensor total = sum(loss);
    if (input.dim() == 0) return total;
    TG_CHECK(input.size(0) > 0, op, "batchmean of an empty batch (input ", shape_to_string(input.shape()), ")");
    return total / static_cast<double>(input.size(0));
  });
}

Tensor margin_ranking_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                           const MarginRankingLossFuncOptions& options) {
  const char* op = "margin_ranking_loss";
  check_pair(op, input1, input2);
  TG_CHECK(target.defined(), op, "target is undefined");
  TG_CHECK(target.shape() == input1.shape(), op, "input1 ", shape_to_string(input1.shape()), " and target ",
           shape_to_string(target.shape()), " must have the same shape");
  check_floating(op, "target", target);
  check_same_dtype(op, "target", input1, target);
  return autograd::named_op("MarginRankingLossBackward", [&] {
    Tensor loss = clamp(-target * (input1 - input2) + options.margin(), 0.0, std::nullopt);
    return reduce(op, loss, options.reduction());
  });
}

Tensor l2_penalty(const std::vector<Tensor>& tensors, double lambda, std::int64_t m) {
  TG_CHECK(m > 0, "l2_penalty", "m (the number of examples) must be positive, got ", m);
  TG_CHECK(lambda >= 0.0, "l2_penalty", "lambda must be non-negative, got ", lambda);
  if (tensors.empty()) return scalar_tensor(0.0);
  Tensor total;
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    const Tensor& t = tensors[i];
    TG_CHECK(t.defined() && t.is_floating_point(), "l2_penalty", "tensor ", i,
             " must be a defined float32 or float64 tensor");
    Tensor squares = sum(t * t);
    total = total.defined() ? total + squares : squares;
  }
  return total * (lambda / (2.0 * static_cast<double>(m)));
}

Tensor l2_penalty(const Module& module, double lambda, std::int64_t m) {
  static const std::string suffix = "weight";
  std::vector<Tensor> weights;
  for (const auto& [name, p] : module.named_parameters()) {
    if (name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      weights.push_back(p);
    }
  }
  return l2_penalty(weights, lambda, m);
}

}  // namespace functional

Tensor MSELossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::mse_loss(input, target, options.reduction());
}

Tensor L1LossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::l1_loss(input, target, options.reduction());
}

Tensor BCELossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::binary_cross_entropy(input, target, options.reduction(), options.weight());
}

Tensor BCEWithLogitsLossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::binary_cross_entropy_with_logits(input, target, options.reduction(), options.weight(),
                                                      options.pos_weight());
}

Tensor CrossEntropyLossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::cross_entropy(input, target, options.reduction());
}

Tensor NLLLossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::nll_loss(input, target, options.reduction());
}

Tensor SmoothL1LossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::smooth_l1_loss(input, target, options);
}
std::string SmoothL1LossImpl::extra_repr() const {
  std::ostringstream out;
  out << "reduction=" << reduction_name(options.reduction()) << ", beta=" << options.beta();
  return out.str();
}

Tensor HuberLossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::huber_loss(input, target, options);
}
std::string HuberLossImpl::extra_repr() const {
  std::ostringstream out;
  out << "reduction=" << reduction_name(options.reduction()) << ", delta=" << options.delta();
  return out.str();
}

Tensor KLDivLossImpl::forward(const Tensor& input, const Tensor& target) {
  return functional::kl_div(input, target, options);
}
std::string KLDivLossImpl::extra_repr() const {
  return "reduction=" + options.reduction().name() + ", log_target=" + (options.log_target() ? "true" : "false");
}

Tensor MarginRankingLossImpl::forward(const Tensor& input1, const Tensor& input2, const Tensor& target) {
  return functional::margin_ranking_loss(input1, input2, target, options);
}
std::string MarginRankingLossImpl::extra_repr() const {
  std::ostringstream out;
  out << "margin=" << options.margin() << ", reduction=" << reduction_name(options.reduction());
  return out.str();
}

}  // namespace tapegrad::nn
