#pragma once
/// The backward pass over the tape, as torch::autograd::backward / torch::autograd::grad.
#include <optional>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad::autograd {

/// Accumulates d(outputs)/d(leaf) into every reachable leaf's grad(). `grad_outputs[i]` is
/// the gradient of outputs[i] (may be undefined for a one-element output: ones). Without
/// retain_graph, the nodes that ran free their saved tensors. A run that throws (in a node's
/// backward, or because a grad() has another shape or dtype than its tensor) changes no grad()
/// and frees nothing.
void backward(const std::vector<Tensor>& outputs, const std::vector<Tensor>& grad_outputs = {},
              std::optional<bool> retain_graph = std::nullopt, bool create_graph = false);

/// Returns d(outputs)/d(inputs) (weighted by grad_outputs) without touching any grad(). Runs
/// (and, without retain_graph, frees) only the nodes on a path to an input.
/// With create_graph the results are themselves differentiable (higher-order gradients).
/// An input the outputs do not depend on throws unless `allow_unused` (then it is undefined).
std::vector<Tensor> grad(const std::vector<Tensor>& outputs, const std::vector<Tensor>& inputs,
                         const std::vector<Tensor>& grad_outputs = {}, std::optional<bool> retain_graph = std::nullopt,
                         bool create_graph = false, bool allow_unused = false);

}  // namespace tapegrad::autograd
