#pragma once
/// The gradient rule an op records on the tape, and the tape's leak counter. The node itself
/// (edges, saved tensors) is internal: <tapegrad/autograd/node_impl.hpp>.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#include <tapegrad/autograd/pool_allocator.hpp>
#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

namespace detail {

struct Node;

/// The gradients a rule returns, one per input, as the engine receives them: the list comes
/// from the small-object pool, not the heap (a rule runs once per op per backward pass).
using GradList = std::vector<Tensor, PoolAllocator<Tensor>>;

/// Number of nodes currently alive, over all graphs (for leak tests).
std::int64_t live_node_count();

}  // namespace detail

/// Maps the gradient of an op's output to one gradient per input (an undefined Tensor for an
/// input that gets none). Written with Tensor ops, so that with create_graph the backward pass
/// is itself recorded. A gradient may have a broadcast shape: the tape sums it back to the
/// input's shape, so no op needs to.
///
/// Built from any callable `(const Tensor& grad_output) -> std::vector<Tensor>`, as a
/// std::function would be. Unlike std::function it keeps a closure of up to kInlineBytes
/// (three captured tensors) inside itself and a larger one in a pooled block, so recording an
/// op costs no heap allocation; it is move-only, as a node owns its rule.
class BackwardFn {
 public:
  static constexpr std::size_t kInlineBytes = 48;

  BackwardFn() noexcept = default;
  BackwardFn(std::nullptr_t) noexcept {}
  template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, BackwardFn> &&
                                                    std::is_invocable_v<std::decay_t<F>&, const Tensor&>>>
  BackwardFn(F&& rule) {
    using Rule = std::decay_t<F>;
    using Result = std::invoke_result_t<Rule&, const Tensor&>;
    static_assert(std::is_same_v<Result, std::vector<Tensor>> || std::is_same_v<Result, detail::GradList>,
                  "a backward rule returns std::vector<Tensor>, one gradient per input");
    if constexpr (stored_inline<Rule>()) {
      ::new (static_cast<void*>(storage_)) Rule(std::forward<F>(rule));
    } else {
      void* block = allocate_block<Rule>();
      try {
        ::new (block) Rule(std::forward<F>(rule));
      } catch (...) {
        free_block<Rule>(block);
        throw;
      }
      ::new (static_cast<void*>(storage_)) void*(block);
    }
    ops_ = &kOps<Rule>;
  }
  BackwardFn(BackwardFn&& other) noexcept { take(other); }
  BackwardFn& operator=(BackwardFn&& other) noexcept {
    if (this != &other) {
      reset();
      take(other);
    }
    return *this;
  }
  BackwardFn& operator=(std::nullptr_t) noexcept {
    reset();
    return *this;
  }
  BackwardFn(const BackwardFn&) = delete;
  BackwardFn& operator=(const BackwardFn&) = delete;
  ~BackwardFn() { reset(); }

  explicit operator bool() const noexcept { return ops_ != nullptr; }

  /// Runs the rule. Throws tapegrad::Error if there is none (a released node's).
  detail::GradList operator()(const Tensor& grad_output) const;

 private:
  // What the type-erased rule can do: run, move its closure to new storage, destroy it.
  struct Ops {
    detail::GradList (*call)(void* storage, const Tensor& grad_output);
    void (*move)(void* from, void* to) noexcept;
    void (*destroy)(void* storage) noexcept;
  };

  template <typename Rule>
  static constexpr bool stored_inline() {
    return sizeof(Rule) <= kInlineBytes && alignof(Rule) <= alignof(std::max_align_t) &&
           std::is_nothrow_move_constructible_v<Rule>;
  }
  // A closure too big to keep inline lives in a pooled block, or an aligned heap block when it
  // holds an over-aligned capture (the pool aligns as plain ::operator new does).
  template <typename Rule>
  static void* allocate_block() {
    if constexpr (alignof(Rule) > __STDCPP_DEFAULT_NEW_ALIGNMENT__)
      return ::operator new(sizeof(Rule), std::align_val_t(alignof(Rule)));
    else
      return detail::pool_allocate(sizeof(Rule));
  }
  template <typename Rule>
  static void free_block(void* block) noexcept {
    if constexpr (alignof(Rule) > __STDCPP_DEFAULT_NEW_ALIGNMENT__)
      ::operator delete(block, std::align_val_t(alignof(Rule)));
    else
      detail::pool_deallocate(block, sizeof(Rule));
  }
  template <typename Rule>
  static Rule& rule_in(void* storage) {
    if constexpr (stored_inline<Rule>())
      return *std::launder(static_cast<Rule*>(storage));
    else
      return **std::launder(static_cast<Rule**>(storage));
  }
  template <typename Rule>
  static detail::GradList call(void* storage, const Tensor& grad_output) {
    auto grads = rule_in<Rule>(storage)(grad_output);
    if constexpr (std::is_same_v<decltype(grads), detail::GradList>)
      return grads;
    else
      return detail::GradList(std::make_move_iterator(grads.begin()), std::make_move_iterator(grads.end()));
  }
  template <typename Rule>
  static void move(void* from, void* to) noexcept {
    if constexpr (stored_inline<Rule>()) {
      Rule& rule = rule_in<Rule>(from);
      ::new (to) Rule(std::move(rule));
      rule.~Rule();
    } else {
      ::new (to) void*(*static_cast<void**>(from));
    }
  }
  template <typename Rule>
  static void destroy(void* storage) noexcept {
    Rule& rule = rule_in<Rule>(storage);
    rule.~Rule();
    if constexpr (!stored_inline<Rule>()) free_block<Rule>(&rule);
  }
  template <typename Rule>
  static constexpr Ops kOps{&call<Rule>, &move<Rule>, &destroy<Rule>};

  void take(BackwardFn& other) noexcept {
    if (!other.ops_) return;
    other.ops_->move(other.storage_, storage_);
    ops_ = other.ops_;
    other.ops_ = nullptr;
  }
  void reset() noexcept {
    // The closure's captures may own the rest of a graph: detach it first, so that a rule
    // destroyed while this one is being destroyed never sees a half-reset BackwardFn.
    const Ops* ops = ops_;
    ops_ = nullptr;
    if (ops) ops->destroy(storage_);
  }

  alignas(std::max_align_t) mutable unsigned char storage_[kInlineBytes];
  const Ops* ops_ = nullptr;
};

}  // namespace tapegrad
