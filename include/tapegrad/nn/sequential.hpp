#pragma once
/// tapegrad::nn::Sequential: modules applied one after the other, as torch::nn::Sequential.
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include <tapegrad/autograd/error.hpp>
#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/nn/module.hpp>

namespace tapegrad::nn {

/// A chain of modules, each fed the previous one's output through its forward(Tensor).
/// Children are named "0", "1", ... (so parameters are "0.weight", "0.bias", "2.weight", ...).
///
///     auto model = std::make_shared<tg::nn::Sequential>(
///         std::make_shared<tg::nn::Linear>(2, 8), std::make_shared<tg::nn::Tanh>(),
///         std::make_shared<tg::nn::Linear>(8, 1));
///     model->push_back(std::make_shared<tg::nn::Sigmoid>());
///     tg::Tensor y = model->forward(x);
class Sequential : public Module {
 public:
  Sequential() = default;
  /// From any number of modules of any types.
  template <typename M, typename... Ms>
  explicit Sequential(std::shared_ptr<M> first, std::shared_ptr<Ms>... rest) {
    push_back(std::move(first));
    (push_back(std::move(rest)), ...);
  }
  /// From a braced list: `Sequential({fc1, relu, fc2})`.
  Sequential(std::initializer_list<std::shared_ptr<Module>> modules);
  /// From a vector built at run time.
  explicit Sequential(const std::vector<std::shared_ptr<Module>>& modules);

  /// Appends a module named after its position ("3").
  void push_back(std::shared_ptr<Module> module);
  /// Appends a module under a name of your choice; indexing still counts it.
  void push_back(const std::string& name, std::shared_ptr<Module> module);

  /// Feeds `input` through every module in order. Throws on an empty Sequential (as LibTorch).
  Tensor forward(const Tensor& input) override;

  /// The module at `index`; throws tapegrad::Error when out of range.
  std::shared_ptr<Module> operator[](std::size_t index) const;
  std::shared_ptr<Module> at(std::size_t index) const;
  /// The module at `index` as its concrete type: `seq.at<tg::nn::Linear>(0)->weight`.
  /// Throws tapegrad::Error when the module is not an M.
  template <typename M>
  std::shared_ptr<M> at(std::size_t index) const {
    auto typed = std::dynamic_pointer_cast<M>(at(index));
    TG_CHECK(typed != nullptr, "Sequential", "module ", index, " is a ", at(index)->name(), ", not the requested type");
    return typed;
  }
  std::size_t size() const { return modules_.size(); }  ///< number of modules
  bool is_empty() const { return modules_.empty(); }    ///< true when size() == 0
  /// Iterates over the modules in order.
  std::vector<std::shared_ptr<Module>>::const_iterator begin() const { return modules_.begin(); }
  std::vector<std::shared_ptr<Module>>::const_iterator end() const { return modules_.end(); }

 private:
  std::vector<std::shared_ptr<Module>> modules_;
};

}  // namespace tapegrad::nn
