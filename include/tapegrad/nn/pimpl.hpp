#pragma once
/// tapegrad::nn::ModuleHolder and TG_MODULE: the handle type of every layer, as LibTorch's
/// torch::nn::ModuleHolder and TORCH_MODULE. A layer is written as `LinearImpl` (the module
/// itself) plus `TG_MODULE(Linear)`, which declares `Linear`, a shared handle to a LinearImpl:
///
///     tg::nn::Linear fc(2, 8);          // std::make_shared<LinearImpl>(2, 8) behind the scenes
///     tg::Tensor y = fc(x);             // fc->forward(x)
///     tg::nn::Linear later{nullptr};    // empty; assign a Linear or a shared_ptr<LinearImpl>
///     later = fc;                       // now both handles share one module
#include <cstddef>
#include <iosfwd>
#include <memory>
#include <type_traits>
#include <utility>

#include <tapegrad/autograd/error.hpp>

namespace tapegrad::nn {

/// A shared pointer to a `Contained` module with value syntax: constructing a holder from
/// arguments constructs the module from them; `->` and `*` reach the module; `holder(args...)`
/// calls its forward(args...). Copies share the module (as copies of a shared_ptr).
template <typename Contained>
class ModuleHolder {
 public:
  using ContainedType = Contained;

  /// Constructs a Contained from no arguments. A module without a default constructor fails to
  /// compile here, with a hint to use the empty state instead.
  ModuleHolder() : impl_(make_default()) {}
  /// The empty holder (`Linear fc{nullptr};` or `Linear fc = nullptr;`).
  ModuleHolder(std::nullptr_t) {}  // NOLINT: implicit, as LibTorch
  /// Constructs a Contained from `head, tail...` (`Linear(2, 8)`, `Dropout(0.2)`).
  template <typename Head, typename... Tail,
            typename = std::enable_if_t<!(std::is_base_of_v<ModuleHolder, std::decay_t<Head>> && sizeof...(Tail) == 0)>>
  explicit ModuleHolder(Head&& head, Tail&&... tail)
      : impl_(std::make_shared<Contained>(std::forward<Head>(head), std::forward<Tail>(tail)...)) {}
  /// Holds an existing module (`Linear(std::make_shared<LinearImpl>(2, 8))`).
  ModuleHolder(std::shared_ptr<Contained> module) : impl_(std::move(module)) {}  // NOLINT: implicit

  /// True unless empty.
  explicit operator bool() const noexcept { return !is_empty(); }
  /// True for `Linear fc{nullptr}` and a holder moved from.
  bool is_empty() const noexcept { return impl_ == nullptr; }

  Contained* operator->() { return get(); }              ///< the module; throws when empty
  const Contained* operator->() const { return get(); }  ///< the module; throws when empty
  Contained& operator*() { return *get(); }              ///< the module; throws when empty
  const Contained& operator*() const { return *get(); }  ///< the module; throws when empty
  /// The shared pointer to the module (empty for an empty holder).
  const std::shared_ptr<Contained>& ptr() const { return impl_; }
  /// The module; throws tapegrad::Error when the holder is empty.
  Contained* get() const {
    TG_CHECK(impl_ != nullptr, "ModuleHolder", "accessing an empty module holder (constructed from nullptr)");
    return impl_.get();
  }

  /// `holder(args...)` is `holder->forward(args...)`, whatever forward's signature.
  template <typename... Args>
  auto operator()(Args&&... args) -> decltype(std::declval<Contained&>().forward(std::forward<Args>(args)...)) {
    return get()->forward(std::forward<Args>(args)...);
  }
  /// `holder[index]` is `(*holder)[index]` (Sequential's modules).
  template <typename Arg>
  decltype(auto) operator[](Arg&& arg) {
    return (*get())[std::forward<Arg>(arg)];
  }

 protected:
  std::shared_ptr<Contained> impl_;

 private:
  static std::shared_ptr<Contained> make_default() {
    static_assert(std::is_default_constructible_v<Contained>,
                  "this module has no default constructor: give the holder its empty state with nullptr "
                  "(e.g. `Linear fc{nullptr};` instead of `Linear fc;`) and assign it in the constructor");
    return std::make_shared<Contained>();
  }
};

/// Prints the held module as `operator<<(std::ostream&, const Module&)` does.
template <typename Contained>
std::ostream& operator<<(std::ostream& out, const ModuleHolder<Contained>& holder) {
  return out << *holder;
}

}  // namespace tapegrad::nn

/// Declares `Name`, the holder of `NameImpl`: `TG_MODULE(Linear)` after `class LinearImpl`.
/// Spelled TORCH_MODULE in <tapegrad/torch.hpp>, as LibTorch.
#define TG_MODULE_IMPL(Name, ImplType)                          \
  class Name : public ::tapegrad::nn::ModuleHolder<ImplType> {  \
   public:                                                      \
    using ::tapegrad::nn::ModuleHolder<ImplType>::ModuleHolder; \
    using Impl = ImplType;                                      \
  }
#define TG_MODULE(Name) TG_MODULE_IMPL(Name, Name##Impl)
