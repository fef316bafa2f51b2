#pragma once
// The one table of ops that test_ops_table.cpp runs and that docs/ops.md is generated from.
// Each entry: an id (its Boost test case and its fixtures' name, tests/fixtures/autograd/ops/
// <id>[__<case>].npz from scripts/fixtures/gen_ops_fixtures.py), the call it checks, the dtypes
// it takes, whether it has a gradient and a second derivative, the function, and its cases.
// Every case is compared with PyTorch 1.13 (values and gradients, in float64, and values again
// with float32 inputs); gradcheck (and gradgradcheck where there is a second derivative) runs
// on it with contiguous, transposed, stepped and expanded inputs when its values are finite and
// non-empty. A case whose name starts with "ties" or "zero" sits on a kink: compared with torch,
// not finite-differenced.
#include <string>
#include <vector>

#include <tapegrad/autograd/autograd.hpp>

namespace op_test {

namespace tg = tapegrad;

struct OpEntry {
  std::string id;
  std::string call;
  std::string dtypes;
  bool gradient;
  bool second_derivative;
  tg::GradcheckFn fn;
  std::vector<std::string> cases;  // "" is the default case
  // Gradients agree with torch's within grad_tol * (1 + |torch's|). Larger only where torch 1.13
  // itself computes a float64 gradient with float32 constants (hardsigmoid's 1/6 is 0.16666667).
  double grad_tol = 1e-10;
};

inline const std::string kFloating = "float32, float64";

template <typename F>
tg::GradcheckFn unary_fn(F f) {
  return [f](const std::vector<tg::Tensor>& in) { return f(in[0]); };
}
template <typename F>
tg::GradcheckFn binary_fn(F f) {
  return [f](const std::vector<tg::Tensor>& in) { return f(in[0], in[1]); };
}

/// The pieces of a split, each times its position + 1, joined again: every piece's gradient shows.
inline tg::Tensor joined(const std::vector<tg::Tensor>& pieces, std::int64_t dim) {
  std::vector<tg::Tensor> scaled;
  for (std::size_t i = 0; i < pieces.size(); ++i) scaled.push_back(pieces[i] * static_cast<double>(i + 1));
  return tg::cat(scaled, dim);
}

inline const std::vector<OpEntry>& op_table() {
  using T = const tg::Tensor&;
  using Dims = std::vector<std::int64_t>;
  const std::vector<std::string> unary_cases{"", "0d", "empty"};
  const std::vector<std::string> binary_cases{"", "bcast", "0d", "empty"};
  static const std::vector<OpEntry> table = {
      // ---- reductions over several dims, 0-d dims, empty tensors ----
      {"sum_dims",
       "sum(x, {0, 2}, true)",
       kFloating,
       true,
       true,
       unary_fn([](T x) {
         return tg::sum(x, {0, 2}, true);
       }),
       {"", "empty"}},
      {"sum_dims_nokeep",
       "x.sum({0, -1})",
       kFloating,
       true,
       true,
       unary_fn([](T x) {
         return x.sum(Dims{0, -1});
       }),
       {"", "empty"}},
      {"sum_dim0_0d", "sum(0-d x, 0)", kFloating, true, true, unary_fn([](T x) { return tg::sum(x, 0); }), {""}},
      {"mean_dims",
       "mean(x, {0, 2})",
       kFloating,
       true,
       true,
       unary_fn([](T x) {
         return tg::mean(x, {0, 2});
       }),
       {"", "empty"}},
      {"mean_all_empty", "mean(empty x) = nan", kFloating, true, true, unary_fn([](T x) { return tg::mean(x); }), {""}},
      {"mean_dim_0d", "mean(0-d x, -1)", kFloating, true, true, unary_fn([](T x) { return tg::mean(x, -1); }), {""}},
      {"var_correction0",
       "var(x, {{1, 2}}, correction 0)",
       kFloating,
       true,
       true,
       unary_fn([](T x) {
         return tg::var(x, Dims{1, 2}, std::optional<std::int64_t>(0));
       }),
       {""}},
      {"var_correction2_keepdim",
       "var(x, {{0, 2}}, correction 2, true)",
       kFloating,
       true,
       true,
       unary_fn([](T x) {
         return tg::var(x, Dims{0, 2}, std::optional<std::int64_t>(2), true);
       }),
       {""}},
      {"var_unbiased_size1",
       "var(x [3,1], 1) = nan",
       kFloating,
       true,
       true,
       unary_fn([](T x) { return tg::var(x, 1); }),
       {""}},
      {"var_dim0_0d", "var(0-d x, 0) = nan", kFloating, true, true, unary_fn([](T x) { return tg::var(x, 0); }), {""}},
      {"var_all", "var(x)", kFloating, true, true, unary_fn([](T x) { return tg::var(x); }), {"", "empty"}},
      {"std_dims",
       "std(x, {0, 1})",
       kFloating,
       true,
       true,
       unary_fn([](T x) {
         return tg::std(x, Dims{0, 1});
       }),
       {""}},
      {"std_correction0_keepdim",
       "std(x, {{1}}, correction 0, true)",
       kFloating,
       true,
       true,
       unary_fn([](T x) { return tg::std(x, Dims{1}, std::optional<std::int64_t>(0), true); }),
       {""}},
      {"std_all_biased", "std(x, false)", kFloating, true, true, unary_fn([](T x) { return tg::std(x, false); }), {""}},
      {"amax_dims",
       "amax(x, {1, 2})",
       kFloating,
       true,
       true,
       unary_fn([](T x) {
         return tg::amax(x, {1, 2});
       }),
       {"", "ties"}},
      {"amax_0d", "amax(0-d x, {0})", kFloating, true, true, unary_fn([](T x) { return tg::amax(x, {0}); }), {""}},
      {"amin_dims_keepdim",
       "amin(x, {0, 2}, true)",
       kFloating,
       true,
       true,
       unary_fn([](T x) {
         return tg::amin(x, {0, 2}, true);
       }),
       {"", "ties"}},
      {"amax_all", "amax(x)", kFloating, true, true, unary_fn([](T x) { return tg::amax(x); }), {""}},
      {"logsumexp_dims",
       "logsumexp(x, {0, 2})",
       kFloating,
       true,
       true,
       unary_fn([](T x) {
         return tg::logsumexp(x, {0, 2});
       }),
       {"", "empty"}},
      {"logsumexp_0d",
       "logsumexp(0-d x, 0)",
       kFloating,
       true,
       true,
       unary_fn([](T x) { return tg::logsumexp(x, 0); }),
       {""}},
      {"norm_2", "norm(x)", kFloating, true, true, unary_fn([](T x) { return tg::norm(x); }), {"", "empty"}},
      {"norm_2_dims",
       "norm(x, 2, {0, 2}, true)",
       kFloating,
       true,
       true,
       unary_fn([](T x) {
         return tg::norm(x, 2, {0, 2}, true);
       }),
       {"", "zero"}},
      {"norm_1_dim", "norm(x, 1, {1})", kFloating, true, true, unary_fn([](T x) { return tg::norm(x, 1, {1}); }), {""}},
      {"norm_inf_dims",
       "norm(x, INFINITY, {1, 2})",
       kFloating,
       true,
       true,
       unary_fn([](T x) {
         return tg::norm(x, INFINITY, {1, 2});
       }),
       {""}},
      {"norm_3_dim",
       "norm(x, 3, {-1})",
       kFloating,
       true,
       true,
       unary_fn([](T x) { return tg::norm(x, 3, {-1}); }),
       {""}},
      {"norm_fro",
       "norm(x, \"fro\", {0, 1})",
       kFloating,
       true,
       true,
       unary_fn([](T x) {
         return tg::norm(x, "fro", {0, 1});
       }),
       {""}},
      {"prod_dim", "prod(x, 1)", kFloating, true, true, unary_fn([](T x) { return tg::prod(x, 1); }), {"", "zeros"}},
      {"prod_all", "prod(x)", kFloating, true, true, unary_fn([](T x) { return tg::prod(x); }), {"", "empty"}},
      {"all_dim", "all(x, 1)", kFloating, false, false, unary_fn([](T x) { return tg::all(x, 1); }), {"", "empty"}},
      {"any_dim", "any(x, 0)", kFloating, false, false, unary_fn([](T x) { return tg::any(x, 0); }), {"", "empty"}},
      {"count_nonzero_dims",
       "count_nonzero(x, {0, 1})",
       kFloating,
       false,
       false,
       unary_fn([](T x) {
         return tg::count_nonzero(x, {0, 1});
       }),
       {""}},
      {"max_dim_values",
       "std::get<0>(max(x, 1))",
       kFloating,
       true,
       true,
       unary_fn([](T x) { return std::get<0>(tg::max(x, 1)); }),
       {""}},
      {"max_dim_0d",
       "std::get<0>(max(0-d x, 0))",
       kFloating,
       true,
       true,
       unary_fn([](T x) { return std::get<0>(x.max(0)); }),
       {""}},
      {"max_dim_indices",
       "std::get<1>(max(x, 1, true))",
       kFloating,
       false,
       false,
       unary_fn([](T x) { return std::get<1>(tg::max(x, 1, true)); }),
       {""}},
      {"min_dim_values",
       "std::get<0>(min(x, 0, true))",
       kFloating,
       true,
       true,
       unary_fn([](T x) { return std::get<0>(tg::min(x, 0, true)); }),
       {""}},
      {"min_dim_indices",
       "std::get<1>(min(x, -1))",
       kFloating,
       false,
       false,
       unary_fn([](T x) { return std::get<1>(x.min(-1)); }),
       {"", "0d"}},
      {"softmax_0d", "softmax(0-d x, 0)", kFloating, true, true, unary_fn([](T x) { return tg::softmax(x, 0); }), {""}},
      {"log_softmax_0d",
       "log_softmax(0-d x, -1)",
       kFloating,
       true,
       true,
       unary_fn([](T x) { return tg::log_softmax(x, -1); }),
       {""}},
      {"argmax_0d", "argmax(0-d x, 0)", kFloating, false, false, unary_fn([](T x) { return tg::argmax(x, 0); }), {""}},

      // ---- elementwise math ----
      {"sin", "sin(x)", kFloating, true, true, unary_fn([](T x) { return tg::sin(x); }), unary_cases},
      {"cos", "cos(x)", kFloating, true, true, unary_fn([](T x) { return tg::cos(x); }), unary_cases},
      {"tan", "tan(x)", kFloating, true, true, unary_fn([](T x) { return tg::tan(x); }), unary_cases},
      {"asin", "asin(x)", kFloating, true, true, unary_fn([](T x) { return tg::asin(x); }), unary_cases},
      {"acos", "acos(x)", kFloating, true, true, unary_fn([](T x) { return tg::acos(x); }), unary_cases},
      {"atan", "atan(x)", kFloating, true, true, unary_fn([](T x) { return tg::atan(x); }), unary_cases},
      {"sinh", "sinh(x)", kFloating, true, true, unary_fn([](T x) { return tg::sinh(x); }), unary_cases},
      {"cosh", "cosh(x)", kFloating, true, true, unary_fn([](T x) { return tg::cosh(x); }), unary_cases},
      {"asinh", "asinh(x)", kFloating, true, true, unary_fn([](T x) { return tg::asinh(x); }), unary_cases},
      {"acosh", "acosh(x)", kFloating, true, true, unary_fn([](T x) { return tg::acosh(x); }), unary_cases},
      {"atanh", "atanh(x)", kFloating, true, true, unary_fn([](T x) { return tg::atanh(x); }), unary_cases},
      {"rsqrt", "rsqrt(x)", kFloating, true, true, unary_fn([](T x) { return tg::rsqrt(x); }), unary_cases},
      {"reciprocal", "reciprocal(x)", kFloating, true, true, unary_fn([](T x) { return tg::reciprocal(x); }),
       unary_cases},
      {"square", "square(x)", kFloating, true, true, unary_fn([](T x) { return tg::square(x); }), unary_cases},
      {"log1p", "log1p(x)", kFloating, true, true, unary_fn([](T x) { return tg::log1p(x); }), unary_cases},
      {"expm1", "expm1(x)", kFloating, true, true, unary_fn([](T x) { return tg::expm1(x); }), unary_cases},
      {"log2", "log2(x)", kFloating, true, true, unary_fn([](T x) { return tg::log2(x); }), unary_cases},
      {"log10", "log10(x)", kFloating, true, true, unary_fn([](T x) { return tg::log10(x); }), unary_cases},
      {"exp2", "exp2(x)", kFloating, true, true, unary_fn([](T x) { return tg::exp2(x); }), unary_cases},
      {"erf", "erf(x)", kFloating, true, true, unary_fn([](T x) { return tg::erf(x); }), unary_cases},
      {"erfc", "erfc(x)", kFloating, true, true, unary_fn([](T x) { return tg::erfc(x); }), unary_cases},
      {"floor", "floor(x)", kFloating, false, false, unary_fn([](T x) { return tg::floor(x); }), unary_cases},
      {"ceil", "ceil(x)", kFloating, false, false, unary_fn([](T x) { return tg::ceil(x); }), unary_cases},
      {"round",
       "round(x) (half to even)",
       kFloating,
       false,
       false,
       unary_fn([](T x) { return tg::round(x); }),
       {"", "0d", "empty", "halves"}},
      {"trunc", "trunc(x)", kFloating, false, false, unary_fn([](T x) { return tg::trunc(x); }), unary_cases},
      {"frac", "frac(x)", kFloating, true, true, unary_fn([](T x) { return tg::frac(x); }), unary_cases},
      {"nan_to_num",
       "nan_to_num(x)",
       kFloating,
       true,
       true,
       unary_fn([](T x) { return tg::nan_to_num(x); }),
       {"", "0d", "empty", "special"}},
      {"atan2", "atan2(a, b)", kFloating, true, true, binary_fn([](T a, T b) { return tg::atan2(a, b); }),
       binary_cases},
      {"maximum", "maximum(a, b)", kFloating, true, true, binary_fn([](T a, T b) { return tg::maximum(a, b); }),
       binary_cases},
      {"minimum", "minimum(a, b)", kFloating, true, true, binary_fn([](T a, T b) { return tg::minimum(a, b); }),
       binary_cases},
      {"fmod", "fmod(a, b)", kFloating, true, true, binary_fn([](T a, T b) { return tg::fmod(a, b); }), binary_cases},
      {"remainder", "remainder(a, b)", kFloating, true, true, binary_fn([](T a, T b) { return tg::remainder(a, b); }),
       binary_cases},
      {"hypot", "hypot(a, b)", kFloating, true, true, binary_fn([](T a, T b) { return tg::hypot(a, b); }),
       binary_cases},
      {"logaddexp", "logaddexp(a, b)", kFloating, true, true, binary_fn([](T a, T b) { return tg::logaddexp(a, b); }),
       binary_cases},
      {"lerp",
       "lerp(start, end, weight)",
       kFloating,
       true,
       true,
       [](const std::vector<tg::Tensor>& in) { return tg::lerp(in[0], in[1], in[2]); },
       {"", "bcast"}},
      {"lerp_scalar",
       "lerp(start, end, 0.3)",
       kFloating,
       true,
       true,
       binary_fn([](T a, T b) { return tg::lerp(a, b, 0.3); }),
       {""}},
      {"pow_scalar_base", "pow(2.5, x)", kFloating, true, true, unary_fn([](T x) { return tg::pow(2.5, x); }),
       unary_cases},

      // ---- activations ----
      {"elu", "elu(x, 0.7)", kFloating, true, true, unary_fn([](T x) { return tg::elu(x, 0.7); }), unary_cases},
      {"selu", "selu(x)", kFloating, true, true, unary_fn([](T x) { return tg::selu(x); }), unary_cases},
      {"celu", "celu(x, 1.3)", kFloating, true, true, unary_fn([](T x) { return tg::celu(x, 1.3); }), unary_cases,
       1e-7},
      {"gelu", "gelu(x)", kFloating, true, true, unary_fn([](T x) { return tg::gelu(x); }), unary_cases},
      {"gelu_tanh", "gelu(x, \"tanh\")", kFloating, true, true, unary_fn([](T x) { return tg::gelu(x, "tanh"); }),
       unary_cases},
      {"silu", "silu(x)", kFloating, true, true, unary_fn([](T x) { return tg::silu(x); }), unary_cases},
      {"mish", "mish(x)", kFloating, true, true, unary_fn([](T x) { return tg::mish(x); }), unary_cases},
      {"logsigmoid",
       "logsigmoid(x)",
       kFloating,
       true,
       true,
       unary_fn([](T x) { return tg::logsigmoid(x); }),
       {"", "0d", "empty", "large"}},
      {"hardtanh", "hardtanh(x, -0.5, 1.5)", kFloating, true, true,
       unary_fn([](T x) { return tg::hardtanh(x, -0.5, 1.5); }), unary_cases},
      {"relu6", "relu6(x)", kFloating, true, true, unary_fn([](T x) { return tg::relu6(x); }), unary_cases},
      {"hardsigmoid", "hardsigmoid(x)", kFloating, true, true, unary_fn([](T x) { return tg::hardsigmoid(x); }),
       unary_cases, 1e-7},
      {"hardswish", "hardswish(x)", kFloating, true, true, unary_fn([](T x) { return tg::hardswish(x); }), unary_cases},
      {"softsign", "softsign(x)", kFloating, true, true, unary_fn([](T x) { return tg::softsign(x); }), unary_cases},
      {"tanhshrink", "tanhshrink(x)", kFloating, true, true, unary_fn([](T x) { return tg::tanhshrink(x); }),
       unary_cases},
      {"softmin", "softmin(x, 1)", kFloating, true, true, unary_fn([](T x) { return tg::softmin(x, 1); }), {""}},
      {"normalize",
       "normalize(x, 2, 1)",
       kFloating,
       true,
       true,
       unary_fn([](T x) { return tg::normalize(x, 2.0, 1); }),
       {""}},
      {"normalize_p1_dim0",
       "normalize(x, 1, 0)",
       kFloating,
       true,
       true,
       unary_fn([](T x) { return tg::normalize(x, 1.0, 0); }),
       {""}},
      {"glu", "glu(x, -1)", kFloating, true, true, unary_fn([](T x) { return tg::glu(x, -1); }), {""}},

      // ---- products ----
      {"matmul_bcast",
       "matmul(a, b), batch dims broadcast",
       kFloating,
       true,
       true,
       binary_fn([](T a, T b) { return tg::matmul(a, b); }),
       {"", "4d", "empty"}},
      {"bmm", "bmm(a, b)", kFloating, true, true, binary_fn([](T a, T b) { return tg::bmm(a, b); }), {"", "empty"}},
      {"addmm",
       "addmm(input, a, b, 0.5, 2)",
       kFloating,
       true,
       true,
       [](const std::vector<tg::Tensor>& in) { return tg::addmm(in[0], in[1], in[2], 0.5, 2.0); },
       {"", "full"}},
      {"addmv",
       "addmv(input, mat, vec, 0.5, 2)",
       kFloating,
       true,
       true,
       [](const std::vector<tg::Tensor>& in) { return tg::addmv(in[0], in[1], in[2], 0.5, 2.0); },
       {""}},
      {"baddbmm",
       "baddbmm(input, a, b, 0.5, 2)",
       kFloating,
       true,
       true,
       [](const std::vector<tg::Tensor>& in) { return tg::baddbmm(in[0], in[1], in[2], 0.5, 2.0); },
       {""}},
      {"dot", "dot(a, b)", kFloating, true, true, binary_fn([](T a, T b) { return tg::dot(a, b); }), {"", "empty"}},
      {"vdot", "vdot(a, b)", kFloating, true, true, binary_fn([](T a, T b) { return tg::vdot(a, b); }), {""}},
      {"outer",
       "outer(a, b)",
       kFloating,
       true,
       true,
       binary_fn([](T a, T b) { return tg::outer(a, b); }),
       {"", "empty"}},
      {"mv", "mv(mat, vec)", kFloating, true, true, binary_fn([](T a, T b) { return tg::mv(a, b); }), {""}},
      {"einsum_bij_bjk",
       "einsum(\"bij,bjk->bik\", {a, b})",
       kFloating,
       true,
       true,
       binary_fn(
           [](T a, T b) {
             return tg::einsum("bij,bjk->bik", {a, b});
           }),
       {""}},
      {"einsum_transpose",
       "einsum(\"ij->ji\", {a})",
       kFloating,
       true,
       true,
       unary_fn([](T a) { return tg::einsum("ij->ji", {a}); }),
       {""}},
      {"einsum_inner",
       "einsum(\"i,i\", {a, b})",
       kFloating,
       true,
       true,
       binary_fn(
           [](T a, T b) {
             return tg::einsum("i,i", {a, b});
           }),
       {""}},
      {"einsum_mv",
       "einsum(\"ij,j->i\", {a, b})",
       kFloating,
       true,
       true,
       binary_fn(
           [](T a, T b) {
             return tg::einsum("ij,j->i", {a, b});
           }),
       {""}},
      {"einsum_diag",
       "einsum(\"ii->i\", {a})",
       kFloating,
       true,
       true,
       unary_fn([](T a) { return tg::einsum("ii->i", {a}); }),
       {""}},
      {"einsum_sum",
       "einsum(\"ij->\", {a})",
       kFloating,
       true,
       true,
       unary_fn([](T a) { return tg::einsum("ij->", {a}); }),
       {""}},
      {"einsum_batch_outer",
       "einsum(\"bi,bj->bij\", {a, b})",
       kFloating,
       true,
       true,
       binary_fn(
           [](T a, T b) {
             return tg::einsum("bi,bj->bij", {a, b});
           }),
       {""}},
      {"einsum_bilinear",
       "einsum(\"bi,oij,bj->bo\", {a, w, b})",
       kFloating,
       true,
       true,
       [](const std::vector<tg::Tensor>& in) {
         return tg::einsum("bi,oij,bj->bo", {in[0], in[1], in[2]});
       },
       {""}},

      // ---- rearranging ----
      {"flip",
       "flip(x, {0, 2})",
       kFloating,
       true,
       true,
       unary_fn(
           [](T x) {
             return tg::flip(x, {0, 2});
           }),
       {"", "empty"}},
      {"roll",
       "roll(x, {1, -2}, {0, 2})",
       kFloating,
       true,
       true,
       unary_fn(
           [](T x) {
             return tg::roll(x, {1, -2}, {0, 2});
           }),
       {""}},
      {"roll_flat", "roll(x, {5})", kFloating, true, true, unary_fn([](T x) { return tg::roll(x, {5}); }), {""}},
      {"pad_constant",
       "pad(x, {1, 2, 0, 1}, \"constant\", 0.5)",
       kFloating,
       true,
       true,
       unary_fn(
           [](T x) {
             return tg::pad(x, {1, 2, 0, 1}, "constant", 0.5);
           }),
       {""}},
      {"pad_crop",
       "pad(x, {-1, 1})",
       kFloating,
       true,
       true,
       unary_fn(
           [](T x) {
             return tg::pad(x, {-1, 1});
           }),
       {""}},
      {"pad_reflect",
       "pad(x, {2, 1}, \"reflect\")",
       kFloating,
       true,
       true,
       unary_fn(
           [](T x) {
             return tg::pad(x, {2, 1}, "reflect");
           }),
       {""}},
      {"pad_replicate",
       "pad(x, {1, 3}, \"replicate\")",
       kFloating,
       true,
       true,
       unary_fn(
           [](T x) {
             return tg::pad(x, {1, 3}, "replicate");
           }),
       {""}},
      {"repeat",
       "repeat(x, {2, 1, 3, 1})",
       kFloating,
       true,
       true,
       unary_fn(
           [](T x) {
             return tg::repeat(x, {2, 1, 3, 1});
           }),
       {""}},
      {"tile", "tile(x, {2})", kFloating, true, true, unary_fn([](T x) { return tg::tile(x, {2}); }), {""}},
      {"repeat_interleave",
       "repeat_interleave(x, 2, 1)",
       kFloating,
       true,
       true,
       unary_fn([](T x) { return tg::repeat_interleave(x, 2, 1); }),
       {""}},
      {"repeat_interleave_flat",
       "repeat_interleave(x, 3)",
       kFloating,
       true,
       true,
       unary_fn([](T x) { return tg::repeat_interleave(x, 3); }),
       {"", "0d"}},
      {"split",
       "split(x, 3, 1)",
       kFloating,
       true,
       true,
       unary_fn([](T x) { return joined(tg::split(x, 3, 1), 1); }),
       {""}},
      {"split_sizes",
       "split(x, {1, 4, 2}, 1)",
       kFloating,
       true,
       true,
       unary_fn(
           [](T x) {
             return joined(tg::split(x, std::vector<std::int64_t>{1, 4, 2}, 1), 1);
           }),
       {""}},
      {"chunk",
       "chunk(x, 3, 0)",
       kFloating,
       true,
       true,
       unary_fn([](T x) { return joined(tg::chunk(x, 3, 0), 0); }),
       {""}},
      {"unbind",
       "unbind(x, 1)",
       kFloating,
       true,
       true,
       unary_fn(
           [](T x) {
             std::vector<tg::Tensor> parts = tg::unbind(x, 1);
             for (std::size_t i = 0; i < parts.size(); ++i) parts[i] = parts[i] * static_cast<double>(i + 1);
             return tg::stack(parts, 0);
           }),
       {""}},
      {"unflatten",
       "unflatten(x, 1, {2, -1})",
       kFloating,
       true,
       true,
       unary_fn(
           [](T x) {
             return tg::unflatten(x, 1, {2, -1});
           }),
       {""}},
      {"movedim",
       "movedim(x, {0, 1}, {2, 0})",
       kFloating,
       true,
       true,
       unary_fn(
           [](T x) {
             return tg::movedim(x, {0, 1}, {2, 0});
           }),
       {""}},
      {"diag_vector", "diag(x [3], 1)", kFloating, true, true, unary_fn([](T x) { return tg::diag(x, 1); }), {""}},
      {"diag_matrix", "diag(x [3,4], -1)", kFloating, true, true, unary_fn([](T x) { return tg::diag(x, -1); }), {""}},
      {"diag_embed",
       "diag_embed(x, -1, 0, 2)",
       kFloating,
       true,
       true,
       unary_fn([](T x) { return tg::diag_embed(x, -1, 0, 2); }),
       {""}},
      {"tril", "tril(x, 1)", kFloating, true, true, unary_fn([](T x) { return tg::tril(x, 1); }), {"", "empty"}},
      {"triu", "triu(x, -1)", kFloating, true, true, unary_fn([](T x) { return tg::triu(x, -1); }), {""}},
      {"meshgrid_ij",
       "meshgrid({a, b}, \"ij\")",
       kFloating,
       true,
       true,
       binary_fn(
           [](T a, T b) {
             return joined(tg::meshgrid({a, b}, "ij"), 0);
           }),
       {""}},
      {"meshgrid_xy",
       "meshgrid({a, b}, \"xy\")",
       kFloating,
       true,
       true,
       binary_fn(
           [](T a, T b) {
             return joined(tg::meshgrid({a, b}, "xy"), 0);
           }),
       {""}},
      {"unfold",
       "unfold(x, 1, 3, 2)",
       kFloating,
       true,
       true,
       unary_fn([](T x) { return tg::unfold(x, 1, 3, 2); }),
       {""}},
      {"unfold_overlap",
       "unfold(x, 0, 3, 1) (overlapping windows)",
       kFloating,
       true,
       true,
       unary_fn([](T x) { return tg::unfold(x, 0, 3, 1); }),
       {""}},
      {"broadcast_to",
       "broadcast_to(x, {2, 3, 4})",
       kFloating,
       true,
       true,
       unary_fn(
           [](T x) {
             return tg::broadcast_to(x, {2, 3, 4});
           }),
       {""}},
      {"squeeze_dims",
       "squeeze(x, {0, 2})",
       kFloating,
       true,
       true,
       unary_fn(
           [](T x) {
             return tg::squeeze(x, std::vector<std::int64_t>{0, 2});
           }),
       {""}},

      // ---- indexing ----
      {"scatter",
       "scatter(self, 1, index, src)",
       kFloating,
       true,
       true,
       [](const std::vector<tg::Tensor>& in) { return tg::scatter(in[0], 1, in[1], in[2]); },
       {""}},
      {"scatter_reduce_add",
       "scatter(self, 1, index, src, \"add\")",
       kFloating,
       true,
       true,
       [](const std::vector<tg::Tensor>& in) { return tg::scatter(in[0], 1, in[1], in[2], "add"); },
       {""}},
      {"scatter_add_into",
       "scatter_add(self, 0, index, src)",
       kFloating,
       true,
       true,
       [](const std::vector<tg::Tensor>& in) { return tg::scatter_add(in[0], 0, in[1], in[2]); },
       {""}},
      {"index_add",
       "index_add(self, 0, {2, 0}, source, 1.5)",
       kFloating,
       true,
       true,
       binary_fn(
           [](T a, T b) {
             return tg::index_add(a, 0, tg::tensor(std::vector<std::int64_t>{2, 0}), b, 1.5);
           }),
       {""}},
      {"index_copy",
       "index_copy(self, 1, {3, 1}, source)",
       kFloating,
       true,
       true,
       binary_fn(
           [](T a, T b) {
             return tg::index_copy(a, 1, tg::tensor(std::vector<std::int64_t>{3, 1}), b);
           }),
       {""}},
      {"index_fill",
       "index_fill(self, 1, {0, 2}, -1.5)",
       kFloating,
       true,
       true,
       unary_fn(
           [](T a) {
             return tg::index_fill(a, 1, tg::tensor(std::vector<std::int64_t>{0, 2}), -1.5);
           }),
       {""}},
      {"masked_select",
       "masked_select(x, mask)",
       kFloating,
       true,
       true,
       binary_fn([](T a, T m) { return tg::masked_select(a, m); }),
       {""}},
      {"nonzero", "nonzero(x)", kFloating, false, false, unary_fn([](T x) { return tg::nonzero(x); }), {"", "empty"}},
      {"argwhere", "argwhere(x)", kFloating, false, false, unary_fn([](T x) { return tg::argwhere(x); }), {""}},
      {"take_along_dim",
       "take_along_dim(x, indices, 1)",
       kFloating,
       true,
       true,
       binary_fn([](T x, T i) { return tg::take_along_dim(x, i, 1); }),
       {"", "bcast"}},
      {"take_along_dim_flat",
       "take_along_dim(x, indices)",
       kFloating,
       true,
       true,
       binary_fn([](T x, T i) { return tg::take_along_dim(x, i); }),
       {""}},
  };
  return table;
}

}  // namespace op_test
