#pragma once
/// Custom autograd functions written as in LibTorch: a struct with static forward and backward.
///
///     struct Cube : tg::autograd::Function<Cube> {
///       static tg::Tensor forward(tg::autograd::AutogradContext* ctx, tg::Tensor x) {
///         ctx->save_for_backward({x});
///         return x * x * x;
///       }
///       static tg::autograd::tensor_list backward(tg::autograd::AutogradContext* ctx,
///                                                 tg::autograd::tensor_list grad) {
///         tg::Tensor x = ctx->get_saved_variables()[0];
///         return {grad[0] * 3 * x * x};
///       }
///     };
///     tg::Tensor y = Cube::apply(x);   // y.grad_fn()->name() == "CppNode<Cube>"
///
/// It is built on autograd::record(): forward runs with grad mode off, the outputs get one
/// node whose backward calls T::backward, saved tensors are version-checked (an in-place change
/// after saving makes backward throw), and a backward written with tensor ops differentiates
/// again under create_graph. backward returns one gradient per forward argument (undefined for
/// the arguments that are not tensors, as LibTorch requires). Not supported: mark_dirty and
/// set_materialize_grads (gradients of unused outputs are always zeros).
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <tapegrad/autograd/function.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ivalue.hpp>
#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad::autograd {

using variable_list = std::vector<Tensor>;
using tensor_list = std::vector<Tensor>;
using Variable = Tensor;

class AutogradContext;
namespace detail {
struct SavedVariable;
using CustomBackward = variable_list (*)(AutogradContext*, variable_list);
variable_list wrap_custom_outputs(const char* name, const std::shared_ptr<AutogradContext>& ctx,
                                  const variable_list& inputs, std::vector<bool> is_var, variable_list outputs,
                                  CustomBackward backward);
void prepare_custom_context(AutogradContext& ctx, const variable_list& inputs);
/// "CppNode<T>" with T's demangled name, kept for the life of the program.
const char* custom_function_name(const std::type_info& type);
}  // namespace detail

/// What forward and backward of a custom Function share, as torch::autograd::AutogradContext.
class AutogradContext {
 public:
  AutogradContext();
  ~AutogradContext();
  AutogradContext(const AutogradContext&) = delete;
  AutogradContext& operator=(const AutogradContext&) = delete;

  /// Non-tensor values (and tensors) for backward: `ctx->saved_data["n"] = 3;`.
  std::unordered_map<std::string, IValue> saved_data;
  /// Saves tensors (inputs or outputs of forward) for backward; call it once, in forward.
  void save_for_backward(variable_list to_save);
  /// The tensors save_for_backward saved. An output among them comes back attached to this
  /// Function's node under create_graph, so backward's use of it is differentiated too.
  variable_list get_saved_variables() const;
  /// Marks outputs that get no gradient (integer outputs never do): they do not require grad
  /// and backward receives zeros for them.
  void mark_non_differentiable(const variable_list& outputs);
  /// Whether the `index`-th tensor argument of forward needs a gradient (tensor arguments
  /// counted alone, as LibTorch's edges are).
  bool needs_input_grad(std::size_t index) const;

 private:
  friend variable_list detail::wrap_custom_outputs(const char*, const std::shared_ptr<AutogradContext>&,
                                                   const variable_list&, std::vector<bool>, variable_list,
                                                   detail::CustomBackward);
  friend void detail::prepare_custom_context(AutogradContext&, const variable_list&);
  variable_list to_save_;
  bool saved_ = false;
  std::vector<detail::SavedVariable> saved_variables_;
  std::unordered_set<const void*> non_differentiable_;
  std::vector<bool> needs_input_grad_;
};

namespace detail {
inline void extract_arg(const Tensor& t, variable_list& inputs, std::vector<bool>& is_var) {
  inputs.push_back(t);
  is_var.push_back(true);
}
inline void extract_arg(const std::optional<Tensor>& t, variable_list& inputs, std::vector<bool>& is_var) {
  if (t && t->defined()) {
    inputs.push_back(*t);
    is_var.push_back(true);
  } else {
    is_var.push_back(false);
  }
}
inline void extract_arg(const std::vector<Tensor>& list, variable_list& inputs, std::vector<bool>& is_var) {
  for (const Tensor& t : list) extract_arg(t, inputs, is_var);
}
template <typename T>
void extract_arg(const T&, variable_list&, std::vector<bool>& is_var) {
  is_var.push_back(false);
}
}  // namespace detail

/// The base of a custom Function `T` (CRTP), as torch::autograd::Function<T>. T provides
/// `static Tensor-or-variable_list forward(AutogradContext*, Args...)` and
/// `static variable_list backward(AutogradContext*, variable_list grad_outputs)`.
template <class T>
struct Function {
  /// Runs T::forward on `args` and records T::backward for its outputs. Returns what forward
  /// returns (a Tensor or a variable_list).
  template <typename... Args>
  static auto apply(Args&&... args) {
    using Result = decltype(T::forward(static_cast<AutogradContext*>(nullptr), std::forward<Args>(args)...));
    static_assert(std::is_same_v<Result, Tensor> || std::is_same_v<Result, variable_list>,
                  "Function<T>::apply: T::forward must return a Tensor or a variable_list");
    auto ctx = std::make_shared<AutogradContext>();
    variable_list inputs;
    std::vector<bool> is_var;
    (detail::extract_arg(args, inputs, is_var), ...);
    detail::prepare_custom_context(*ctx, inputs);
    variable_list outputs;
    {
      NoGradGuard no_grad;
      if constexpr (std::is_same_v<Result, Tensor>)
        outputs.push_back(T::forward(ctx.get(), std::forward<Args>(args)...));
      else
        outputs = T::forward(ctx.get(), std::forward<Args>(args)...);
    }
    variable_list wrapped = detail::wrap_custom_outputs(
        detail::custom_function_name(typeid(T)), ctx, inputs, std::move(is_var), std::move(outputs),
        [](AutogradContext* c, variable_list grads) -> variable_list { return T::backward(c, std::move(grads)); });
    if constexpr (std::is_same_v<Result, Tensor>)
      return wrapped[0];
    else
      return wrapped;
  }
};

}  // namespace tapegrad::autograd
