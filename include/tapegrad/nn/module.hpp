#pragma once
/// tapegrad::nn::Module: the base of every layer and model. A module owns named parameters,
/// buffers and sub-modules, registered in its constructor, as torch::nn::Module does:
///
///     struct Net : tg::nn::Module {
///       tg::nn::Linear fc1{nullptr};
///       Net() { fc1 = register_module("fc1", tg::nn::Linear(2, 8)); }
///       tg::Tensor forward(tg::Tensor x) { return fc1(x); }  // any signature: forward is not virtual
///     };
///     for (const auto& item : net->named_parameters()) std::cout << item.key();  // "fc1.weight", "fc1.bias"
#include <deque>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <tapegrad/autograd/device.hpp>
#include <tapegrad/autograd/dtype.hpp>
#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/nn/ordered_dict.hpp>
#include <tapegrad/nn/pimpl.hpp>

namespace tapegrad::nn {

/// Something with named parameters, buffers and sub-modules, a train/eval flag and (usually)
/// a forward(). As in LibTorch, forward is not a virtual function of Module: each module
/// declares the forward it needs (`Tensor forward(Tensor x)`, `forward(input, target)`), and
/// Sequential/AnyModule and ModuleHolder::operator() call it by name. Parameter handles are shared: the tensors
/// returned by parameters() are the module's own (same storage, same grad), so an optimizer or `p.copy_()` updates the
/// module.
class Module : public std::enable_shared_from_this<Module> {
 public:
  Module() = default;
  virtual ~Module() = default;

  /// Registers (and returns a handle to) a parameter; sets requires_grad. A tensor produced by
  /// recorded ops is detached first, so the parameter is always a leaf. The returned reference
  /// stays valid for the module's lifetime. Names must be non-empty, unique within this module
  /// and contain no '.', else tapegrad::Error.
  ///
  ///     weight = register_parameter("weight", tg::randn({out, in}) * 0.01);
  Tensor& register_parameter(const std::string& name, Tensor tensor, bool requires_grad = true);
  /// Registers (and returns a handle to) a state tensor that is not trained (e.g. running
  /// statistics); listed by named_buffers(), never by parameters().
  Tensor& register_buffer(const std::string& name, Tensor tensor);
  /// Registers a sub-module; its parameters appear as "<name>.<its name>". Returns `module`.
  ///
  ///     fc1 = register_module("fc1", std::make_shared<tg::nn::Linear>(2, 8));
  template <typename M>
  std::shared_ptr<M> register_module(const std::string& name, std::shared_ptr<M> module) {
    static_assert(std::is_base_of_v<Module, M>, "register_module: M must derive from tapegrad::nn::Module");
    register_child(name, module);
    return module;
  }
  /// Registers the module a holder holds: `fc1 = register_module("fc1", tg::nn::Linear(2, 8))`.
  /// Returns the shared_ptr (as LibTorch), which converts back to the holder on assignment.
  template <typename M>
  std::shared_ptr<M> register_module(const std::string& name, ModuleHolder<M> holder) {
    return register_module(name, holder.ptr());
  }

  /// Every parameter, this module's own first, then each child's in registration order
  /// (only this module's own when `recurse` is false).
  std::vector<Tensor> parameters(bool recurse = true) const;
  /// Dotted names in registration order: "fc1.weight", "0.bias", "encoder.fc1.bias". The
  /// values are the module's own parameters (same storage, same grad).
  ///
  ///     auto params = net->named_parameters();
  ///     params["fc1.weight"];          // throws tapegrad::Error naming the key if absent
  ///     params.find("fc1.bias");       // Tensor* or nullptr
  ///     for (const auto& item : params) std::cout << item.key() << item.value().sizes();
  OrderedDict<std::string, Tensor> named_parameters(bool recurse = true) const;
  /// Every buffer, with dotted names as named_parameters().
  std::vector<Tensor> buffers(bool recurse = true) const;
  OrderedDict<std::string, Tensor> named_buffers(bool recurse = true) const;
  /// The direct sub-modules, in registration order.
  std::vector<std::shared_ptr<Module>> children() const;
  OrderedDict<std::string, std::shared_ptr<Module>> named_children() const;
  /// Every module of the tree in pre-order (this one first when `include_self`), as LibTorch.
  /// include_self needs this module to be owned by a std::shared_ptr (a holder or
  /// make_shared), else tapegrad::Error.
  std::vector<std::shared_ptr<Module>> modules(bool include_self = true) const;
  /// modules() with dotted names relative to this module ("" for itself, "encoder",
  /// "encoder.fc1"), each prefixed by `name_prefix` + "." when a prefix is given.
  OrderedDict<std::string, std::shared_ptr<Module>> named_modules(const std::string& name_prefix = std::string(),
                                                                  bool include_self = true) const;

  using ModuleApplyFunction = std::function<void(Module&)>;
  using ConstModuleApplyFunction = std::function<void(const Module&)>;
  using NamedModuleApplyFunction = std::function<void(const std::string&, Module&)>;
  using ConstNamedModuleApplyFunction = std::function<void(const std::string&, const Module&)>;
  using ModulePointerApplyFunction = std::function<void(const std::shared_ptr<Module>&)>;
  using NamedModulePointerApplyFunction = std::function<void(const std::string&, const std::shared_ptr<Module>&)>;
  /// Calls `function` on this module, then on every descendant in pre-order, as LibTorch:
  ///
  ///     net->apply([](torch::nn::Module& m) { if (auto* fc = m.as<torch::nn::Linear>()) ...; });
  ///     net->apply([](const std::string& name, torch::nn::Module& m) { std::cout << name; });
  void apply(const ModuleApplyFunction& function);
  void apply(const ConstModuleApplyFunction& function) const;
  /// The named forms pass the dotted name ("" for this module, or `name_prefix`).
  void apply(const NamedModuleApplyFunction& function, const std::string& name_prefix = std::string());
  void apply(const ConstNamedModuleApplyFunction& function, const std::string& name_prefix = std::string()) const;
  /// The pointer forms need this module to be owned by a std::shared_ptr (as modules()).
  void apply(const ModulePointerApplyFunction& function) const;
  void apply(const NamedModulePointerApplyFunction& function, const std::string& name_prefix = std::string()) const;

  /// `m.as<Linear>()` / `m.as<LinearImpl>()`: this module as that type, or nullptr.
  template <typename ModuleType>
  typename ModuleType::ContainedType* as() noexcept {
    return dynamic_cast<typename ModuleType::ContainedType*>(this);
  }
  template <typename ModuleType>
  const typename ModuleType::ContainedType* as() const noexcept {
    return dynamic_cast<const typename ModuleType::ContainedType*>(this);
  }
  template <typename ModuleType, typename = std::enable_if_t<std::is_base_of_v<Module, ModuleType>>>
  ModuleType* as() noexcept {
    return dynamic_cast<ModuleType*>(this);
  }
  template <typename ModuleType, typename = std::enable_if_t<std::is_base_of_v<Module, ModuleType>>>
  const ModuleType* as() const noexcept {
    return dynamic_cast<const ModuleType*>(this);
  }

  /// Converts every parameter and buffer of the tree to `dtype` in place: the handles stay the
  /// same objects (an optimizer built earlier still updates them; its state does not convert),
  /// and their gradients are reset. A parameter that requires grad cannot become an integer or
  /// bool tensor (tapegrad::Error naming it).
  virtual void to(Dtype dtype, bool non_blocking = false);
  /// CPU only: any other device throws tapegrad::Error.
  virtual void to(Device device, bool non_blocking = false);
  virtual void to(Device device, Dtype dtype, bool non_blocking = false);

  /// Sets training mode on this module and every descendant (Dropout is active only in
  /// training mode). Modules start in training mode, as in PyTorch.
  virtual void train(bool on = true);
  /// Same as train(false).
  void eval();
  bool is_training() const;
  /// Resets every parameter's grad: to undefined by default (as PyTorch 2's set_to_none), or
  /// to zeros when `set_to_none` is false.
  void zero_grad(bool set_to_none = true);

  /// A deep copy: new parameters and buffers with the same values, sub-modules cloned too.
  /// Implemented by Cloneable<Derived> (derive from it and define reset(), as in LibTorch); a
  /// module deriving from Module directly throws "<Name>: clone() is not implemented ...".
  virtual std::shared_ptr<Module> clone() const;

  /// Type name for printing, e.g. "Linear". Defaults to the unqualified C++ class name without
  /// a trailing "Impl" ("LinearImpl" prints as "Linear").
  virtual std::string name() const;
  /// One line describing this module's own configuration, e.g.
  /// "in_features=2, out_features=8, bias=true". Empty by default.
  virtual std::string extra_repr() const;

 protected:
  /// Copies share parameters and sub-modules; only Cloneable copies a module (then replaces
  /// what it shares by deep copies).
  Module(const Module&) = default;
  Module& operator=(const Module&) = default;

  /// Non-template part of register_module.
  void register_child(const std::string& name, std::shared_ptr<Module> module);

  // Cloneable's non-template steps: forget every registration (before reset() registers fresh
  // ones), take deep copies of `original`'s values, and become a deep copy of `other` in place.
  void clear_registrations();
  void copy_state_from(const Module& original);
  virtual void replace_with_clone_of(const Module& other);

 private:
  void check_new_name(const std::string& name, const char* kind) const;
  std::shared_ptr<Module> shared_from_this_checked(const char* what) const;
  // Calls function("<prefix>.<dotted name>", child) on every descendant, in pre-order.
  void apply_to_submodules(const NamedModulePointerApplyFunction& function, const std::string& name_prefix) const;

  // deque: references returned by register_parameter must survive later registrations.
  std::deque<std::pair<std::string, Tensor>> parameters_;
  std::deque<std::pair<std::string, Tensor>> buffers_;
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> children_;
  bool training_ = true;
};

/// Total number of elements over all parameters of `module` (recursively), as
/// `sum(p.numel() for p in model.parameters())`.
std::int64_t parameter_count(const Module& module);

/// Prints the module tree like PyTorch's print(model), then one line per parameter with its
/// shape and size, then the total parameter count:
///
///     Net(
///       (fc1): Linear(in_features=2, out_features=8, bias=true)
///       (fc2): Linear(in_features=8, out_features=1, bias=true)
///     )
///     fc1.weight  [8,2]  16
///     ...
///     Total parameters: 33
std::ostream& operator<<(std::ostream& out, const Module& module);

}  // namespace tapegrad::nn
