// The fused optimizer loops. CMakeLists.txt compiles this file with -O3 -fno-math-errno: sqrt
// without errno is what lets the loops vectorise (nothing here reads errno). The loops are
// cloned for AVX2 (autograd/target_clones.hpp), so the update runs eight floats at a time where
// the CPU has it, rounding as the scalar code does. Large parameters are updated in chunks on
// tapegrad's threads (autograd/thread_pool.hpp); each element is its own update, so the result
// is the same on any thread count.

#include "fused_update.hpp"

#include <cmath>

#include <tapegrad/autograd/tensor_impl.hpp>
#include "../autograd/target_clones.hpp"
#include "../autograd/thread_pool.hpp"

namespace tapegrad {
namespace optim {
namespace detail {

bool fusable(std::initializer_list<const Tensor*> tensors) {
  const Tensor& first = **tensors.begin();
  if (!first.defined() || (first.dtype() != kFloat32 && first.dtype() != kFloat64)) return false;
  for (const Tensor* t : tensors)
    if (!t->defined() || !t->is_contiguous() || t->dtype() != first.dtype() || t->numel() != first.numel())
      return false;
  return true;
}

void bump_versions(std::initializer_list<const Tensor*> written) {
  for (const Tensor* t : written) ++t->impl()->storage->version;
}

namespace {

// Elements per thread at least: below this, waking a thread costs more than the loop.
constexpr std::size_t kGrain = 1 << 14;

template <typename T>
TG_CLONES void adam_loop(std::size_t n, T* __restrict p, const T* __restrict g, T* __restrict m, T* __restrict v,
                         const AdamScalars<T> s) {
  const T one_minus_beta1 = T(1) - s.beta1, one_minus_beta2 = T(1) - s.beta2, neg_step = -s.step_size;
  for (std::size_t i = 0; i < n; ++i) {
    T pi = p[i] * s.decay_factor;
    const T gi = s.l2 ? g[i] + s.weight_decay * pi : g[i];
    const T mi = m[i] * s.beta1 + one_minus_beta1 * gi;
    const T vi = v[i] * s.beta2 + one_minus_beta2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    const T denom = std::sqrt(vi) / s.bias_correction2_sqrt + s.eps;
    p[i] = pi + neg_step * (mi / denom);
  }
}

template <typename T>
TG_CLONES void amsgrad_loop(std::size_t n, T* __restrict p, const T* __restrict g, T* __restrict m, T* __restrict v,
                            T* __restrict vmax, const AdamScalars<T> s) {
  const T one_minus_beta1 = T(1) - s.beta1, one_minus_beta2 = T(1) - s.beta2, neg_step = -s.step_size;
  for (std::size_t i = 0; i < n; ++i) {
    T pi = p[i] * s.decay_factor;
    const T gi = s.l2 ? g[i] + s.weight_decay * pi : g[i];
    const T mi = m[i] * s.beta1 + one_minus_beta1 * gi;
    const T vi = v[i] * s.beta2 + one_minus_beta2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    const T mx = vi > vmax[i] ? vi : vmax[i];
    vmax[i] = mx;
    const T denom = std::sqrt(mx) / s.bias_correction2_sqrt + s.eps;
    p[i] = pi + neg_step * (mi / denom);
  }
}

}  // namespace

template <typename T>
void adam_update(std::size_t n, T* p, const T* g, T* m, T* v, T* vmax, const AdamScalars<T>& s) {
  tapegrad::detail::parallel_for(n, kGrain, [&](std::size_t b, std::size_t e) {
    if (vmax) {
      amsgrad_loop(e - b, p + b, g + b, m + b, v + b, vmax + b, s);
    } else {
      adam_loop(e - b, p + b, g + b, m + b, v + b, s);
    }
  });
}

namespace {

template <typename T>
TG_CLONES void sgd_loop(std::size_t n, T* __restrict p, const T* __restrict g, T* __restrict buf,
                        const SgdScalars<T> s) {
  const T neg_lr = -s.lr, one_minus_dampening = T(1) - s.dampening;
  for (std::size_t i = 0; i < n; ++i) {
    T d = s.weight_decay != T(0) ? g[i] + p[i] * s.weight_decay : g[i];
    if (buf) {
      const T b = s.first ? d : buf[i] * s.momentum + one_minus_dampening * d;
      buf[i] = b;
      d = s.nesterov ? d + b * s.momentum : b;
    }
    p[i] = p[i] + neg_lr * d;
  }
}

template <typename T>
TG_CLONES void rmsprop_loop(std::size_t n, T* __restrict p, const T* __restrict g, T* __restrict sq, T* __restrict ga,
                            T* __restrict buf, const RmspropScalars<T> s) {
  const T one_minus_alpha = T(1) - s.alpha, neg_lr = -s.lr;
  for (std::size_t i = 0; i < n; ++i) {
    const T gi = s.weight_decay != T(0) ? g[i] + p[i] * s.weight_decay : g[i];
    const T si = sq[i] * s.alpha + one_minus_alpha * gi * gi;
    sq[i] = si;
    T avg;
    if (ga) {
      const T ai = ga[i] * s.alpha + one_minus_alpha * gi;
      ga[i] = ai;
      avg = std::sqrt(si + T(-1) * ai * ai) + s.eps;
    } else {
      avg = std::sqrt(si) + s.eps;
    }
    if (buf) {
      const T b = buf[i] * s.momentum + gi / avg;
      buf[i] = b;
      p[i] = p[i] + neg_lr * b;
    } else {
      p[i] = p[i] + neg_lr * (gi / avg);
    }
  }
}

template <typename T>
TG_CLONES void adagrad_loop(std::size_t n, T* __restrict p, const T* __restrict g, T* __restrict sum, T clr,
                            T weight_decay, T eps) {
  const T neg_clr = -clr;
  for (std::size_t i = 0; i < n; ++i) {
    const T gi = weight_decay != T(0) ? g[i] + p[i] * weight_decay : g[i];
    const T si = sum[i] + gi * gi;
    sum[i] = si;
    p[i] = p[i] + neg_clr * (gi / (std::sqrt(si) + eps));
  }
}
}  // namespace

template <typename T>
void sgd_update(std::size_t n, T* p, const T* g, T* buf, const SgdScalars<T>& s) {
  tapegrad::detail::parallel_for(
      n, kGrain, [&](std::size_t b, std::size_t e) { sgd_loop(e - b, p + b, g + b, buf ? buf + b : nullptr, s); });
}
template <typename T>
void rmsprop_update(std::size_t n, T* p, const T* g, T* square_avg, T* grad_avg, T* buf, const RmspropScalars<T>& s) {
  tapegrad::detail::parallel_for(n, kGrain, [&](std::size_t b, std::size_t e) {
    rmsprop_loop(e - b, p + b, g + b, square_avg + b, grad_avg ? grad_avg + b : nullptr, buf ? buf + b : nullptr, s);
  });
}
template <typename T>
void adagrad_update(std::size_t n, T* p, const T* g, T* sum, T clr, T weight_decay, T eps) {
  tapegrad::detail::parallel_for(n, kGrain, [&](std::size_t b, std::size_t e) {
    adagrad_loop(e - b, p + b, g + b, sum + b, clr, weight_decay, eps);
  });
}

#define TG_INSTANTIATE(T)                                                                           \
  template void adam_update<T>(std::size_t, T*, const T*, T*, T*, T*, const AdamScalars<T>&);       \
  template void sgd_update<T>(std::size_t, T*, const T*, T*, const SgdScalars<T>&);                 \
  template void rmsprop_update<T>(std::size_t, T*, const T*, T*, T*, T*, const RmspropScalars<T>&); \
  template void adagrad_update<T>(std::size_t, T*, const T*, T*, T, T, T);
TG_INSTANTIATE(float)
TG_INSTANTIATE(double)

}  // namespace detail
}  // namespace optim
}  // namespace tapegrad
