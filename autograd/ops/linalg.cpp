// Matrix products. mm is the one primitive: a (batched) GEMM whose transposes are BLAS flags,
// so neither the forward nor the backward pass ever materialises a transposed operand.
#include <tapegrad/autograd/ops/linalg.hpp>

#include <tapegrad/autograd/ops/shape.hpp>
#include "../gemm.hpp"
#include "integer_kernels.hpp"

namespace tapegrad {

using autograd::record;
using autograd::should_record;
using detail::GradList;

namespace {

struct MatrixDims {
  std::size_t batch, rows, cols;  // of op(x)
  bool batched;
};

MatrixDims dims_of(const detail::TensorImpl& x, bool transposed) {
  const auto& s = x.shape;
  bool batched = s.size() == 3;
  std::size_t r = s[s.size() - 2], c = s[s.size() - 1];
  return {batched ? s[0] : 1, transposed ? c : r, transposed ? r : c, batched};
}

std::string operand(const Tensor& t, bool transposed) { return shape_to_string(t.shape()) + (transposed ? "^T" : ""); }

// An operand as BLAS can read it: row-major with a leading dimension, or the transpose of one
// (then the transpose becomes a flag), each matrix of a batch one fixed stride apart. Anything
// else is copied once, here.
struct BlasOperand {
  Tensor tensor;
  bool flipped = false;  // memory holds the transpose of the logical matrix
  std::size_t ld = 0;
  std::size_t batch_stride = 0;
};

BlasOperand blas_operand(const Tensor& x) {
  const auto& impl = *x.impl();
  std::size_t rank = impl.shape.size();
  std::size_t rows = impl.shape[rank - 2], cols = impl.shape[rank - 1];
  auto rs = impl.strides[rank - 2], cs = impl.strides[rank - 1];
  std::ptrdiff_t batch = rank == 3 && impl.shape[0] > 1 ? impl.strides[0] : 0;
  if (batch >= 0) {
    auto wide = static_cast<std::ptrdiff_t>(std::max<std::size_t>(cols, 1));
    auto tall = static_cast<std::ptrdiff_t>(std::max<std::size_t>(rows, 1));
    if ((cs == 1 || cols <= 1) && (rs >= wide || rows <= 1))
      return {x, false, static_cast<std::size_t>(rows <= 1 ? wide : rs), static_cast<std::size_t>(batch)};
    if ((rs == 1 || rows <= 1) && (cs >= tall || cols <= 1))
      return {x, true, static_cast<std::size_t>(cols <= 1 ? tall : cs), static_cast<std::size_t>(batch)};
  }
  return {detail::dense(x), false, std::max<std::size_t>(cols, 1), rows * cols};
}

// C = op(A) op(B) for integer matrices, dense and row-major (op(A) is m x k, op(B) k x n), as
// torch's CPU loops: exact, wrapping on overflow. BLAS has no integer GEMM; i-k-j order keeps
// the inner loop contiguous in B and C.
template <typename T>
void integer_gemm(bool ta, bool tb, std::size_t m, std::size_t n, std::size_t k, const T* a, const T* b, T* c) {
  using U = detail::arithmetic_t<T>;  // wraps without undefined behaviour
  std::vector<U> row(n);
  for (std::size_t i = 0; i < m; ++i) {
    std::fill(row.begin(), row.end(), U(0));
    for (std::size_t p = 0; p < k; ++p) {
      auto av = static_cast<U>(ta ? a[p * m + i] : a[i * k + p]);
      if (av == 0) continue;
      if (tb)
        for (std::size_t j = 0; j < n; ++j) row[j] += av * static_cast<U>(b[j * k + p]);
      else
        for (std::size_t j = 0; j < n; ++j) row[j] += av * static_cast<U>(b[p * n + j]);
    }
    for (std::size_t j = 0; j < n; ++j) c[i * n + j] = static_cast<T>(row[j]);
  }
}

void integer_mm(const Tensor& a, const Tensor& b, bool ta, bool tb, const MatrixDims& da, const MatrixDims& db,
                const Tensor& out) {
  std::size_t batch = std::max(da.batch, db.batch), m = da.rows, n = db.cols, k = da.cols;
  Tensor dense_a = detail::dense(a), dense_b = detail::dense(b);
  detail::dispatch_integral(a.dtype(), "mm", [&](auto tag) {
    using T = decltype(tag);
    const T* pa = dense_a.impl()->data<T>();
    const T* pb = dense_b.impl()->data<T>();
    T* pc = out.impl()->data<T>();
    for (std::size_t i = 0; i < batch; ++i)
      integer_gemm<T>(ta, tb, m, n, k, pa + (da.batched ? i * m * k : 0), pb + (db.batched ? i * k * n : 0),
                      pc + i * m * n);
  });
}

}  // namespace

Tensor mm(const Tensor& a, const Tensor& b, bool ta, bool tb) {
  const auto& ia = detail::checked(a, "mm");
  const auto& ib = detail::checked(b, "mm");
  TG_CHECK((ia.shape.size() == 2 || ia.shape.size() == 3) && (ib.shape.size() == 2 || ib.shape.size() == 3), "mm",
           "expects 2-D or 3-D (batched) operands, got ", operand(a, ta), " and ", operand(b, tb));
  detail::check_same_dtype(a, b, "mm");
  MatrixDims da = dims_of(ia, ta), db = dims_of(ib, tb);
  TG_CHECK(da.cols == db.rows, "mm", "cannot multiply ", operand(a, ta), " by ", operand(b, tb), " (inner sizes ",
           da.cols, " and ", db.rows, " differ)");
  TG_CHECK(!(da.batched && db.batched) || da.batch == db.batch, "mm", "cannot multiply ", operand(a, ta), " by ",
           operand(b, tb), " (batch sizes ", da.batch, " and ", db.batch, " differ)");
  bool batched = da.batched || db.batched;
  std::size_t batch = std::max(da.batch, db.batch), m = da.rows, n = db.cols, k = da.cols;
  detail::XShape out_shape = batched ? detail::XShape{batch, m, n} : detail::XShape{m, n};
  Tensor out = detail::empty(out_shape, ia.dtype);
  if (!is_floating_point(ia.dtype)) {  // integers never require grad: nothing to record
    TG_CHECK(ia.dtype != kBool, "mm", "not implemented for bool tensors");
    integer_mm(a, b, ta, tb, da, db, out);
    return out;
  }
  detail::dispatch_floating(ia.dtype, "mm", [&](auto tag) {
    using T = decltype(tag);
    T* pc = out.impl()->data<T>();
    if (m * n == 0) return;
    if (k == 0) {
      std::fill(pc, pc + batch * m * n, T(0));
      return;
    }
    BlasOperand oa = blas_operand(a), ob = blas_operand(b);
    const T* pa = oa.tensor.impl()->strided_data<T>();
    const T* pb = ob.tensor.impl()->strided_data<T>();
    std::size_t step_a = da.batched ? oa.batch_stride : 0, step_b = db.batched ? ob.batch_stride : 0;
    for (std::size_t i = 0; i < batch; ++i)
      detail::gemm(ta != oa.flipped, tb != ob.flipped, m, n, k, T(1), pa + i * step_a, oa.ld, pb + i * step_b, ob.ld,
                   T(0), pc + i * m * n, n);
  });
  if (!should_record(a, b)) return out;
  // A's gradient needs B and B's needs A: save only those.
  Tensor sa = b.requires_grad() ? a : Tensor(), sb = a.requires_grad() ? b : Tensor();
  return record("MmBackward", out, {a, b},
                [sa, sb, ta, tb](const Tensor& g) {
                  // C = op(A) op(B):  dop(A) = G op(B)^T,  dop(B) = op(A)^T G, then undo op() on each side.
                  Tensor ga, gb;
                  if (sb.defined()) ga = ta ? mm(sb, g, tb, true) : mm(g, sb, false, !tb);
                  if (sa.defined()) gb = tb ? mm(g, sa, true, ta) : mm(sa, g, !ta, false);
                  return GradList{ga, gb};
                },
                {sa, sb});
}

Tensor matmul(const Tensor& a, const Tensor& b) {
  const auto& ia = detail::checked(a, "matmul");
  const auto& ib = detail::checked(b, "matmul");
  detail::check_same_dtype(a, b, "matmul");
  std::size_t ra = ia.shape.size(), rb = ib.shape.size();
  TG_CHECK(ra >= 1 && rb >= 1, "matmul", "both arguments need at least 1 dimension, got ", shape_to_string(a.shape()),
           " and ", shape_to_string(b.shape()));
  auto mismatch = [&] {
    detail::fail("matmul", "cannot multiply ", shape_to_string(a.shape()), " by ", shape_to_string(b.shape()));
  };
  if (ia.shape[ra - 1] != ib.shape[rb == 1 ? 0 : rb - 2]) mismatch();
  if (ra == 1 && rb == 1) return reshape(mm(unsqueeze(a, 0), unsqueeze(b, 1)), {});
  if (ra == 2 && rb == 1) return squeeze(mm(a, unsqueeze(b, 1)), -1);
  if (ra == 1 && rb == 2) return squeeze(mm(unsqueeze(a, 0), b), 0);
  if (ra == 2 && rb == 2) return mm(a, b);
  if (rb == 1) return squeeze(matmul(a, unsqueeze(b, 1)), -1);
  if (ra == 1) return squeeze(matmul(unsqueeze(a, 0), b), -2);
  if (rb == 2) {  // [..., n, k] @ [k, m]: one big GEMM over all leading rows
    Shape shape = a.shape();
    Tensor flat = reshape(a, {-1, shape.back()});
    shape.back() = b.size(1);
    return reshape(mm(flat, b), shape);
  }
  Shape shape_a = a.shape(), shape_b = b.shape();
  Shape batch_a(shape_a.begin(), shape_a.end() - 2), batch_b(shape_b.begin(), shape_b.end() - 2);
  if (ra == 2)
    return mm(a, b.dim() == 3 ? b : reshape(b, {-1, b.size(-2), b.size(-1)})).reshape([&] {
      Shape s = batch_b;
      s.push_back(a.size(0));
      s.push_back(b.size(-1));
      return s;
    }());
  if (batch_a != batch_b) {  // broadcast the batch dimensions (NumPy rules), then multiply equal batches
    Shape batch(std::max(batch_a.size(), batch_b.size()));
    for (std::size_t i = 0; i < batch.size(); ++i) {
      std::int64_t da = i < batch_a.size() ? batch_a[batch_a.size() - 1 - i] : 1;
      std::int64_t db = i < batch_b.size() ? batch_b[batch_b.size() - 1 - i] : 1;
      if (da != db && da != 1 && db != 1) mismatch();
      batch[batch.size() - 1 - i] = da == 1 ? db : da;
    }
    Shape ea = batch, eb = batch;
    ea.insert(ea.end(), shape_a.end() - 2, shape_a.end());
    eb.insert(eb.end(), shape_b.end() - 2, shape_b.end());
    return matmul(expand(a, ea), expand(b, eb));
  }
  Tensor a3 = ra == 3 ? a : reshape(a, {-1, a.size(-2), a.size(-1)});
  Tensor b3 = rb == 3 ? b : reshape(b, {-1, b.size(-2), b.size(-1)});
  Tensor c = mm(a3, b3);
  Shape s = batch_a;
  s.push_back(a.size(-2));
  s.push_back(b.size(-1));
  return reshape(c, s);
}

}  // namespace tapegrad
