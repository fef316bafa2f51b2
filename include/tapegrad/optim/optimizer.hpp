#pragma once
/// The optimizer base class: parameter groups with their own options, per-parameter state
/// aligned with the parameter list, zero_grad(), and the named-state hooks checkpoints use.
///
///     tg::optim::Adam opt(net->parameters(), tg::optim::AdamOptions(1e-2));
///     opt.zero_grad();
///     loss.backward();
///     opt.step();
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <tapegrad/autograd/error.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {
namespace optim {

/// The hyper-parameters of one optimizer (SGDOptions, AdamOptions, ...). Every optimizer has
/// a learning rate, which schedulers read and write through get_lr() / set_lr().
class OptimizerOptions {
 public:
  virtual ~OptimizerOptions() = default;
  /// A copy of the concrete options (a group without options gets a clone of the defaults).
  virtual std::unique_ptr<OptimizerOptions> clone() const = 0;
  /// The learning rate.
  virtual double get_lr() const = 0;
  /// Sets the learning rate (what LR schedulers call).
  virtual void set_lr(double lr) = 0;
};

namespace detail {
/// What every options class (SGDOptions, AdamOptions, ...) would otherwise write again: the
/// learning rate, clone() of the concrete class `Self`, and `set`, which lets a chainable setter
/// be one line that returns `Self` (so `SGDOptions(0.1).momentum(0.9)` stays an SGDOptions).
template <typename Self>
class ChainableOptions : public OptimizerOptions {
 public:
  /// Sets the learning rate (>= 0).
  Self& lr(double value) { return set(lr_, value); }
  double lr() const { return lr_; }  ///< learning rate

  /// A copy of the concrete options.
  std::unique_ptr<OptimizerOptions> clone() const override {
    return std::make_unique<Self>(static_cast<const Self&>(*this));
  }
  double get_lr() const override { return lr_; }  ///< same as lr()
  void set_lr(double lr) override { lr_ = lr; }   ///< same as lr(value)

 protected:
  explicit ChainableOptions(double lr) : lr_(lr) {}
  /// Stores `value` in `field` and returns the concrete options, for the next setter in a chain.
  template <typename T>
  Self& set(T& field, const T& value) {
    field = value;
    return static_cast<Self&>(*this);
  }

 private:
  double lr_;
};
}  // namespace detail

/// Parameters that share options, as LibTorch's OptimizerParamGroup:
///
///     std::vector<tg::optim::OptimizerParamGroup> groups;
///     groups.emplace_back(body_params);  // uses the optimizer's defaults
///     groups.emplace_back(head_params, std::make_unique<tg::optim::SGDOptions>(0.01));
///     tg::optim::SGD opt(groups, tg::optim::SGDOptions(0.1).momentum(0.9));
class OptimizerParamGroup {
 public:
  /// A group that takes the optimizer's default options.
  explicit OptimizerParamGroup(std::vector<Tensor> params) : params_(std::move(params)) {}
  /// A group with its own options (of the optimizer's own options type).
  OptimizerParamGroup(std::vector<Tensor> params, std::unique_ptr<OptimizerOptions> options)
      : params_(std::move(params)), options_(std::move(options)) {}
  /// Copies the parameter handles (not their data) and clones the options.
  OptimizerParamGroup(const OptimizerParamGroup& other);
  OptimizerParamGroup& operator=(const OptimizerParamGroup& other);
  OptimizerParamGroup(OptimizerParamGroup&&) noexcept = default;
  OptimizerParamGroup& operator=(OptimizerParamGroup&&) noexcept = default;

  /// Whether options were given (always true once the group belongs to an optimizer).
  bool has_options() const { return options_ != nullptr; }
  /// The group's options; throws if it has none. Cast to the concrete type to read them:
  /// `static_cast<tg::optim::SGDOptions&>(group.options()).momentum()`.
  OptimizerOptions& options();
  const OptimizerOptions& options() const;
  void set_options(std::unique_ptr<OptimizerOptions> options) { options_ = std::move(options); }
  /// The parameters. Keep the list as it is once the group belongs to an optimizer: state is
  /// aligned with it (add parameters with Optimizer::add_param_group instead).
  std::vector<Tensor>& params() { return params_; }
  const std::vector<Tensor>& params() const { return params_; }

 private:
  std::vector<Tensor> params_;
  std::unique_ptr<OptimizerOptions> options_;
};

/// Base of SGD, Adam, AdamW, RMSprop and Adagrad (through detail::OptimizerWith). A derived
/// optimizer validates its options, says which state buffers a parameter has (state_names) and
/// implements step().
class Optimizer {
 public:
  /// One parameter's state: named buffers, as PyTorch's `optimizer.state[p]`. Empty until
  /// the first step() in which the parameter had a gradient. "step" is a 0-d float64 tensor;
  /// every other buffer has the parameter's shape and dtype.
  using ParamState = std::map<std::string, Tensor>;

  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  /// Performs one update of every parameter that has a gradient (others are skipped, as in
  /// PyTorch). Runs under NoGradGuard and changes the parameters in place.
  virtual void step() = 0;

  /// Resets every parameter's gradient: makes it undefined (the default, as LibTorch 2 and
  /// Module::zero_grad; the next backward allocates it afresh), or zeros it in place when
  /// `set_to_none` is false. Either way the next step() sees only the next backward's gradient.
  void zero_grad(bool set_to_none = true);

  /// Adds a group (with its own options, or the defaults when it has none). Throws on
  /// invalid options, undefined / non-floating / non-leaf parameters, and on a parameter
  /// that already belongs to this optimizer.
  void add_param_group(const OptimizerParamGroup& group);

  /// The groups; change options here (e.g. `param_groups()[0].options().set_lr(0.01)`).
  std::vector<OptimizerParamGroup>& param_groups() { return param_groups_; }
  const std::vector<OptimizerParamGroup>& param_groups() const { return param_groups_; }
  /// Every parameter of every group, in order.
  std::vector<Tensor> parameters() const;
  /// The options a group without its own options gets.
  const OptimizerOptions& defaults() const { return *defaults_; }
  /// The state of parameter `index` of group `group` (empty before its first update).
  const ParamState& state(std::size_t group, std::size_t index) const;
  /// The optimizer's name ("SGD", "Adam", ...), which starts its error messages.
  const std::string& name() const { return name_; }

  /// Every piece of optimizer state as a named tensor: per-parameter buffers as
  /// "<group>.<param index in group>.<name>" (e.g. "0.3.exp_avg", "0.3.step"; scalars as 0-d or
  /// 1-element float64 tensors), plus per-group hyper-parameters that change during training
  /// ("<group>.lr"). Order is deterministic.
  virtual std::vector<std::pair<std::string, Tensor>> named_state() const;
  /// Restores what named_state() produced; throws tapegrad::Error naming the entry on a missing
  /// name, an unexpected name, a wrong shape or dtype. Never half-loads (validate first).
  virtual void load_named_state(const std::vector<std::pair<std::string, Tensor>>& state);

 protected:
  /// `name` starts error messages; `defaults` are already validated by the derived class.
  Optimizer(std::string name, std::unique_ptr<OptimizerOptions> defaults);
  /// Adds the constructor's groups and rejects an empty parameter list. Call it from the
  /// derived constructor (virtual calls reach the derived class only from there).
  void add_initial_param_groups(const std::vector<OptimizerParamGroup>& groups);
  /// Throws unless `options` are this optimizer's options type with valid values.
  virtual void check_options(const OptimizerOptions& options) const = 0;
  /// The buffers a parameter of a group with these options has once initialized, in the
  /// order named_state() lists them ("step" is the 0-d step counter).
  virtual std::vector<std::string> state_names(const OptimizerOptions& options) const = 0;
  /// Mutable state for step(); also checks that the group's parameter list was not resized.
  ParamState& mutable_state(std::size_t group, std::size_t index);

 private:
  std::string name_;
  std::unique_ptr<OptimizerOptions> defaults_;
  std::vector<OptimizerParamGroup> param_groups_;
  std::vector<std::vector<ParamState>> state_;  // [group][param index], aligned with params
};

namespace detail {
/// What SGD, Adam, AdamW, RMSprop and Adagrad would otherwise each write again, for their options
/// class `Options`: both constructors, the check that a group's options are `Options` whose
/// values pass `Options::check(optimizer name)`, and the loop over what step() updates.
template <typename Options>
class OptimizerWith : public Optimizer {
 protected:
  /// One group of `params` with `defaults`. Throws "<name>: got an empty parameter list" when empty.
  OptimizerWith(std::string name, std::vector<Tensor> params, Options defaults)
      : OptimizerWith(std::move(name), std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
                      std::move(defaults)) {}
  /// Checks `defaults`, then adds `param_groups` (a group without options gets a copy of `defaults`).
  OptimizerWith(std::string name, const std::vector<OptimizerParamGroup>& param_groups, Options defaults)
      : Optimizer(std::move(name), std::make_unique<Options>(defaults)) {
    check_options(defaults);
    add_initial_param_groups(param_groups);
  }

  /// Throws "<name>: a parameter group has options of another optimizer (expected <name>Options)"
  /// unless `options` are an `Options`, then whatever `Options::check` throws.
  void check_options(const OptimizerOptions& options) const final {
    const auto* typed = dynamic_cast<const Options*>(&options);
    TG_CHECK(typed != nullptr, name().c_str(), "a parameter group has options of another optimizer (expected ", name(),
             "Options)");
    typed->check(name().c_str());
  }

  /// Calls `update(param, grad, options, state)` for every parameter that has a gradient, group by
  /// group, under NoGradGuard (the loop of every step()). `grad` is the loop's own handle on the
  /// gradient: rebinding it (`grad = grad + param * wd`) leaves `param.grad()` as it was.
  template <typename Update>
  void for_each_param_with_grad(Update update) {
    NoGradGuard no_grad;
    for (std::size_t g = 0; g < param_groups().size(); ++g) {
      auto& group = param_groups()[g];
      const auto& options = static_cast<const Options&>(group.options());
      for (std::size_t i = 0; i < group.params().size(); ++i) {
        Tensor& param = group.params()[i];
        Tensor grad = param.grad();
        if (!grad.defined()) continue;
        update(param, grad, options, mutable_state(g, i));
      }
    }
  }
};
}  // namespace detail

}  // namespace optim
}  // namespace tapegrad
