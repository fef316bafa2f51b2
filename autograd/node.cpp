#include <tapegrad/autograd/node_impl.hpp>

#include <atomic>

#include <tapegrad/autograd/tensor_impl.hpp>

#include "object_pool.hpp"

namespace tapegrad::detail {

namespace {
std::atomic<std::uint64_t> next_sequence{0};
std::atomic<std::int64_t> live_nodes{0};

// What a dying node owns that can own further nodes: its edges, its closure (which may capture
// tensors that have nodes) and its saved tensors.
struct NodeParts {
  NodeList<Edge> edges;
  BackwardFn backward;
  NodeList<SavedTensor> saved;
};

// Destroying a node's parts can destroy the next node, whose parts destroy the next, and so on:
// one stack frame per node. A node destroyed while another is being torn down on this thread
// hands its parts to this queue instead, and the outermost destructor empties it in a loop.
thread_local bool tearing_down = false;
thread_local std::vector<NodeParts> parts_to_free;
}  // namespace

std::int64_t live_node_count() { return live_nodes.load(); }
std::uint64_t next_node_sequence() { return next_sequence.load(std::memory_order_relaxed); }

Edge edge_to(const Tensor& t) {
  const TensorImpl& impl = *t.impl();
  Edge edge;
  if (impl.grad_fn)
    edge.node = impl.grad_fn;
  else
    edge.leaf = t.impl();
  edge.shape = impl.shape;
  edge.dtype = impl.dtype;
  return edge;
}

Node::Node(const char* op_name, NodeList<Edge> op_edges, BackwardFn fn, NodeList<SavedTensor> op_saved)
    : name(op_name),
      sequence(next_sequence.fetch_add(1, std::memory_order_relaxed)),
      edges(std::move(op_edges)),
      backward(std::move(fn)),
      saved(std::move(op_saved)) {
  live_nodes.fetch_add(1, std::memory_order_relaxed);
}

Node::~Node() {
  live_nodes.fetch_sub(1, std::memory_order_relaxed);
  NodeParts mine{std::move(edges), std::move(backward), std::move(saved)};
  if (tearing_down) {
    parts_to_free.push_back(std::move(mine));
    return;
  }
  tearing_down = true;
  { NodeParts freed_here = std::move(mine); }
  while (!parts_to_free.empty()) {
    NodeParts next = std::move(parts_to_free.back());
    parts_to_free.pop_back();
  }
  tearing_down = false;
}

void Node::check_saved_versions() const {
  for (std::size_t i = 0; i < saved.size(); ++i) {
    const TensorImpl& impl = *saved[i].tensor.impl();
    if (impl.storage->version == saved[i].version) continue;
    std::string producer = saved[i].producer ? std::string(", an output of ") + saved[i].producer : std::string();
    fail(name, "one of the variables needed for gradient computation has been modified by an in-place operation: the ",
         dtype_name(impl.dtype), " ", shape_to_string(impl.shape), " tensor saved by ", name, producer,
         ", is at version ", impl.storage->version, "; expected version ", saved[i].version,
         ". Use an out-of-place op, or clone() the tensor before changing it");
  }
}

}  // namespace tapegrad::detail

namespace tapegrad {

detail::GradList BackwardFn::operator()(const Tensor& grad_output) const {
  if (!ops_) detail::fail("backward", "the node has no backward rule (it was released by an earlier backward)");
  // storage_ is mutable: as with std::function, running the closure may change its state.
  return ops_->call(storage_, grad_output);
}

}  // namespace tapegrad
