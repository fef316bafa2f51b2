#include <tapegrad/autograd/backward.hpp>

#include <tapegrad/autograd/anomaly_mode.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/node_impl.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/reduction.hpp>
#include <tapegrad/autograd/tensor_impl.hpp>

namespace tapegrad::autograd {

namespace {

using detail::Edge;
using detail::Node;
using detail::TensorImpl;

constexpr const char* kFreedGraph =
    "backward: trying to backward through the graph a second time (its saved tensors were "
    "freed by the first backward); pass retain_graph=true to the first backward if you need to";

// True for a buffer only this run can see, laid out so that writing it in place is an ordinary
// elementwise update (an expanded gradient, stride 0, is not: its elements share memory).
bool unshared(const Tensor& t) {
  return t.impl().use_count() == 1 && t.impl()->storage.use_count() == 1 && !t.requires_grad() && t.impl()->contiguous;
}

// sum = sum + g. In place when nobody else can see `sum` (the run's own buffer), otherwise out
// of place, and always out of place (recorded) when building a graph of the gradients.
void accumulate(Tensor& sum, const Tensor& g, bool create_graph) {
  if (!sum.defined()) {
    sum = g;
  } else if (!create_graph && unshared(sum)) {
    sum.add_(g);
  } else {
    sum = add(sum, g);
  }
}

// Gradients go into a user-visible grad() that later backward runs add to in place, so it must
// own its buffer (add's backward hands the same tensor to both inputs) and be contiguous.
Tensor owned(const Tensor& g, bool create_graph) {
  if (create_graph) return g;
  if (unshared(g) && g.impl()->contiguous) return g;
  return g.clone();
}

void add_into_grad(Tensor& slot, const Tensor& g, bool create_graph) {
  if (!slot.defined())
    slot = owned(g, create_graph);
  else if (create_graph)
    slot = add(slot, g);
  else
    slot.add_(g);
}

// Tensor::register_hook: each hook sees the gradient so far and may replace it (same shape and
// dtype, as LibTorch checks). A copy of the list, so that a hook may remove itself.
Tensor run_hooks(const TensorImpl& impl, Tensor g) {
  if (impl.hooks.empty()) return g;
  auto hooks = impl.hooks;
  for (auto& entry : hooks) {
    Tensor replaced = entry.second(g);
    if (!replaced.defined()) continue;
    TG_CHECK(replaced.shape() == g.shape() && replaced.dtype() == g.dtype(), "register_hook",
             "a hook changed the gradient from ", dtype_name(g.dtype()), " ", shape_to_string(g.shape()), " to ",
             dtype_name(replaced.dtype()), " ", shape_to_string(replaced.shape()), "; it must keep both");
    g = replaced;
  }
  return g;
}

// One backward pass. Everything it computes (gradients in flight, leaf gradients, retained
// gradients) belongs to the run and reaches the graph and the leaves only once every node has
// succeeded: a backward that throws midway leaves grad() and the graph exactly as they were.
class Engine {
 public:
  Engine(bool retain_graph, bool create_graph) : retain_graph_(retain_graph), create_graph_(create_graph) {}

  /// For autograd::grad: collect the gradients of these tensors instead of filling grad().
  void capture(const std::vector<Tensor>& inputs) {
    capturing_ = true;
    for (const Tensor& input : inputs) {
      const TensorImpl& impl = *input.impl();
      if (impl.grad_fn)
        captured_nodes_.emplace(impl.grad_fn.get(), Tensor());
      else
        captured_leaves_.emplace(&impl, Tensor());
    }
  }

  Tensor captured(const Tensor& input) const {
    const TensorImpl& impl = *input.impl();
    if (impl.grad_fn) return captured_nodes_.at(impl.grad_fn.get());
    return captured_leaves_.at(&impl);
  }

  void run(const std::vector<Tensor>& roots, const std::vector<Tensor>& root_grads) {
    collect(roots);
    std::vector<char> needed = needed_nodes();
    for (std::size_t i = 0; i < roots.size(); ++i) deliver_root(roots[i], root_grads[i]);
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      Node& node = *nodes_[i];
      Tensor g = std::move(pending_[i]);
      pending_[i] = Tensor();
      if (!g.defined()) continue;
      std::shared_ptr<TensorImpl> output = node.output.lock();
      if (output) g = run_hooks(*output, std::move(g));
      if (capturing_) {
        auto it = captured_nodes_.find(&node);
        if (it != captured_nodes_.end()) accumulate(it->second, g, create_graph_);
      } else if (output && output->retains_grad) {
        retained_.emplace_back(output, g);
      }
      if (!needed[i]) continue;
      if (node.released) throw Error(kFreedGraph);  // only a node that must run needs what it freed
      node.check_saved_versions();
      ran_[i] = 1;
      std::vector<Tensor> grads = node.backward(g);
      TG_CHECK(grads.size() == node.edges.size(), node.name, "backward returned ", grads.size(), " gradients for ",
               node.edges.size(), " inputs");
      if (AnomalyMode::is_enabled()) check_finite(node, grads);
      for (std::size_t k = 0; k < grads.size(); ++k)
        if (grads[k].defined() && node.edges[k].defined()) deliver(node.edges[k], std::move(grads[k]), node.name);
    }
    if (capturing_)
      for (auto& [leaf, g] : captured_leaves_)
        if (g.defined()) g = run_hooks(*leaf, std::move(g));
    commit();
  }

 private:
  // Every node reachable from the roots, newest first: a reverse topological order, since a
  // node is created after the nodes of its inputs. Iterative: graphs may be 10^5 deep.
  void collect(const std::vector<Tensor>& roots) {
    std::vector<std::shared_ptr<Node>> stack;
    for (const Tensor& root : roots)
      if (root.impl()->grad_fn && index_.emplace(root.impl()->grad_fn.get(), 0).second)
        stack.push_back(root.impl()->grad_fn);
    while (!stack.empty()) {
      std::shared_ptr<Node> node = std::move(stack.back());
      stack.pop_back();
      for (const Edge& edge : node->edges)
        if (edge.node && index_.emplace(edge.node.get(), 0).second) stack.push_back(edge.node);
      nodes_.push_back(std::move(node));
    }
    std::sort(nodes_.begin(), nodes_.end(), [](const auto& a, const auto& b) { return a->sequence > b->sequence; });
    for (std::size_t i = 0; i < nodes_.size(); ++i) index_[nodes_[i].get()] = i;
    pending_.resize(nodes_.size());
    ran_.assign(nodes_.size(), 0);
  }

  // backward() runs every node. autograd::grad runs only the nodes with a path to a requested
  // input; walking oldest first, each node's inputs are decided before the node itself.
  std::vector<char> needed_nodes() const {
    std::vector<char> needed(nodes_.size(), capturing_ ? 0 : 1);
    if (!capturing_) return needed;
    std::vector<char> leads(nodes_.size(), 0);  // the node is captured or lies on a path to one
    for (std::size_t i = nodes_.size(); i-- > 0;) {
      const Node& node = *nodes_[i];
      for (const Edge& edge : node.edges) {
        if (edge.leaf && captured_leaves_.count(edge.leaf.get())) needed[i] = 1;
        if (edge.node && leads[index_.at(edge.node.get())]) needed[i] = 1;
      }
      leads[i] = needed[i] || captured_nodes_.count(&node);
    }
    return needed;
  }

  void deliver_root(const Tensor& root, const Tensor& g) { deliver(detail::edge_to(root), g, "backward"); }

  void deliver(const Edge& edge, Tensor g, const char* op) {
    if (g.impl()->shape != edge.shape) {
      const Shape shape = detail::to_shape(edge.shape);
      TG_CHECK(broadcastable_to(shape, g.shape()), op, "backward produced a gradient of shape ",
               shape_to_string(g.shape()), " for an input of shape ", shape_to_string(shape),
               " (a gradient has the input's shape or broadcasts from it)");
      g = sum_to(g, shape);
    }
    // An op that promoted its operands (float32 * float64) returns gradients in the promoted dtype:
    // each is cast back to its input's, as PyTorch's engine does.
    if (g.dtype() != edge.dtype && g.is_floating_point() && is_floating_point(edge.dtype)) g = g.to(edge.dtype);
    TG_CHECK(g.dtype() == edge.dtype, op, "backward produced a ", dtype_name(g.dtype()), " gradient for a ",
             dtype_name(edge.dtype), " input");
    if (edge.node) {
      accumulate(pending_[index_.at(edge.node.get())], g, create_graph_);
    } else if (capturing_) {
      auto it = captured_leaves_.find(edge.leaf.get());
      if (it != captured_leaves_.end()) accumulate(it->second, g, create_graph_);
    } else {
      accumulate(leaf_slot(edge.leaf), g, create_graph_);
    }
  }

  // Anomaly mode: the first node whose gradient holds a NaN or an infinity is the culprit.
  static void check_finite(const Node& node, const std::vector<Tensor>& grads) {
    for (std::size_t k = 0; k < grads.size(); ++k) {
      if (!grads[k].defined() || !grads[k].is_floating_point()) continue;
      Tensor g = detail::dense(grads[k]);
      const char* bad = detail::dispatch_floating(g.dtype(), node.name, [&](auto tag) -> const char* {
        using T = decltype(tag);
        const T* p = g.impl()->data<T>();
        for (std::size_t i = 0; i < g.impl()->numel(); ++i) {
          if (std::isnan(p[i])) return "nan";
          if (std::isinf(p[i])) return "inf";
        }
        return nullptr;
      });
      if (!bad) continue;
      std::string where = node.location ? std::string(", recorded at ") + node.location : std::string();
      throw Error(std::string("backward: Function '") + node.name + "' (node " + std::to_string(node.sequence) + where +
                  ") returned " + bad + " values in its " + std::to_string(k) + "th output");
    }
  }

  // A graph has few leaves per run (the parameters): a linear scan beats hashing until it has many.
  Tensor& leaf_slot(const std::shared_ptr<TensorImpl>& leaf) {
    if (leaves_.size() < 32) {
      for (auto& [known, g] : leaves_)
        if (known == leaf) return g;
    } else {
      if (leaf_index_.empty())
        for (std::size_t i = 0; i < leaves_.size(); ++i) leaf_index_.emplace(leaves_[i].first.get(), i);
      auto it = leaf_index_.find(leaf.get());
      if (it != leaf_index_.end()) return leaves_[it->second].second;
      leaf_index_.emplace(leaf.get(), leaves_.size());
    }
    leaves_.emplace_back(leaf, Tensor());
    return leaves_.back().second;
  }

  // The run succeeded: hand the gradients over and free what the graph no longer needs. A grad()
  // that cannot take its gradient (the user assigned one of another shape or dtype) throws before
  // any grad() changes.
  void commit() {
    for (auto& [impl, g] : leaves_) g = run_hooks(*impl, std::move(g));
    for (const auto& [impl, g] : leaves_) check_grad_slot(*impl, g);
    for (const auto& [impl, g] : retained_) check_grad_slot(*impl, g);
    for (auto& [leaf, g] : leaves_) add_into_grad(leaf->grad, g, create_graph_);
    for (auto& [output, g] : retained_) add_into_grad(output->grad, g, create_graph_);
    if (retain_graph_) return;
    // Only the nodes that ran: a node autograd::grad pruned, or one no gradient reached, keeps its
    // saved tensors for another backward (as in LibTorch).
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      if (!ran_[i]) continue;
      Node* node = nodes_[i].get();
      node->released = true;
      node->backward = nullptr;  // frees the closure's captures
      node->saved.clear();
    }
  }

  static void check_grad_slot(const TensorImpl& impl, const Tensor& g) {
    const Tensor& slot = impl.grad;
    if (!slot.defined()) return;
    TG_CHECK(slot.impl()->shape == g.impl()->shape && slot.dtype() == g.dtype(), "backward", "grad() holds a ",
             dtype_name(slot.dtype()), " ", shape_to_string(slot.shape()), " tensor, but the gradient is ",
             dtype_name(g.dtype()), " ", shape_to_string(g.shape()),
             " (the tensor's own shape and dtype); reset it with mutable_grad() = Tensor()");
  }

  bool retain_graph_, create_graph_;
  bool capturing_ = false;
  std::vector<std::shared_ptr<Node>> nodes_;
  std::unordered_map<const Node*, std::size_t> index_;
  std::vector<Tensor> pending_;
  std::vector<char> ran_;  // the node's backward was called in this run
  std::vector<std::pair<std::shared_ptr<TensorImpl>, Tensor>> leaves_;
  std::unordered_map<const TensorImpl*, std::size_t> leaf_index_;
  std::vector<std::pair<std::shared_ptr<TensorImpl>, Tensor>> retained_;
  std::unordered_map<const Node*, Tensor> captured_nodes_;
  std::unordered_map<const TensorImpl*, Tensor> captured_leaves_;
};

std::vector<Tensor> check_roots(const std::vector<Tensor>& outputs, const std::vector<Tensor>& grad_outputs) {
  TG_CHECK(grad_outputs.empty() || grad_outputs.size() == outputs.size(), "backward", "got ", grad_outputs.size(),
           " gradients for ", outputs.size(), " outputs");
  std::vector<Tensor> seeds;
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
  return seeds;
}

}  // namespace

void backward(const std::vector<Tensor>& outputs, const std::vector<Tensor>& grad_outputs,
              std::optional<bool> retain_graph, bool create_graph) {
  std::vector<Tensor> seeds = check_roots(outputs, grad_outputs);
  AutoGradMode mode(create_graph);
  Engine engine(retain_graph.value_or(create_graph), create_graph);
  engine.run(outputs, seeds);
}

std::vector<Tensor> grad(const std::vector<Tensor>& outputs, const std::vector<Tensor>& inputs,
                         const std::vector<Tensor>& grad_outputs, std::optional<bool> retain_graph, bool create_graph,
                         bool allow_unused) {
  TG_CHECK(!inputs.empty(), "grad", "grad requires one or more input tensors (got an empty inputs list)");
  std::vector<Tensor> seeds = check_roots(outputs, grad_outputs);
  for (std::size_t i = 0; i < inputs.size(); ++i)
    TG_CHECK(inputs[i].defined() && inputs[i].requires_grad(), "grad", "input ", i, " does not require grad");
  Engine engine(retain_graph.value_or(create_graph), create_graph);
  engine.capture(inputs);
  {
    AutoGradMode mode(create_graph);
    engine.run(outputs, seeds);
  }
  std::vector<Tensor> result;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    Tensor g = engine.captured(inputs[i]);
    TG_CHECK(g.defined() || allow_unused, "grad", "input ", i,
             " was not used in the graph of the outputs; pass allow_unused=true if this is intended");
    result.push_back(g);
  }
  return result;
}

}  // namespace tapegrad::autograd
