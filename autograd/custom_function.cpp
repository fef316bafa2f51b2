// torch::autograd::Function on top of autograd::record(). One output that needs a gradient is
// recorded directly. Several are joined through one flat "hub" tensor that the engine sees as a
// single-output node: each output's node places its gradient into the hub's layout, the engine
// sums them there, and the hub's backward splits them again for T::backward. Both steps are
// tensor ops, so a Function's backward differentiates again under create_graph.
#include <tapegrad/autograd/custom_function.hpp>

#include <cxxabi.h>

#include <cstdlib>
#include <mutex>
#include <unordered_map>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/node_impl.hpp>
#include <tapegrad/autograd/ops/shape.hpp>
#include <tapegrad/autograd/tensor_impl.hpp>

namespace tapegrad::autograd {

namespace detail {

// A saved tensor: an input (kept as it is) or an output (kept as data, reattached to its node
// on use, since the output's node owns this context and holding the output would be a cycle).
struct SavedVariable {
  Tensor tensor;
  std::optional<SavedOutput> output;
  Tensor get() const { return output ? output->get() : tensor; }
};

const char* custom_function_name(const std::type_info& type) {
  static std::mutex mutex;
  static std::unordered_map<const std::type_info*, std::string> names;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = names.find(&type);
  if (it == names.end()) {
    int status = 0;
    char* demangled = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
    std::string name = std::string("CppNode<") + (status == 0 && demangled ? demangled : type.name()) + ">";
    std::free(demangled);
    it = names.emplace(&type, std::move(name)).first;
  }
  return it->second.c_str();  // std::unordered_map never moves its elements
}

void prepare_custom_context(AutogradContext& ctx, const variable_list& inputs) {
  ctx.needs_input_grad_.clear();
  bool enabled = is_grad_enabled();
  for (const Tensor& t : inputs) ctx.needs_input_grad_.push_back(enabled && t.defined() && t.requires_grad());
}

namespace {

using tapegrad::detail::TensorImpl;

// T::backward's result checked as LibTorch checks it, then reduced to one gradient per tensor input.
variable_list input_grads(const char* name, variable_list grads, const std::vector<bool>& is_var) {
  std::size_t expected = is_var.size();
  if (grads.size() > expected) {
    bool extra_undefined = true;
    for (std::size_t i = expected; i < grads.size(); ++i) extra_undefined = extra_undefined && !grads[i].defined();
    if (extra_undefined) grads.resize(expected);
  }
  TG_CHECK(grads.size() == expected, name, "function backward returned an incorrect number of gradients (expected ",
           expected, ", got ", grads.size(), "): one per forward argument, undefined for non-tensor ones");
  variable_list out;
  for (std::size_t i = 0; i < expected; ++i) {
    if (is_var[i]) {
      out.push_back(grads[i]);
      continue;
    }
    TG_CHECK(!grads[i].defined(), name, "function backward returned a gradient that is defined at position ", i + 1,
             ", but the corresponding forward input was not a Variable");
  }
  return out;
}

bool should_record_any(const variable_list& inputs) {
  if (!is_grad_enabled()) return false;
  for (const Tensor& t : inputs)
    if (t.defined() && t.requires_grad()) return true;
  return false;
}

Tensor zeros_for(const Tensor& output) { return zeros(output.shape(), output.dtype()); }

}  // namespace

variable_list wrap_custom_outputs(const char* name, const std::shared_ptr<AutogradContext>& ctx,
                                  const variable_list& inputs, std::vector<bool> is_var, variable_list outputs,
                                  CustomBackward backward) {
  for (std::size_t k = 0; k < outputs.size(); ++k)
    TG_CHECK(outputs[k].defined(), name, "forward returned an undefined tensor as output ", k);
  if (!should_record_any(inputs)) return outputs;

  // Fresh handles on the outputs' data: an output may be an input returned as it is.
  variable_list wrapped;
  std::vector<std::size_t> differentiable;
  for (std::size_t k = 0; k < outputs.size(); ++k) {
    wrapped.push_back(outputs[k].detach());
    if (outputs[k].is_floating_point() && !ctx->non_differentiable_.count(outputs[k].impl().get()))
      differentiable.push_back(k);
  }

  // T::backward on the gradients of the differentiable outputs (zeros for the others).
  std::vector<Tensor> templates;
  for (const Tensor& out : wrapped) templates.push_back(out.detach());
  auto call_backward = [name, ctx, is_var = std::move(is_var), backward, templates,
                        differentiable](const variable_list& grads) {
    variable_list all(templates.size());
    for (std::size_t j = 0; j < differentiable.size(); ++j) all[differentiable[j]] = grads[j];
    for (std::size_t k = 0; k < all.size(); ++k)
      if (!all[k].defined()) all[k] = zeros_for(templates[k]);
    return input_grads(name, backward(ctx.get(), std::move(all)), is_var);
  };

  std::shared_ptr<tapegrad::detail::Node> main_node;
  std::vector<Tensor> recorded(wrapped);
  if (differentiable.size() == 1) {
    std::size_t k = differentiable[0];
    recorded[k] = record(name, wrapped[k], inputs, [call_backward](const Tensor& g) { return call_backward({g}); });
    main_node = recorded[k].impl()->grad_fn;
  } else if (!differentiable.empty()) {
    std::vector<std::int64_t> offsets;
    std::int64_t total = 0;
    Dtype hub_dtype = wrapped[differentiable[0]].dtype();
    for (std::size_t k : differentiable) {
      offsets.push_back(total);
      total += wrapped[k].numel();
    }
    Tensor hub = zeros({}, hub_dtype).expand({total});
    auto split = [call_backward, offsets, templates, differentiable](const Tensor& g) {
      variable_list grads;
      for (std::size_t j = 0; j < differentiable.size(); ++j) {
        const Tensor& like = templates[differentiable[j]];
        grads.push_back(g.narrow(0, offsets[j], like.numel()).reshape(like.shape()).to(like.dtype()));
      }
      return call_backward(grads);
    };
    hub = record(name, hub, inputs, split);
    main_node = hub.impl()->grad_fn;
    for (std::size_t j = 0; j < differentiable.size(); ++j) {
      std::size_t k = differentiable[j];
      std::int64_t offset = offsets[j], n = wrapped[k].numel();
      auto place = [offset, n, total, hub_dtype](const Tensor& g) {
        return variable_list{
            cat({zeros({offset}, hub_dtype), g.reshape({n}).to(hub_dtype), zeros({total - offset - n}, hub_dtype)})};
      };
      recorded[k] = record(name, wrapped[k], {hub}, place);
    }
  }

  // The saved tensors, with the versions they have now: backward refuses them if changed later.
  for (const Tensor& t : ctx->to_save_) {
    SavedVariable saved;
    for (std::size_t k = 0; k < outputs.size() && t.defined(); ++k)
      if (t.impl() == outputs[k].impl()) {
        saved.output.emplace(recorded[k]);
        saved.output->bind(recorded[k]);
      }
    if (!saved.output) saved.tensor = t;
    if (main_node && t.defined())
      main_node->saved.push_back({saved.output ? saved.output->data() : t, t.impl()->storage->version,
                                  t.impl()->grad_fn ? t.impl()->grad_fn->name : nullptr});
    ctx->saved_variables_.push_back(std::move(saved));
  }
  ctx->saved_ = true;
  ctx->to_save_.clear();
  return recorded;
}

}  // namespace detail

AutogradContext::AutogradContext() = default;
AutogradContext::~AutogradContext() = default;

void AutogradContext::save_for_backward(variable_list to_save) { to_save_ = std::move(to_save); }

variable_list AutogradContext::get_saved_variables() const {
  variable_list out;
  if (!saved_) return to_save_;  // still inside forward, or nothing needs a gradient
  for (const auto& saved : saved_variables_) out.push_back(saved.get());
  return out;
}

void AutogradContext::mark_non_differentiable(const variable_list& outputs) {
  for (const Tensor& t : outputs)
    if (t.defined()) non_differentiable_.insert(t.impl().get());
}

bool AutogradContext::needs_input_grad(std::size_t index) const {
  TG_CHECK(index < needs_input_grad_.size(), "needs_input_grad", "index ", index, " is out of range for ",
           needs_input_grad_.size(), " tensor inputs");
  return needs_input_grad_[index];
}

}  // namespace tapegrad::autograd
