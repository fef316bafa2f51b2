#include <tapegrad/autograd/backward.hpp>

#include <tapegrad/autograd/anomaly_mode.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
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

// Node* -> its position in the run's node list: open addressing with linear probing, in a table
// the thread reuses from run to run (an unordered_map allocated a bucket per node, every run).
class NodeIndex {
 public:
  /// Adds `node` at `position` unless it is there already; true if it was added.
  bool insert(const Node* node, std::size_t position) {
    if ((used_.size() + 1) * 2 > slots_.size()) grow();
    std::size_t at = home(node);
    while (slots_[at].node) {
      if (slots_[at].node == node) return false;
      at = (at + 1) & mask_;
    }
    slots_[at] = {node, position};
    used_.push_back(at);
    return true;
  }
  /// The position of a node that insert() added.
  std::size_t& at(const Node* node) {
    std::size_t at = home(node);
    while (slots_[at].node != node) at = (at + 1) & mask_;
    return slots_[at].position;
  }
  /// Empties the table, keeping its memory unless a huge graph left it large.
  void clear() {
    if (slots_.size() > kKeepSlots) {
      slots_ = {};
      used_ = {};
      mask_ = 0;
      shift_ = 64;
      return;
    }
    for (std::size_t at : used_) slots_[at].node = nullptr;
    used_.clear();
  }

 private:
  static constexpr std::size_t kKeepSlots = std::size_t{1} << 16;
  struct Slot {
    const Node* node;
    std::size_t position;
  };
  std::size_t home(const Node* node) const {
    return static_cast<std::size_t>((reinterpret_cast<std::uintptr_t>(node) * 0x9E3779B97F4A7C15ull) >> shift_);
  }
  void grow() {
    std::vector<Slot> old;
    old.reserve(used_.size());
    for (std::size_t at : used_) old.push_back(slots_[at]);
    const std::size_t size = slots_.empty() ? 64 : slots_.size() * 2;
    slots_.assign(size, Slot{nullptr, 0});
    mask_ = size - 1;
    shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(size));
    used_.clear();
    for (const Slot& slot : old) insert(slot.node, slot.position);
  }
  std::vector<Slot> slots_;
  std::vector<std::size_t> used_;  // occupied slots, so that clear() costs what the run used
  std::size_t mask_ = 0;
  unsigned shift_ = 64;
};

// What a backward run works in. Each thread keeps its spares and reuses their memory run after
// run; a backward started inside another (from a hook or a custom Function's backward) takes a
// fresh one, so reentrant runs never share state.
struct WorkArea {
  std::vector<Node*> nodes;  // newest first; the roots and the edges between them own the nodes
  NodeIndex index;
  std::vector<Node*> stack;
  std::vector<Tensor> pending;
  std::vector<char> ran;  // the node's backward was called in this run
  std::vector<char> needed;
  std::vector<char> leads;
  std::vector<std::pair<std::shared_ptr<TensorImpl>, Tensor>> leaves;
  std::unordered_map<const TensorImpl*, std::size_t> leaf_index;
  std::vector<std::pair<std::shared_ptr<TensorImpl>, Tensor>> retained;

  void clear() {
    nodes.clear();
    index.clear();
    stack.clear();
    pending.clear();
    ran.clear();
    needed.clear();
    leads.clear();
    leaves.clear();
    leaf_index.clear();
    retained.clear();
    // a run over a huge graph should not pin its memory for the rest of the thread's life
    if (nodes.capacity() > kKeep) {
      nodes = {};
      stack = {};
      pending = {};
      ran = {};
      needed = {};
      leads = {};
    }
  }
  static constexpr std::size_t kKeep = std::size_t{1} << 15;
};

class WorkAreaLease {
 public:
  WorkAreaLease() {
    auto& free = spares();
    if (free.empty()) {
      area_ = std::make_unique<WorkArea>();
    } else {
      area_ = std::move(free.back());
      free.pop_back();
    }
  }
  ~WorkAreaLease() {
    area_->clear();
    auto& free = spares();
    if (free.size() < kMaxSpares) free.push_back(std::move(area_));
  }
  WorkAreaLease(const WorkAreaLease&) = delete;
  WorkAreaLease& operator=(const WorkAreaLease&) = delete;
  WorkArea& operator*() const { return *area_; }

 private:
  static constexpr std::size_t kMaxSpares = 4;
  static std::vector<std::unique_ptr<WorkArea>>& spares() {
    thread_local std::vector<std::unique_ptr<WorkArea>> free;
    return free;
  }
  std::unique_ptr<WorkArea> area_;
};

// One backward pass. Everything it computes (gradients in flight, leaf gradients, retained
// gradients) belongs to the run and reaches the graph and the leaves only once every node has
// succeeded: a backward that throws midway leaves grad() and the graph exactly as they were.
class Engine {
 public:
  Engine(bool retain_graph, bool create_graph)
      : retain_graph_(retain_graph), create_graph_(create_graph), w_(*lease_) {}

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
    // The roots' nodes are held for the run: a hook may rewrite a root's history in place.
    std::vector<std::shared_ptr<Node>> root_nodes;
    root_nodes.reserve(roots.size());
    for (const Tensor& root : roots) root_nodes.push_back(root.impl()->grad_fn);
    collect(root_nodes);
    if (capturing_) mark_needed();
    for (std::size_t i = 0; i < roots.size(); ++i) deliver_root(roots[i], root_grads[i]);
    for (std::size_t i = 0; i < w_.nodes.size(); ++i) {
      Node& node = *w_.nodes[i];
      Tensor g = std::move(w_.pending[i]);
      w_.pending[i] = Tensor();
      if (!g.defined()) continue;
      std::shared_ptr<TensorImpl> output = node.output.lock();
      if (output) g = run_hooks(*output, std::move(g));
      if (capturing_) {
        auto it = captured_nodes_.find(&node);
        if (it != captured_nodes_.end()) accumulate(it->second, g, create_graph_);
      } else if (output && output->retains_grad) {
        w_.retained.emplace_back(output, g);
      }
      if (capturing_ && !w_.needed[i]) continue;
      if (node.released) throw Error(kFreedGraph);  // only a node that must run needs what it freed
      node.check_saved_versions();
      w_.ran[i] = 1;
      detail::GradList grads = node.backward(g);
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
  // Every node reachable from the roots, in a reverse topological order (newest first, since a
  // node is created after the nodes of its inputs). The order of discovery usually is one already
  // (a chain, a tree); otherwise it is sorted. Iterative: graphs may be 10^5 deep.
  void collect(const std::vector<std::shared_ptr<Node>>& root_nodes) {
    auto discover = [&](Node* node) {
      if (!w_.index.insert(node, w_.nodes.size())) return;
      w_.nodes.push_back(node);
      w_.stack.push_back(node);
    };
    for (const auto& node : root_nodes)
      if (node) discover(node.get());
    while (!w_.stack.empty()) {
      Node* node = w_.stack.back();
      w_.stack.pop_back();
      for (const Edge& edge : node->edges)
        if (edge.node) discover(edge.node.get());
    }
    auto newer = [](const Node* a, const Node* b) { return a->sequence > b->sequence; };
    if (!std::is_sorted(w_.nodes.begin(), w_.nodes.end(), newer)) {
      std::sort(w_.nodes.begin(), w_.nodes.end(), newer);
      for (std::size_t i = 0; i < w_.nodes.size(); ++i) w_.index.at(w_.nodes[i]) = i;
    }
    w_.pending.resize(w_.nodes.size());
    w_.ran.assign(w_.nodes.size(), 0);
  }

  // backward() runs every node. autograd::grad runs only the nodes with a path to a requested
  // input; walking oldest first, each node's inputs are decided before the node itself.
  void mark_needed() {
    std::vector<char>& needed = w_.needed;
    std::vector<char>& leads = w_.leads;  // the node is captured or lies on a path to one
    needed.assign(w_.nodes.size(), 0);
    leads.assign(w_.nodes.size(), 0);
    for (std::size_t i = w_.nodes.size(); i-- > 0;) {
      const Node& node = *w_.nodes[i];
      for (const Edge& edge : node.edges) {
        if (edge.leaf && captured_leaves_.count(edge.leaf.get())) needed[i] = 1;
        if (edge.node && leads[w_.index.at(edge.node.get())]) needed[i] = 1;
      }
      leads[i] = needed[i] || captured_nodes_.count(&node);
    }
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
      accumulate(w_.pending[w_.index.at(edge.node.get())], g, create_graph_);
    } else if (capturing_) {
      auto it = captured_leaves_.find(edge.leaf.get());
      if (it != captured_leaves_.end()) accumulate(it->second, g, create_graph_);
    } else {
      accumulate(leaf_slot(edge.leaf), g, create_graph_);
    }
  }

  // Anomaly mode: the first node whose gradient holds a NaN or an infinity is the culprit.
  static void check_finite(const Node& node, const detail::GradList& grads) {
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
    if (w_.leaves.size() < 32) {
      for (auto& [known, g] : w_.leaves)
        if (known == leaf) return g;
    } else {
      if (w_.leaf_index.empty())
        for (std::size_t i = 0; i < w_.leaves.size(); ++i) w_.leaf_index.emplace(w_.leaves[i].first.get(), i);
      auto it = w_.leaf_index.find(leaf.get());
      if (it != w_.leaf_index.end()) return w_.leaves[it->second].second;
      w_.leaf_index.emplace(leaf.get(), w_.leaves.size());
    }
    w_.leaves.emplace_back(leaf, Tensor());
    return w_.leaves.back().second;
  }

  // The run succeeded: hand the gradients over and free what the graph no longer needs. A grad()
  // that cannot take its gradient (the user assigned one of another shape or dtype) throws before
  // any grad() changes.
  void commit() {
    for (auto& [impl, g] : w_.leaves) g = run_hooks(*impl, std::move(g));
    for (const auto& [impl, g] : w_.leaves) check_grad_slot(*impl, g);
    for (const auto& [impl, g] : w_.retained) check_grad_slot(*impl, g);
    for (auto& [leaf, g] : w_.leaves) add_into_grad(leaf->grad, g, create_graph_);
    for (auto& [output, g] : w_.retained) add_into_grad(output->grad, g, create_graph_);
    if (retain_graph_) return;
    // Only the nodes that ran: a node autograd::grad pruned, or one no gradient reached, keeps its
    // saved tensors for another backward (as in LibTorch).
    for (std::size_t i = 0; i < w_.nodes.size(); ++i) {
      if (!w_.ran[i]) continue;
      Node* node = w_.nodes[i];
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
  WorkAreaLease lease_;
  WorkArea& w_;
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
