#include <tapegrad/autograd/backward.hpp>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/reduction.hpp>
#include <tapegrad/autograd/tensor_impl.hpp>

namespace tapegrad::autograd {

namespace {

using detail::Node;
using detail::TensorImpl;

constexpr const char* kFreedGraph =
    "backward: trying to backward through the graph a second time (its saved tensors were "
    "freed by the first backward); pass retain_graph=true to the first backward if you need to";

// sum = sum + g. In place when nobody else can see `sum` (the tape's own buffer), otherwise
// out of place, and always out of place (recorded) when building a graph of the gradients.
void accumulate(Tensor& sum, const Tensor& g, bool create_graph) {
  if (!sum.defined()) {
    sum = g;
    return;
  }
  if (!create_graph && sum.impl().use_count() == 1 && sum.impl()->storage.use_count() == 1 && !sum.requires_grad()) {
    sum.add_(g);
  } else {
    sum = add(sum, g);
  }
}

// A gradient handed to a leaf's .grad must not alias a tensor the op may hand to someone else
// (add's backward returns the same gradient for both inputs), since .grad is accumulated in place.
Tensor own(const Tensor& g, bool create_graph) {
  if (create_graph) return g;
  if (g.impl().use_count() == 1 && g.impl()->storage.use_count() == 1 && !g.requires_grad()) return g;
  return g.clone();
}

struct Engine {
  bool retain_graph;
  bool create_graph;
  // For autograd::grad: gradients are collected here instead of into .grad.
  std::unordered_map<const TensorImpl*, Tensor>* captured = nullptr;

  void deliver_to_leaf(const Tensor& leaf, const Tensor& g) {
    TensorImpl& impl = *leaf.impl();
    if (captured) {
      auto it = captured->find(&impl);
      if (it != captured->end()) accumulate(it->second, g, create_graph);
      return;
    }
    if (!impl.grad.defined()) {
      impl.grad = own(g, create_graph);
    } else if (create_graph) {
      impl.grad = add(impl.grad, g);
    } else {
      impl.grad.add_(g);
    }
  }

  void deliver(const Tensor& input, Tensor g, const char* op) {
    TensorImpl& impl = *input.impl();
    if (g.impl()->shape != impl.shape) g = sum_to(g, input.shape());
    TG_CHECK(g.dtype() == impl.dtype, op, "backward produced a ", dtype_name(g.dtype()), " gradient for a ",
             dtype_name(impl.dtype), " input");
    if (impl.grad_fn) {
      accumulate(impl.grad_fn->pending_grad, g, create_graph);
    } else if (impl.requires_grad) {
      deliver_to_leaf(input, g);
    }
  }

  void run(const std::vector<Tensor>& roots, const std::vector<Tensor>& root_grads) {
    // Collect every node reachable from the roots (iteratively: graphs may be 10^5 deep).
    std::vector<std::shared_ptr<Node>> nodes;
    std::unordered_set<const Node*> seen;
    std::vector<std::shared_ptr<Node>> stack;
    for (const Tensor& root : roots)
      if (root.impl()->grad_fn && seen.insert(root.impl()->grad_fn.get()).second) stack.push_back(root.impl()->grad_fn);
    while (!stack.empty()) {
      std::shared_ptr<Node> node = std::move(stack.back());
      stack.pop_back();
      if (node->released) throw Error(kFreedGraph);
      for (const Tensor& input : node->inputs) {
        const auto& fn = input.impl()->grad_fn;
        if (fn && seen.insert(fn.get()).second) stack.push_back(fn);
      }
      nodes.push_back(std::move(node));
    }
    // Newest first is a reverse topological order: a node is created after its inputs' nodes.
    std::sort(nodes.begin(), nodes.end(), [](const auto& a, const auto& b) { return a->sequence > b->sequence; });

    for (std::size_t i = 0; i < roots.size(); ++i) deliver(roots[i], root_grads[i], "backward");

    for (const std::shared_ptr<Node>& node : nodes) {
      Tensor g = std::move(node->pending_grad);
      node->pending_grad = Tensor();
      if (g.defined()) {
        if (auto output = node->output.lock()) {
          if (captured) {
            auto it = captured->find(output.get());
            if (it != captured->end()) accumulate(it->second, g, create_graph);
          } else if (output->retains_grad) {
            if (!output->grad.defined())
              output->grad = create_graph ? g : g.clone();
            else if (create_graph)
              output->grad = add(output->grad, g);
            else
              output->grad.add_(g);
          }
        }
        std::vector<Tensor> grads = node->backward(g);
        TG_CHECK(grads.size() == node->inputs.size(), node->name, "backward returned ", grads.size(), " gradients for ",
                 node->inputs.size(), " inputs");
        for (std::size_t k = 0; k < grads.size(); ++k) {
          const Tensor& input = node->inputs[k];
          if (grads[k].defined() && input.requires_grad()) deliver(input, std::move(grads[k]), node->name);
        }
      }
      if (!retain_graph) {
        node->released = true;
        node->backward = nullptr;  // frees the saved tensors
      }
    }
  }
};

void check_roots(const std::vector<Tensor>& outputs, const std::vector<Tensor>& grad_outputs,
                 std::vector<Tensor>& seeds) {
  TG_CHECK(grad_outputs.empty() || grad_outputs.size() == outputs.size(), "backward", "got ", grad_outputs.size(),
           " gradients for ", outputs.size(), " outputs");
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const Tensor& out = outputs[i];
    TG_CHECK(out.defined(), "backward", "output ", i, " is an undefined tensor");
    TG_CHECK(out.requires_grad(), "backward", "element ", i,
             " of tensors does not require grad and does not have a grad_fn");
    Tensor g = grad_outputs.empty() ? Tensor() : grad_outputs[i];
    if (!g.defined()) {
      TG_CHECK(out.numel() == 1, "backward",
               "grad can be implicitly created only for one-element "
               "outputs, but the output has shape ",
               shape_to_string(out.shape()), "; pass a gradient of that shape");
      g = ones_like(out);
    } else {
      TG_CHECK(g.shape() == out.shape(), "backward", "gradient has shape ", shape_to_string(g.shape()),
               " but the output has shape ", shape_to_string(out.shape()));
      TG_CHECK(g.dtype() == out.dtype(), "backward", "gradient is ", dtype_name(g.dtype()), " but the output is ",
               dtype_name(out.dtype()));
    }
    seeds.push_back(g);
  }
}

}  // namespace

void backward(const std::vector<Tensor>& outputs, const std::vector<Tensor>& grad_outputs,
              std::optional<bool> retain_graph, bool create_graph) {
  std::vector<Tensor> seeds;
  check_roots(outputs, grad_outputs, seeds);
  AutoGradMode mode(create_graph);
  Engine engine{retain_graph.value_or(create_graph), create_graph};
  engine.run(outputs, seeds);
}

std::vector<Tensor> grad(const std::vector<Tensor>& outputs, const std::vector<Tensor>& inputs,
                         const std::vector<Tensor>& grad_outputs, std::optional<bool> retain_graph, bool create_graph,
                         bool allow_unused) {
  std::vector<Tensor> seeds;
  check_roots(outputs, grad_outputs, seeds);
  std::unordered_map<const TensorImpl*, Tensor> captured;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    TG_CHECK(inputs[i].defined() && inputs[i].requires_grad(), "grad", "input ", i, " does not require grad");
    captured.emplace(inputs[i].impl().get(), Tensor());
  }
  {
    AutoGradMode mode(create_graph);
    Engine engine{retain_graph.value_or(create_graph), create_graph, &captured};
    engine.run(outputs, seeds);
  }
  std::vector<Tensor> result;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    Tensor g = captured.at(inputs[i].impl().get());
    TG_CHECK(g.defined() || allow_unused, "grad", "input ", i,
             " was not used in the graph of the outputs; pass allow_unused=true if this is intended");
    result.push_back(g);
  }
  return result;
}

}  // namespace tapegrad::autograd
