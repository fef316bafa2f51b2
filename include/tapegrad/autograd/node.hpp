#pragma once
/// One recorded op on the tape: its inputs and the closure that maps the gradient of its
/// output to gradients of its inputs.
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

/// Maps the gradient of an op's output to one gradient per input (an undefined Tensor for an
/// input that gets none). Written with Tensor ops, so that with create_graph the backward pass
/// is itself recorded. A gradient may have a broadcast shape: the tape sums it back to the
/// input's shape, so no op needs to.
using BackwardFn = std::function<std::vector<Tensor>(const Tensor& grad_output)>;

namespace detail {

struct TensorImpl;

struct Node {
  const char* name;
  /// Creation order. A node is always created after the nodes of its inputs, so sorting by
  /// descending sequence gives a valid reverse topological order without recursion.
  std::uint64_t sequence;
  std::vector<Tensor> inputs;
  BackwardFn backward;
  std::weak_ptr<TensorImpl> output;  // for retain_grad(); weak to avoid a cycle
  bool released = false;             // set once backward ran without retain_graph
  Tensor pending_grad;               // gradient summed from all consumers during a backward

  Node(const char* op_name, std::vector<Tensor> op_inputs, BackwardFn fn);
  /// Frees a long chain of nodes iteratively: a recursive release of 100,000 nodes would
  /// overflow the stack.
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
};

/// Number of nodes currently alive, over all graphs (for leak tests).
std::int64_t live_node_count();

}  // namespace detail
}  // namespace tapegrad
