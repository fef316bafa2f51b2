#include <tapegrad/autograd/function.hpp>

#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/node_impl.hpp>
#include <tapegrad/autograd/tensor_impl.hpp>

#include "object_pool.hpp"

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

namespace {

Tensor record_node(const char* name, Tensor result, const Tensor* inputs, std::size_t count, BackwardFn& backward,
                   std::initializer_list<Tensor> saved, const char* location) {
  if (!is_grad_enabled()) return result;
  bool any = false;
  for (std::size_t i = 0; i < count && !any; ++i) any = inputs[i].defined() && inputs[i].requires_grad();
  if (!any) return result;
  TG_CHECK(result.defined(), name, "recorded an undefined result");
  auto& impl = *result.impl();
  TG_CHECK(!impl.grad_fn && !impl.requires_grad, name,
           "the result passed to autograd::record is already part of a graph (return a fresh tensor)");
  detail::NodeList<detail::Edge> edges(count);
  for (std::size_t i = 0; i < count; ++i)
    if (inputs[i].defined() && inputs[i].requires_grad()) edges[i] = detail::edge_to(inputs[i]);
  detail::NodeList<detail::SavedTensor> versions;
  versions.reserve(saved.size());
  for (const Tensor& t : saved)
    if (t.defined())
      versions.push_back({t, t.impl()->storage->version, t.impl()->grad_fn ? t.impl()->grad_fn->name : nullptr});
  impl.grad_fn = detail::make_pooled<detail::Node>(name, std::move(edges), std::move(backward), std::move(versions));
  impl.grad_fn->output = result.impl();
  impl.grad_fn->location = location;
  return result;
}

}  // namespace

Tensor record(const char* name, Tensor result, std::initializer_list<Tensor> inputs, BackwardFn backward,
              std::initializer_list<Tensor> saved, const char* location) {
  return record_node(name, std::move(result), inputs.begin(), inputs.size(), backward, saved, location);
}

Tensor record(const char* name, Tensor result, const std::vector<Tensor>& inputs, BackwardFn backward,
              std::initializer_list<Tensor> saved, const char* location) {
  return record_node(name, std::move(result), inputs.data(), inputs.size(), backward, saved, location);
}

SavedOutput::SavedOutput(const Tensor& result)
    : data_(result.detach()), node_(detail::make_pooled<std::weak_ptr<detail::Node>>()) {}

void SavedOutput::bind(const Tensor& recorded) const {
  if (recorded.defined()) *node_ = recorded.impl()->grad_fn;
}

Tensor SavedOutput::get() const {
  std::shared_ptr<detail::Node> node = node_->lock();
  if (!is_grad_enabled() || !node) return data_;
  Tensor attached = data_.detach();
  attached.impl()->grad_fn = std::move(node);
  return attached;
}

std::uint64_t tape_position() { return detail::next_node_sequence(); }

Tensor name_result(Tensor result, const char* name, std::uint64_t since) {
  if (result.defined() && result.impl()->grad_fn && result.impl()->grad_fn->sequence >= since)
    result.impl()->grad_fn->name = name;
  return result;
}

}  // namespace tapegrad::autograd
