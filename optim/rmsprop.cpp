#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/optim/rmsprop.hpp>

#include "fused_update.hpp"
#include "option_checks.hpp"

namespace tapegrad {
namespace optim {

void RMSpropOptions::check(const char* optimizer) const {
  detail::check_non_negative(optimizer, {{"learning rate", lr()},
                                         {"eps", eps_},
                                         {"momentum", momentum_},
                                         {"weight_decay", weight_decay_},
                                         {"alpha", alpha_}});
}

RMSprop::RMSprop(std::vector<Tensor> params, RMSpropOptions defaults)
    : OptimizerWith("RMSprop", std::move(params), std::move(defaults)) {}

RMSprop::RMSprop(const std::vector<OptimizerParamGroup>& param_groups, RMSpropOptions defaults)
    : OptimizerWith("RMSprop", param_groups, std::move(defaults)) {}

std::vector<std::string> RMSprop::state_names(const OptimizerOptions& options) const {
  const auto& o = static_cast<const RMSpropOptions&>(options);
  std::vector<std::string> names{"step", "square_avg"};
  if (o.momentum() > 0) names.emplace_back("momentum_buffer");
  if (o.centered()) names.emplace_back("grad_avg");
  return names;
}

void RMSprop::step() {
  for_each_param_with_grad([](Tensor& p, Tensor& grad, const RMSpropOptions& o, ParamState& state) {
    if (state.empty()) {
      state["step"] = scalar_tensor(0.0, kFloat64);
      state["square_avg"] = zeros_like(p);
    }
    // momentum and centering may be switched on after the first steps
    if (o.momentum() > 0 && state.count("momentum_buffer") == 0) state["momentum_buffer"] = zeros_like(p);
    if (o.centered() && state.count("grad_avg") == 0) state["grad_avg"] = zeros_like(p);
    state.at("step").add_(1.0);

    // one pass over param, grad and the averages when they are plain contiguous buffers
    Tensor* grad_avg = o.centered() ? &state.at("grad_avg") : nullptr;
    Tensor* buf = o.momentum() > 0 ? &state.at("momentum_buffer") : nullptr;
    auto fused = [&](auto tag) {
      using T = decltype(tag);
      const detail::RmspropScalars<T> s{static_cast<T>(o.lr()), static_cast<T>(o.alpha()), static_cast<T>(o.eps()),
                                        static_cast<T>(o.weight_decay()), static_cast<T>(o.momentum())};
      detail::rmsprop_update<T>(static_cast<std::size_t>(p.numel()), p.data_ptr<T>(), grad.data_ptr<T>(),
                                state.at("square_avg").data_ptr<T>(), grad_avg ? grad_avg->data_ptr<T>() : nullptr,
                                buf ? buf->data_ptr<T>() : nullptr, s);
    };
    Tensor& square = state.at("square_avg");
    const bool done = grad_avg && buf ? detail::fused_update({&grad}, {&p, &square, grad_avg, buf}, fused)
                      : grad_avg      ? detail::fused_update({&grad}, {&p, &square, grad_avg}, fused)
                      : buf           ? detail::fused_update({&grad}, {&p, &square, buf}, fused)
                                      : detail::fused_update({&grad}, {&p, &square}, fused);
    if (done) return;

    if (o.weight_decay() != 0) grad = grad + p * o.weight_decay();
    Tensor& square_avg = state.at("square_avg");
    square_avg.mul_(o.alpha()).addcmul_(grad, grad, 1.0 - o.alpha());
    Tensor avg;
    if (o.centered()) {
      Tensor& grad_avg = state.at("grad_avg");
      grad_avg.mul_(o.alpha()).add_(grad, 1.0 - o.alpha());
      avg = square_avg.clone();
      avg.addcmul_(grad_avg, grad_avg, -1.0).sqrt_();
    } else {
      avg = square_avg.sqrt();
    }
    avg.add_(o.eps());
    if (o.momentum() > 0) {
      Tensor& buf = state.at("momentum_buffer");
      buf.mul_(o.momentum()).addcdiv_(grad, avg);
      p.add_(buf, -o.lr());
    } else {
      p.addcdiv_(grad, avg, -o.lr());
    }
  });
}

}  // namespace optim
}  // namespace tapegrad
