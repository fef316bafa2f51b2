#pragma once
/// The kernel behind nn::Linear with a bias: the bias folded into the GEMM.
#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad::detail {

/// input [N,in] @ weight[out,in]^T + bias [out] as one op: the output is filled with the bias
/// rows and the GEMM adds into it (beta = 1), so no separate bias pass or temporary; backward
/// gives input G W, weight G^T X and bias the column sums of G (recorded ops: double backward
/// works). Returns an undefined tensor unless all three are contiguous float32/float64 of one
/// dtype and matching 2-D/2-D/1-D shapes: the caller then composes mm + add.
Tensor linear_with_bias(const Tensor& input, const Tensor& weight, const Tensor& bias);

}  // namespace tapegrad::detail
