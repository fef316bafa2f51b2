#pragma once
/// Products built on matmul, as torch's: bmm, the fused add-multiply family (addmm, addmv,
/// baddbmm), vector products (dot, vdot, outer, mv) and einsum.
#include <string>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

/// [b, n, k] @ [b, k, m] -> [b, n, m]; no broadcasting (use matmul for that).
Tensor bmm(const Tensor& a, const Tensor& b);
/// beta * input + alpha * (mat1 @ mat2); input broadcasts to [n, m]. With beta 0, input is
/// ignored (NaN in it does not propagate), as torch.
Tensor addmm(const Tensor& input, const Tensor& mat1, const Tensor& mat2, double beta = 1.0, double alpha = 1.0);
/// beta * input + alpha * (mat @ vec).
Tensor addmv(const Tensor& input, const Tensor& mat, const Tensor& vec, double beta = 1.0, double alpha = 1.0);
/// beta * input + alpha * bmm(batch1, batch2).
Tensor baddbmm(const Tensor& input, const Tensor& batch1, const Tensor& batch2, double beta = 1.0, double alpha = 1.0);
/// Inner product of two 1-D tensors of the same size, as a 0-d tensor.
Tensor dot(const Tensor& a, const Tensor& b);
/// dot with the first argument conjugated: for real tensors, dot.
Tensor vdot(const Tensor& a, const Tensor& b);
/// a[i] * b[j] as an [n, m] matrix, for 1-D a and b.
Tensor outer(const Tensor& a, const Tensor& b);
/// [n, m] @ [m] -> [n].
Tensor mv(const Tensor& mat, const Tensor& vec);
/// Einstein summation, as torch.einsum: `einsum("bij,bjk->bik", {a, b})`, `einsum("ij->ji", {a})`,
/// `einsum("i,i", {a, b})` (no "->": the letters that appear once, in alphabetical order).
/// "..." stands for broadcast dimensions, as torch: `einsum("...ij,...jk->...ik", {a, b})`,
/// `einsum("...i,...i->...", {a, b})`; without "->" the output starts with them.
/// Letters are a-z and A-Z; a letter repeated within one operand takes that operand's diagonal;
/// "..." is not supported.
Tensor einsum(const std::string& equation, const std::vector<Tensor>& operands);

}  // namespace tapegrad
