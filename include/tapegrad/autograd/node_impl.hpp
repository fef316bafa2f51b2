#pragma once
/// One recorded op on the tape. As LibTorch's Node, it holds edges to where its inputs came
/// from and only the tensors its backward formula saved, never its inputs themselves: a graph
/// keeps alive exactly what its backward pass needs.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <tapegrad/autograd/node.hpp>
#include <tapegrad/autograd/pool_allocator.hpp>
#include <tapegrad/autograd/xtensor_include.hpp>

namespace tapegrad::detail {

struct TensorImpl;

/// A node's edges or saved tensors.
template <typename T>
using NodeList = std::vector<T, PoolAllocator<T>>;  // pooled, as the node itself

/// Where the gradient for one input goes: the node that produced the input, or the leaf whose
/// grad() accumulates it, or nowhere (an input that needs no gradient). The input's shape and
/// dtype stay behind for the broadcast reduction and the checks.
struct Edge {
  std::shared_ptr<Node> node;
  std::shared_ptr<TensorImpl> leaf;
  xt::svector<std::size_t, 4> shape;
  Dtype dtype = Dtype::Float32;
  bool defined() const { return node != nullptr || leaf != nullptr; }
};

/// The edge along which a gradient for `t` (which requires grad) travels.
Edge edge_to(const Tensor& t);

/// A tensor a backward formula needs, with the storage version it had when saved: an in-place
/// change since then makes backward throw instead of computing with the new values.
struct SavedTensor {
  Tensor tensor;
  std::uint64_t version = 0;
  const char* producer = nullptr;  // the op that made it, when saved (for the error message)
};

struct Node {
  const char* name;
  /// Creation order. A node is always created after the nodes of its inputs, so sorting by
  /// descending sequence gives a valid reverse topological order without recursion.
  std::uint64_t sequence;
  NodeList<Edge> edges;
  BackwardFn backward;
  NodeList<SavedTensor> saved;
  std::weak_ptr<TensorImpl> output;  // for retain_grad() and autograd::grad; weak to avoid a cycle
  bool released = false;             // set once a backward ran without retain_graph
  const char* location = nullptr;    // where the op was recorded, if it said (anomaly mode reports it)

  Node(const char* op_name, NodeList<Edge> op_edges, BackwardFn fn, NodeList<SavedTensor> op_saved);
  /// Frees a long chain of nodes iteratively: a recursive release of 100,000 nodes would
  /// overflow the stack.
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  /// Throws naming this op and the tensor when a saved tensor was modified in place.
  void check_saved_versions() const;
};

/// The sequence number the next node will get: ops composed of several recorded steps compare
/// it with their result's node to name that node after themselves (see autograd::name_result).
std::uint64_t next_node_sequence();

}  // namespace tapegrad::detail
