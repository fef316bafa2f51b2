#pragma once
/// tapegrad::nn::Sequential: modules applied one after the other, as torch::nn::Sequential.
#include <cstddef>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <tapegrad/autograd/error.hpp>
#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/nn/any_module.hpp>
#include <tapegrad/nn/cloneable.hpp>
#include <tapegrad/nn/module.hpp>
#include <tapegrad/nn/pimpl.hpp>

namespace tapegrad::nn {

/// A chain of modules, each fed the previous one's output through its forward(Tensor).
/// Children are named "0", "1", ... (so parameters are "0.weight", "0.bias", "2.weight", ...).
///
///     tg::nn::Sequential model(tg::nn::Linear(2, 8), tg::nn::Tanh(), tg::nn::Linear(8, 1));
///     model->push_back(tg::nn::Sigmoid());
///     tg::Tensor y = model->forward(x);   // or model(x)
class SequentialImpl : public Cloneable<SequentialImpl> {
 public:
  using Iterator = std::vector<AnyModule>::iterator;
  using ConstIterator = std::vector<AnyModule>::const_iterator;

  SequentialImpl() = default;
  /// From any number of modules: holders, shared_ptrs, modules by value or AnyModules.
  template <typename First, typename... Rest,
            typename = std::enable_if_t<!(std::is_same_v<std::decay_t<First>, SequentialImpl> && sizeof...(Rest) == 0)>>
  explicit SequentialImpl(First&& first, Rest&&... rest) {
    push_back(std::forward<First>(first));
    (push_back(std::forward<Rest>(rest)), ...);
  }

  /// Appends a module named after its position ("3").
  void push_back(AnyModule module) { push_back(std::to_string(modules_.size()), std::move(module)); }
  /// Appends a module under a name of your choice; indexing still counts it.
  void push_back(std::string name, AnyModule module);
  template <typename M, typename = std::enable_if_t<!std::is_same_v<std::decay_t<M>, AnyModule>>>
  void push_back(M&& module) {
    push_back(AnyModule(std::forward<M>(module)));
  }
  template <typename M, typename = std::enable_if_t<!std::is_same_v<std::decay_t<M>, AnyModule>>>
  void push_back(std::string name, M&& module) {
    push_back(std::move(name), AnyModule(std::forward<M>(module)));
  }

  /// Feeds `input` through every module in order. Throws on an empty Sequential (as LibTorch).
  Tensor forward(const Tensor& input);

  /// The module at `index`; throws tapegrad::Error when out of range.
  Module& operator[](std::size_t index) const { return *ptr(index); }
  /// The module at `index` as a shared pointer.
  std::shared_ptr<Module> ptr(std::size_t index) const;
  /// The module at `index` as its concrete type: `seq->ptr<tg::nn::LinearImpl>(0)->weight`.
  /// Throws tapegrad::Error when the module is not a T.
  template <typename T>
  std::shared_ptr<T> ptr(std::size_t index) const {
    auto typed = std::dynamic_pointer_cast<T>(ptr(index));
    TG_CHECK(typed != nullptr, "Sequential", "module ", index, " is a ", ptr(index)->name(),
             ", not the requested type");
    return typed;
  }
  /// The module at `index` as a T&: `seq->at<tg::nn::LinearImpl>(0).weight`.
  template <typename T>
  T& at(std::size_t index) const {
    return *ptr<T>(index);
  }
  std::size_t size() const noexcept { return modules_.size(); }  ///< number of modules
  bool is_empty() const noexcept { return modules_.empty(); }    ///< true when size() == 0
  /// Iterates over the modules (AnyModule) in order.
  Iterator begin() { return modules_.begin(); }
  Iterator end() { return modules_.end(); }
  ConstIterator begin() const { return modules_.begin(); }
  ConstIterator end() const { return modules_.end(); }

  /// Sequential registers its modules as they are pushed: nothing to rebuild.
  void reset() override {}
  /// A Sequential of clones of every module, under the same names.
  std::shared_ptr<Module> clone() const override;

 private:
  std::vector<AnyModule> modules_;
};

TG_MODULE(Sequential);

}  // namespace tapegrad::nn
