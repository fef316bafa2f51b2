#pragma once
/// Recording an op on the tape: the API every built-in op uses, and the one for user ops.
///
///     // y = x^3, forward and backward in one place (see docs/extending.md)
///     tg::Tensor cube(const tg::Tensor& x) {
///       tg::Tensor y = [&] { tg::NoGradGuard g; return x * x * x; }();
///       return tg::autograd::record("CubeBackward", y, {x}, [x](const tg::Tensor& g) {
///         return std::vector<tg::Tensor>{g * 3.0 * x * x};
///       }, /*saved=*/{x});
///     }
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <vector>

#include <tapegrad/autograd/node.hpp>
#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad::autograd {

/// True when an op on `inputs` must be recorded: grad mode is on and an input requires grad.
bool should_record(std::initializer_list<const Tensor*> inputs);
bool should_record(const Tensor& input);
bool should_record(const Tensor& a, const Tensor& b);

/// Attaches `backward` to `result` as the gradient rule of op `name` applied to `inputs`,
/// when should_record(inputs); otherwise returns `result` untouched. `result` must be a new
/// tensor made by the op (a fresh buffer, or a view of an input for view ops), not yet part of
/// a graph. An input may be undefined (an optional bias): it gets no gradient.
///
/// The node keeps only edges to where the inputs came from, and whatever the closure captures.
/// List in `saved` the tensors the closure captured: backward then throws, naming the op, if
/// one of them was modified in place since (instead of computing with the new values). The
/// closure must not capture `result` itself (a reference cycle): capture `result.detach()`.
/// `location` (a string literal such as TG_HERE) is what anomaly mode reports for this node.
Tensor record(const char* name, Tensor result, std::initializer_list<Tensor> inputs, BackwardFn backward,
              std::initializer_list<Tensor> saved = {}, const char* location = nullptr);
/// The same for an op with a run-time number of inputs (cat).
Tensor record(const char* name, Tensor result, const std::vector<Tensor>& inputs, BackwardFn backward,
              std::initializer_list<Tensor> saved = {}, const char* location = nullptr);

#define TG_STRINGIFY_DETAIL(x) #x
#define TG_STRINGIFY(x) TG_STRINGIFY_DETAIL(x)
/// "file.cpp:42" of the line it is written on, for autograd::record's `location`.
#define TG_HERE __FILE__ ":" TG_STRINGIFY(__LINE__)

/// An op's output as its own backward formula needs it (exp, tanh and sigmoid save their
/// output, not their input). Saving `result` itself in the closure would be a reference cycle;
/// SavedOutput keeps its data, and under create_graph get() reattaches it to the op's node, so
/// the formula's dependence on the output is differentiated too:
///
///     tg::autograd::SavedOutput y(out);
///     tg::Tensor r = tg::autograd::record("ExpBackward", out, {x},
///         [y](const tg::Tensor& g) { return std::vector<tg::Tensor>{g * y.get()}; }, {y.data()});
///     y.bind(r);   // once recorded
class SavedOutput {
 public:
  explicit SavedOutput(const Tensor& result);
  /// Call with what record() returned.
  void bind(const Tensor& recorded) const;
  /// The output's values; attached to the op's node when the backward pass is being recorded.
  Tensor get() const;
  /// The saved values, to list in record()'s `saved`.
  const Tensor& data() const { return data_; }

 private:
  Tensor data_;
  std::shared_ptr<std::weak_ptr<detail::Node>> node_;
};

/// The tape's position now (the sequence number the next recorded node gets).
std::uint64_t tape_position();

/// Names `result`'s node `name` when the op that made it was recorded at or after `since` (a
/// tape_position() taken when the composite op began), so that a composite such as mean =
/// sum * (1/n) shows grad_fn "MeanBackward", what the user called, not "MulBackward".
Tensor name_result(Tensor result, const char* name, std::uint64_t since);

/// Runs a composite op and names its result's node after it:
/// `return tg::autograd::named_op("MseLossBackward", [&] { return mean(d * d); });`
template <typename F>
Tensor named_op(const char* name, F&& compute) {
  std::uint64_t since = tape_position();
  return name_result(compute(), name, since);
}

}  // namespace tapegrad::autograd
