#pragma once
/// The gradient rule an op records on the tape, and the tape's leak counter. The node itself
/// (edges, saved tensors) is internal: <tapegrad/autograd/node_impl.hpp>.
#include <cstdint>
#include <functional>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

/// Maps the gradient of an op's output to one gradient per input (an undefined Tensor for an
/// input that gets none). Written with Tensor ops, so that with create_graph the backward pass
/// is itself recorded. A gradient may have a broadcast shape: the tape sums it back to the
/// input's shape, so no op needs to.
using BackwardFn = std::function<std::vector<Tensor>(const Tensor& grad_output)>;

namespace detail {

struct Node;

/// Number of nodes currently alive, over all graphs (for leak tests).
std::int64_t live_node_count();

}  // namespace detail
}  // namespace tapegrad
