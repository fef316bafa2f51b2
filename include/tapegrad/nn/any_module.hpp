#pragma once
/// tapegrad::nn::AnyModule: any module with a `forward(Tensor)`, type-erased, as
/// torch::nn::AnyModule (what Sequential stores). The module's own forward is called, whatever
/// its exact signature (`forward(Tensor)`, `forward(const Tensor&)`).
///
///     tg::nn::AnyModule any(tg::nn::Linear(2, 3));
///     tg::Tensor y = any.forward(x);
///     tg::nn::Linear fc = any.ptr<tg::nn::LinearImpl>();
#include <memory>
#include <type_traits>
#include <utility>

#include <tapegrad/autograd/error.hpp>
#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/nn/module.hpp>

namespace tapegrad::nn {

namespace detail {
template <typename M, typename = void>
struct has_tensor_forward : std::false_type {};
template <typename M>
struct has_tensor_forward<M, std::void_t<decltype(Tensor(std::declval<M&>().forward(std::declval<Tensor>())))>>
    : std::true_type {};
}  // namespace detail

/// A shared module behind a forward(Tensor) -> Tensor. Copies share the module; clone() copies it.
class AnyModule {
 public:
  /// Empty; forward() throws.
  AnyModule() = default;
  /// Holds `module` (shared).
  template <typename M>
  explicit AnyModule(std::shared_ptr<M> module) : content_(make_content(std::move(module))) {}
  /// Holds the module a holder holds (shared).
  template <typename M>
  explicit AnyModule(const ModuleHolder<M>& holder) : AnyModule(holder.ptr()) {}
  /// Holds a module given by value (moved into a new shared module).
  template <typename M, typename = std::enable_if_t<std::is_base_of_v<Module, std::decay_t<M>>>>
  explicit AnyModule(M&& module) : AnyModule(std::make_shared<std::decay_t<M>>(std::forward<M>(module))) {}

  /// The held module's forward(input).
  Tensor forward(const Tensor& input) const {
    TG_CHECK(content_ != nullptr, "AnyModule", "forward() called on an empty AnyModule");
    return content_->forward(input);
  }
  /// The held module as a Module (empty pointer when empty).
  std::shared_ptr<Module> ptr() const { return content_ ? content_->module : nullptr; }
  /// The held module as a T; throws tapegrad::Error when it is not one.
  template <typename T>
  std::shared_ptr<T> ptr() const {
    auto typed = std::dynamic_pointer_cast<T>(ptr());
    TG_CHECK(typed != nullptr, "AnyModule", "the module is ", content_ ? content_->module->name() : "empty",
             ", not the requested type");
    return typed;
  }
  /// The held module as a T&; throws tapegrad::Error when it is not one.
  template <typename T>
  T& get() const {
    return *ptr<T>();
  }
  /// A deep copy of the held module (through its clone()).
  AnyModule clone() const {
    AnyModule copy;
    if (content_) copy.content_ = content_->clone();
    return copy;
  }
  bool is_empty() const noexcept { return content_ == nullptr; }  ///< true when nothing is held

 private:
  struct Content {
    explicit Content(std::shared_ptr<Module> m) : module(std::move(m)) {}
    virtual ~Content() = default;
    virtual Tensor forward(const Tensor& input) const = 0;
    virtual std::shared_ptr<Content> clone() const = 0;
    std::shared_ptr<Module> module;
  };
  template <typename M>
  struct Typed : Content {
    explicit Typed(std::shared_ptr<M> m) : Content(m), typed(std::move(m)) {}
    Tensor forward(const Tensor& input) const override { return typed->forward(input); }
    std::shared_ptr<Content> clone() const override {
      auto copy = std::dynamic_pointer_cast<M>(typed->clone());
      TG_CHECK(copy != nullptr, "AnyModule", "clone() of ", typed->name(), " returned another type");
      return std::make_shared<Typed>(std::move(copy));
    }
    std::shared_ptr<M> typed;
  };
  template <typename M>
  static std::shared_ptr<Content> make_content(std::shared_ptr<M> module) {
    static_assert(std::is_base_of_v<Module, M>, "AnyModule: the type must derive from tapegrad::nn::Module");
    static_assert(detail::has_tensor_forward<M>::value,
                  "AnyModule/Sequential: the module needs a forward taking one Tensor and returning a Tensor");
    TG_CHECK(module != nullptr, "Sequential", "cannot hold a null or empty module");
    return std::make_shared<Typed<M>>(std::move(module));
  }

  std::shared_ptr<Content> content_;
};

}  // namespace tapegrad::nn
