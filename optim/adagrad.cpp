#include <cmath>
#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/optim/adagrad.hpp>

#include "option_checks.hpp"

namespace tapegrad {
namespace optim {

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
  for (std::size_t g = 0; g < this->param_groups().size(); ++g)
    for (std::size_t i = 0; i < this->param_groups()[g].params().size(); ++i) init_state(g, i);
}

std::vector<std::string> Adagrad::state_names(const OptimizerOptions&) const { return {"step", "sum"}; }

void Adagrad::init_state(std::size_t group, std::size_t index) {
  ParamState& state = mutable_state(group, index);
  if (!state.empty()) return;
  const auto& o = static_cast<const AdagradOptions&>(param_groups()[group].options());
  NoGradGuard no_grad;
  state["step"] = scalar_tensor(0.0, kFloat64);
  state["sum"] = full_like(param_groups()[group].params()[index], o.initial_accumulator_value());
}

void Adagrad::step() {
  NoGradGuard no_grad;
  for (std::size_t g = 0; g < param_groups().size(); ++g) {
    auto& group = param_groups()[g];
    const auto& o = static_cast<const AdagradOptions&>(group.options());
    for (std::size_t i = 0; i < group.params().size(); ++i) {
      Tensor& p = group.params()[i];
      Tensor grad = p.grad();
      if (!grad.defined()) continue;
      // groups added later, or a loaded state without this parameter, start here
      init_state(g, i);
      ParamState& state = mutable_state(g, i);
      Tensor& step = state.at("step");
      step.add_(1.0);
      const double t = step.item<double>();
      if (o.weight_decay() != 0) grad = grad + p * o.weight_decay();
      const double clr = o.lr() / (1.0 + (t - 1.0) * o.lr_decay());
      Tensor& sum = state.at("sum");
      sum.addcmul_(grad, grad, 1.0);
      Tensor denom = sum.sqrt();
      denom.add_(o.eps());
      p.addcdiv_(grad, denom, -clr);
    }
  }
}

}  // namespace optim
}  // namespace tapegrad
