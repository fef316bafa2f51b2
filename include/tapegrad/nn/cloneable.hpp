#pragma once
/// tapegrad::nn::Cloneable: the base of modules that can be deep-copied with clone(), as
/// torch::nn::Cloneable. A Cloneable module builds its parameters and sub-modules in reset()
/// (which its constructor calls); clone() copies the module's members, calls reset() on the copy
/// to make fresh parameters and children, then copies the values over.
///
///     struct NetImpl : tg::nn::Cloneable<NetImpl> {
///       tg::nn::Linear fc{nullptr};
///       NetImpl() { reset(); }
///       void reset() override { fc = register_module("fc", tg::nn::Linear(2, 1)); }
///     };
///     auto copy = std::make_shared<NetImpl>()->clone();  // independent parameters
#include <memory>

#include <tapegrad/autograd/error.hpp>
#include <tapegrad/nn/module.hpp>

namespace tapegrad::nn {

/// Module plus a clone() that works by copy construction and reset().
template <typename Derived>
class Cloneable : public Module {
 public:
  /// (Re)creates every parameter, buffer and sub-module of this module.
  virtual void reset() = 0;

  std::shared_ptr<Module> clone() const override {
    auto copy = std::make_shared<Derived>(static_cast<const Derived&>(*this));
    copy->clear_registrations();
    copy->reset();
    copy->copy_state_from(*this);
    return copy;
  }

 protected:
  void replace_with_clone_of(const Module& other) override {
    auto cloned = std::dynamic_pointer_cast<Derived>(other.clone());
    TG_CHECK(cloned != nullptr, "clone", "a sub-module's clone() returned a module of another type");
    static_cast<Derived&>(*this) = *cloned;
  }
};

}  // namespace tapegrad::nn
