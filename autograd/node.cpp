#include <tapegrad/autograd/node.hpp>

#include <atomic>

#include <tapegrad/autograd/tensor_impl.hpp>

namespace tapegrad::detail {

namespace {
std::atomic<std::uint64_t> next_sequence{0};
std::atomic<std::int64_t> live_nodes{0};
}  // namespace

std::int64_t live_node_count() { return live_nodes.load(); }

Node::Node(const char* op_name, std::vector<Tensor> op_inputs, BackwardFn fn)
    : name(op_name),
      sequence(next_sequence.fetch_add(1, std::memory_order_relaxed)),
      inputs(std::move(op_inputs)),
      backward(std::move(fn)) {
  live_nodes.fetch_add(1, std::memory_order_relaxed);
}

Node::~Node() {
  live_nodes.fetch_sub(1, std::memory_order_relaxed);
  // Destroying the closure and inputs could release an input's node, whose destructor would
  // release its inputs' nodes, and so on: one stack frame per node. Instead, adopt every node
  // that only we keep alive and dismantle them in a loop.
  std::vector<std::shared_ptr<Node>> orphans;
  auto adopt_inputs = [&orphans](Node& node) {
    node.backward = nullptr;  // drop captured tensors first so use counts below are exact
    node.pending_grad = Tensor();
    for (Tensor& input : node.inputs) {
      const auto& impl = input.impl();
      if (impl && impl.use_count() == 1 && impl->grad_fn && impl->grad_fn.use_count() == 1)
        orphans.push_back(std::move(impl->grad_fn));
    }
    node.inputs.clear();
  };
  adopt_inputs(*this);
  while (!orphans.empty()) {
    std::shared_ptr<Node> node = std::move(orphans.back());
    orphans.pop_back();
    adopt_inputs(*node);
  }
}

}  // namespace tapegrad::detail
