#include <tapegrad/autograd/function.hpp>

#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/tensor_impl.hpp>

namespace tapegrad::autograd {

bool should_record(const Tensor& input) { return is_grad_enabled() && input.defined() && input.requires_grad(); }

bool should_record(const Tensor& a, const Tensor& b) {
  return is_grad_enabled() && ((a.defined() && a.requires_grad()) || (b.defined() && b.requires_grad()));
}

bool should_record(std::initializer_list<const Tensor*> inputs) {
  if (!is_grad_enabled()) return false;
  for (const Tensor* t : inputs)
    if (t->defined() && t->requires_grad()) return true;
  return false;
}

Tensor record(const char* name, Tensor result, std::vector<Tensor> inputs, BackwardFn backward) {
  bool any = false;
  for (const Tensor& t : inputs) any = any || (t.defined() && t.requires_grad());
  if (!is_grad_enabled() || !any) return result;
  TG_CHECK(result.defined(), name, "recorded an undefined result");
  auto& impl = *result.impl();
  TG_CHECK(!impl.grad_fn && !impl.requires_grad, name,
           "the result passed to autograd::record is already part of a graph (return a fresh tensor)");
  impl.grad_fn = std::make_shared<detail::Node>(name, std::move(inputs), std::move(backward));
  impl.grad_fn->output = result.impl();
  return result;
}

}  // namespace tapegrad::autograd
