#include <tapegrad/nn/sequential.hpp>

namespace tapegrad::nn {

Sequential::Sequential(std::initializer_list<std::shared_ptr<Module>> modules) {
  for (const auto& module : modules) push_back(module);
}

Sequential::Sequential(const std::vector<std::shared_ptr<Module>>& modules) {
  for (const auto& module : modules) push_back(module);
}

void Sequential::push_back(std::shared_ptr<Module> module) {
  push_back(std::to_string(modules_.size()), std::move(module));
}

void Sequential::push_back(const std::string& name, std::shared_ptr<Module> module) {
  TG_CHECK(module != nullptr, "Sequential", "cannot add a null module (position ", modules_.size(), ")");
  register_module(name, module);
  modules_.push_back(std::move(module));
}

Tensor Sequential::forward(const Tensor& input) {
  TG_CHECK(!modules_.empty(), "Sequential", "forward() called on an empty Sequential");
  Tensor x = input;
  for (const auto& module : modules_) x = module->forward(x);
  return x;
}

std::shared_ptr<Module> Sequential::at(std::size_t index) const {
  TG_CHECK(index < modules_.size(), "Sequential", "index ", index, " is out of range for ", modules_.size(),
           " modules");
  return modules_[index];
}

std::shared_ptr<Module> Sequential::operator[](std::size_t index) const { return at(index); }

}  // namespace tapegrad::nn
