#pragma once
// Single-pass optimizer updates: one loop over each parameter reads its gradient and state and
// writes the new values, with no temporaries (the tensor-op formulation made eight passes and
// three full-size temporaries per Adam step). Private to optim/.
//
// fused_update(tensors, kernel) runs kernel(T{}) when every tensor given is defined,
// contiguous, of one floating dtype and of one element count, then bumps the storage version
// of the written ones (as in-place ops do, so backward still refuses stale saved tensors);
// otherwise it returns false and the optimizer takes its tensor-op path, which handles any view.
#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {
namespace optim {
namespace detail {

bool fusable(std::initializer_list<const Tensor*> tensors);
void bump_versions(std::initializer_list<const Tensor*> written);

template <typename Kernel>
bool fused_update(std::initializer_list<const Tensor*> read, std::initializer_list<const Tensor*> written,
                  Kernel&& kernel) {
  if (!fusable(read) || !fusable(written) || (*read.begin())->dtype() != (*written.begin())->dtype() ||
      (*read.begin())->numel() != (*written.begin())->numel())
    return false;
  if ((*read.begin())->dtype() == kFloat32) {
    kernel(float{});
  } else {
    kernel(double{});
  }
  bump_versions(written);
  return true;
}

// The per-element arithmetic of each optimizer, in the order PyTorch 1.13's single-tensor
// implementations do it (so the trajectories stay the same), scalars in T.
template <typename T>
struct AdamScalars {
  T beta1, beta2, step_size, bias_correction2_sqrt, eps, weight_decay;
  T decay_factor;  // AdamW: 1 - lr * weight_decay applied to the parameter first; Adam: 1
  bool l2;         // Adam with weight decay: g + weight_decay * p
};
template <typename T>
void adam_update(std::size_t n, T* p, const T* g, T* m, T* v, T* vmax, const AdamScalars<T>& s);

template <typename T>
struct SgdScalars {
  T lr, weight_decay, momentum, dampening;
  bool nesterov, first;  // first: the momentum buffer starts as the (decayed) gradient
};
template <typename T>
void sgd_update(std::size_t n, T* p, const T* g, T* buf, const SgdScalars<T>& s);

template <typename T>
struct RmspropScalars {
  T lr, alpha, eps, weight_decay, momentum;
};
template <typename T>
void rmsprop_update(std::size_t n, T* p, const T* g, T* square_avg, T* grad_avg, T* buf, const RmspropScalars<T>& s);

template <typename T>
void adagrad_update(std::size_t n, T* p, const T* g, T* sum, T clr, T weight_decay, T eps);

}  // namespace detail
}  // namespace optim
}  // namespace tapegrad
