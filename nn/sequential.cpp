#include <tapegrad/nn/sequential.hpp>

namespace tapegrad::nn {

void SequentialImpl::push_back(std::string name, AnyModule module) {
  TG_CHECK(!module.is_empty(), "Sequential", "cannot add an empty module (position ", modules_.size(), ")");
  register_module(name, module.ptr());
  modules_.push_back(std::move(module));
}

Tensor SequentialImpl::forward(const Tensor& input) {
  TG_CHECK(!modules_.empty(), "Sequential", "forward() called on an empty Sequential");
  Tensor x = input;
  for (const auto& module : modules_) x = module.forward(x);
  return x;
}

std::shared_ptr<Module> SequentialImpl::ptr(std::size_t index) const {
  TG_CHECK(index < modules_.size(), "Sequential", "index ", index, " is out of range for ", modules_.size(),
           " modules");
  return modules_[index].ptr();
}

std::shared_ptr<Module> SequentialImpl::clone() const {
  auto copy = std::make_shared<SequentialImpl>();
  const auto names = named_children();
  for (std::size_t i = 0; i < modules_.size(); ++i) copy->push_back(names[i].key(), modules_[i].clone());
  copy->train(is_training());
  return copy;
}

}  // namespace tapegrad::nn
