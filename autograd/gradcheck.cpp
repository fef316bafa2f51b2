#include <tapegrad/autograd/gradcheck.hpp>

#include <cmath>
#include <sstream>

#include <tapegrad/autograd/backward.hpp>
#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ops/shape.hpp>
#include <tapegrad/autograd/tensor_impl.hpp>

namespace tapegrad {

namespace {

bool report(bool raise, const std::string& message) {
  if (raise) throw Error(message);
  return false;
}

}  // namespace

bool gradcheck(const GradcheckFn& fn, const std::vector<Tensor>& inputs, double eps, double atol, double rtol,
               bool raise_exception) {
  std::vector<std::size_t> checked;
  std::vector<Tensor> wrt;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    TG_CHECK(inputs[i].defined(), "gradcheck", "input ", i, " is undefined");
    if (!inputs[i].requires_grad()) continue;
    TG_CHECK(inputs[i].dtype() == kFloat64, "gradcheck", "input ", i, " is ", dtype_name(inputs[i].dtype()),
             "; finite differences need float64 inputs (use .to(tg::kFloat64))");
    checked.push_back(i);
    wrt.push_back(inputs[i]);
  }
  TG_CHECK(!wrt.empty(), "gradcheck", "no input requires grad, so there is nothing to check");

  Tensor out = fn(inputs);
  TG_CHECK(out.defined() && out.dtype() == kFloat64, "gradcheck", "the function must return a float64 tensor");
  auto n_out = static_cast<std::size_t>(out.numel());

  // analytic[w][k * n_out + j] = d out_j / d input_w[k], one backward per output element.
  std::vector<std::vector<double>> analytic(wrt.size());
  for (std::size_t w = 0; w < wrt.size(); ++w) analytic[w].assign(wrt[w].numel() * n_out, 0.0);
  if (out.requires_grad()) {
    for (std::size_t j = 0; j < n_out; ++j) {
      Tensor seed = zeros(out.shape(), kFloat64);
      seed.impl()->data<double>()[j] = 1.0;
      std::vector<Tensor> grads = autograd::grad({out}, wrt, {seed}, true, false, true);
      for (std::size_t w = 0; w < wrt.size(); ++w) {
        if (!grads[w].defined()) continue;
        TG_CHECK(grads[w].shape() == wrt[w].shape(), "gradcheck", "gradient of input ", checked[w], " has shape ",
                 shape_to_string(grads[w].shape()), " but the input has ", shape_to_string(wrt[w].shape()));
        std::vector<double> g = grads[w].to_vector<double>();
        for (std::size_t k = 0; k < g.size(); ++k) analytic[w][k * n_out + j] = g[k];
      }
    }
  }

  // Grad mode stays on here: gradgradcheck's function computes a first derivative inside.
  for (std::size_t w = 0; w < wrt.size(); ++w) {
    const detail::TensorImpl& impl = *wrt[w].impl();
    for (std::size_t k = 0; k < static_cast<std::size_t>(wrt[w].numel()); ++k) {
      // Element k in row-major order, wherever the input's strides put it.
      std::ptrdiff_t position = 0;
      for (std::size_t d = impl.shape.size(), rest = k; d-- > 0; rest /= impl.shape[d])
        position += static_cast<std::ptrdiff_t>(rest % impl.shape[d]) * impl.strides[d];
      double& x = impl.strided_data<double>()[position];
      double original = x;
      x = original + eps;
      std::vector<double> plus = fn(inputs).to_vector<double>();
      x = original - eps;
      std::vector<double> minus = fn(inputs).to_vector<double>();
      x = original;
      for (std::size_t j = 0; j < n_out; ++j) {
        double numeric = (plus[j] - minus[j]) / (2 * eps);
        double a = analytic[w][k * n_out + j];
        if (!(std::fabs(a - numeric) <= atol + rtol * std::fabs(numeric))) {
          std::ostringstream m;
          m << "gradcheck: Jacobian mismatch for output element " << j << " with respect to input " << checked[w]
            << " element " << k << ": analytic " << a << ", numerical " << numeric << " (atol " << atol << ", rtol "
            << rtol << ")";
          return report(raise_exception, m.str());
        }
      }
    }
  }
  return true;
}

bool gradgradcheck(const GradcheckFn& fn, const std::vector<Tensor>& inputs, double eps, double atol, double rtol,
                   bool raise_exception) {
  Tensor out = fn(inputs);
  TG_CHECK(out.defined() && out.dtype() == kFloat64, "gradgradcheck", "the function must return a float64 tensor");
  // Fixed, non-trivial output weights (not drawn from the user's generator, so the check leaves
  // the random stream untouched).
  std::vector<double> weights(static_cast<std::size_t>(out.numel()));
  for (std::size_t i = 0; i < weights.size(); ++i)
    weights[i] = 0.5 + 0.37 * std::sin(1.7 * static_cast<double>(i) + 0.3);
  Tensor v = from_vector(weights, out.shape(), kFloat64).requires_grad_();

  std::vector<Tensor> extended = inputs;
  extended.push_back(v);
  GradcheckFn first_derivative = [&fn, n = inputs.size()](const std::vector<Tensor>& xs) {
    std::vector<Tensor> args(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(n));
    std::vector<Tensor> wrt;
    for (const Tensor& x : args)
      if (x.requires_grad()) wrt.push_back(x);
    Tensor y = fn(args);
    std::vector<Tensor> parts;
    if (y.requires_grad()) {
      std::vector<Tensor> grads = autograd::grad({y}, wrt, {xs.back()}, true, true, true);
      for (std::size_t i = 0; i < grads.size(); ++i)
        parts.push_back(reshape(grads[i].defined() ? grads[i] : zeros(wrt[i].shape(), kFloat64), {-1}));
    } else {
      for (const Tensor& x : wrt) parts.push_back(zeros({x.numel()}, kFloat64));
    }
    return cat(parts, 0);
  };
  return gradcheck(first_derivative, extended, eps, atol, rtol, raise_exception);
}

}  // namespace tapegrad
