#include <cmath>
#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/optim/adagrad.hpp>

#include "fused_update.hpp"
#include "option_checks.hpp"

namespace tapegrad {
namespace optim {

namespace {

void init_state(Optimizer::ParamState& state, const Tensor& param, const AdagradOptions& o) {
  if (!state.empty()) return;
  NoGradGuard no_grad;
  state["step"] = scalar_tensor(0.0, kFloat64);
  state["sum"] = full_like(param, o.initial_accumulator_value());
}

}  // namespace

void AdagradOptions::check(const char* optimizer) const {
  detail::check_non_negative(optimizer, {{"learning rate", lr()},
                                         {"lr_decay", lr_decay_},
                                         {"weight_decay", weight_decay_},
                                         {"initial_accumulator_value", initial_accumulator_value_},
                                         {"eps", eps_}});
}

Adagrad::Adagrad(std::vector<Tensor> params, AdagradOptions defaults)
    : Adagrad(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))}, std::move(defaults)) {}

Adagrad::Adagrad(const std::vector<OptimizerParamGroup>& param_groups, AdagradOptions defaults)
    : OptimizerWith("Adagrad", param_groups, std::move(defaults)) {
  // as in PyTorch, every parameter has its state before the first step
  for (std::size_t g = 0; g < this->param_groups().size(); ++g) {
    const auto& group = this->param_groups()[g];
    for (std::size_t i = 0; i < group.params().size(); ++i)
      init_state(mutable_state(g, i), group.params()[i], static_cast<const AdagradOptions&>(group.options()));
  }
}

std::vector<std::string> Adagrad::state_names(const OptimizerOptions&) const { return {"step", "sum"}; }

void Adagrad::step() {
  for_each_param_with_grad([](Tensor& p, Tensor& grad, const AdagradOptions& o, ParamState& state) {
    // groups added later, or a loaded state without this parameter, start here
    init_state(state, p, o);
    Tensor& step = state.at("step");
    step.add_(1.0);
    const double t = step.item<double>();
    const double clr = o.lr() / (1.0 + (t - 1.0) * o.lr_decay());
    Tensor& sum = state.at("sum");
    // one pass over param, grad and the sum when they are plain contiguous buffers
    if (detail::fused_update({&grad}, {&p, &sum}, [&](auto tag) {
          using T = decltype(tag);
          detail::adagrad_update<T>(static_cast<std::size_t>(p.numel()), p.data_ptr<T>(), grad.data_ptr<T>(),
                                    sum.data_ptr<T>(), static_cast<T>(clr), static_cast<T>(o.weight_decay()),
                                    static_cast<T>(o.eps()));
        }))
      return;
    if (o.weight_decay() != 0) grad = grad + p * o.weight_decay();
    sum.addcmul_(grad, grad, 1.0);
    Tensor denom = sum.sqrt();
    denom.add_(o.eps());
    p.addcdiv_(grad, denom, -clr);
  });
}

}  // namespace optim
}  // namespace tapegrad
