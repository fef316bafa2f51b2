// linear_with_bias (see fused_linear.hpp).
#include <tapegrad/autograd/ops/fused_linear.hpp>

#include <cblas.h>

#include <algorithm>

#include <tapegrad/autograd/blas.hpp>
#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/function.hpp>
#include <tapegrad/autograd/ops/linalg.hpp>
#include <tapegrad/autograd/ops/reduction.hpp>

namespace tapegrad::detail {
namespace {

void gemm_nt_accumulate(int m, int n, int k, const float* a, const float* b, float* c) {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1.0f, a, k, b, k, 1.0f, c, n);
}
void gemm_nt_accumulate(int m, int n, int k, const double* a, const double* b, double* c) {
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1.0, a, k, b, k, 1.0, c, n);
}

}  // namespace

Tensor linear_with_bias(const Tensor& input, const Tensor& weight, const Tensor& bias) {
  if (!input.defined() || !weight.defined() || !bias.defined() || input.dim() != 2 || weight.dim() != 2 ||
      bias.dim() != 1 || !input.is_contiguous() || !weight.is_contiguous() || !bias.is_contiguous() ||
      input.dtype() != weight.dtype() || bias.dtype() != weight.dtype() ||
      (weight.dtype() != kFloat32 && weight.dtype() != kFloat64) || input.size(1) != weight.size(1) ||
      bias.size(0) != weight.size(0) || input.numel() == 0 || weight.numel() == 0)
    return Tensor();
  const std::int64_t n = input.size(0), in = input.size(1), out_features = weight.size(0);
  Tensor out = tapegrad::empty({n, out_features}, TensorOptions().dtype(weight.dtype()));
  ensure_blas_kernels();
  auto run = [&](auto tag) {
    using T = decltype(tag);
    T* c = out.data_ptr<T>();
    const T* b = bias.data_ptr<T>();
    for (std::int64_t i = 0; i < n; ++i) std::copy(b, b + out_features, c + i * out_features);
    gemm_nt_accumulate(static_cast<int>(n), static_cast<int>(out_features), static_cast<int>(in), input.data_ptr<T>(),
                       weight.data_ptr<T>(), c);
  };
  if (weight.dtype() == kFloat32) {
    run(float{});
  } else {
    run(double{});
  }
  if (!autograd::should_record({&input, &weight, &bias})) return out;
  // the input's gradient needs W, W's needs the input: save only those
  Tensor saved_input = weight.requires_grad() ? input : Tensor();
  Tensor saved_weight = input.requires_grad() ? weight : Tensor();
  const bool bias_grad = bias.requires_grad();
  return autograd::record("AddmmBackward", out, {input, weight, bias},
                          [saved_input, saved_weight, bias_grad](const Tensor& g) {
                            Tensor gx, gw, gb;
                            if (saved_weight.defined()) gx = mm(g, saved_weight);
                            if (saved_input.defined()) gw = mm(g, saved_input, true, false);
                            if (bias_grad) gb = sum(g, 0);
                            return std::vector<Tensor>{gx, gw, gb};
                          },
                          {saved_input, saved_weight});
}

}  // namespace tapegrad::detail
