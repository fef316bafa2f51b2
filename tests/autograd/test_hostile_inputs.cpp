// The hostile-input battery, autograd half (tests/nn/test_hostile_inputs.cpp has modules and
// losses): sizes that overflow, indices at the int64 limits, wrong dtypes, NaN and Inf, empty and
// undefined tensors. Each bad call throws a tapegrad::Error that starts with the op the user
// called, or gives PyTorch 1.13's result (checked with torch, quoted beside each case); none is
// undefined behaviour, which the sanitizer build (TAPEGRAD_SANITIZE=ON) runs this file to show.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <tapegrad/autograd/autograd.hpp>
#include <tapegrad/autograd/tensor_impl.hpp>

#include "support/test_support.hpp"

// The allocation cases ask for terabytes, which must fail as a tapegrad::Error. ASan's allocator
// aborts the process on such a request unless told to return null, as malloc does; this sets that
// default for this binary, whoever runs it (ctest or by hand), and is unused without ASan.
extern "C" const char* __asan_default_options() { return "allocator_may_return_null=1"; }

namespace tg = tapegrad;

namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
const double kNan = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

struct BadCall {
  const char* what;
  std::function<void()> call;
  std::string prefix;                // the message starts with this: the op's name, and more
  std::vector<std::string> parts{};  // and contains these
};

void run(const std::vector<BadCall>& table) {
  for (const BadCall& c : table) {
    std::string problem = tg_test::detail::error_problem(c.call, c.prefix, c.parts);
    BOOST_CHECK_MESSAGE(problem.empty(), c.what << ": " << problem);
  }
}

tg::Tensor m23() { return tg::ones({2, 3}); }
tg::Tensor idx(const std::vector<std::int64_t>& v) { return tg::tensor(v); }
const tg::Tensor U;  // undefined

}  // namespace

BOOST_AUTO_TEST_SUITE(hostile_inputs)

BOOST_AUTO_TEST_CASE(sizes_that_overflow_or_cannot_be_allocated_throw_naming_the_op_and_the_shape) {
  std::vector<BadCall> table = {
      {"zeros 2^62 float32: 16 EiB",
       [] { tg::zeros({1LL << 62}); },
       "zeros: cannot allocate 16 EiB",
       {"[4611686018427387904] float32"}},
      {"zeros 2^32 x 2^32",
       [] {
         tg::zeros({1LL << 32, 1LL << 32});
       },
       "zeros: shape [4294967296,4294967296] is too large"},
      {"zeros 0 x 2^32 x 2^32 (strides overflow)",
       [] {
         tg::zeros({0, 1LL << 32, 1LL << 32});
       },
       "zeros: shape [0,4294967296,4294967296] is too large"},
      {"ones 2^63-1 x 2",
       [] {
         tg::ones({kMax, 2});
       },
       "ones: shape",
       {"too large"}},
      {"full 2^62 float64", [] { tg::full({1LL << 62}, 1.0, tg::kFloat64); }, "full: cannot allocate 32 EiB"},
      {"empty 2^61 float64", [] { tg::empty({1LL << 61}, tg::kFloat64); }, "empty: cannot allocate 16 EiB"},
      {"rand 2^40", [] { tg::rand({1LL << 40}); }, "rand: cannot allocate 4 TiB", {"[1099511627776] float32"}},
      {"randn 2^40", [] { tg::randn({1LL << 40}); }, "randn: cannot allocate 4 TiB"},
      {"uniform 2^40", [] { tg::uniform({1LL << 40}, 0, 1); }, "uniform: cannot allocate 4 TiB"},
      {"randint 2^40", [] { tg::randint(0, 3, {1LL << 40}); }, "randint: cannot allocate 8 TiB", {"int64"}},
      {"randperm 2^40", [] { tg::randperm(1LL << 40); }, "randperm: cannot allocate 8 TiB"},
      {"zeros 2^40: 4 TiB, cannot be satisfied", [] { tg::zeros({1LL << 40}); },
       "zeros: cannot allocate 4 TiB for a [1099511627776] float32 tensor"},
      {"zeros 2^20 x 2^20 x 4",
       [] {
         tg::zeros({1LL << 20, 1LL << 20, 4});
       },
       "zeros: cannot allocate 16 TiB"},
      {"eye 2^32", [] { tg::eye(1LL << 32); }, "eye: shape [4294967296,4294967296] is too large"},
      {"eye 2^31", [] { tg::eye(1LL << 31); }, "eye: cannot allocate 16 EiB"},
      {"eye 2^20 x 2^30", [] { tg::eye(1LL << 20, 1LL << 30); }, "eye: cannot allocate 4 PiB"},
      {"eye negative", [] { tg::eye(-1); }, "eye: n must be non-negative"},
      {"linspace 2^62 steps", [] { tg::linspace(0, 1, 1LL << 62); }, "linspace: cannot allocate 16 EiB"},
      {"linspace negative", [] { tg::linspace(0, 1, -1); }, "linspace: number of steps must be non-negative"},
      {"zeros negative size",
       [] {
         tg::zeros({2, -1});
       },
       "zeros: negative size -1 in shape [2,-1]"},
      {"zeros INT64_MIN size", [] { tg::zeros({kMin}); }, "zeros: negative size"},
      {"randperm negative", [] { tg::randperm(-5); }, "randperm: n must be non-negative"},
      {"from_vector overflowing shape",
       [] {
         tg::from_vector({1, 2}, {1LL << 32, 1LL << 32});
       },
       "from_vector: shape [4294967296,4294967296] is too large"},
      {"from_vector shape whose product wraps to the size",
       [] {
         tg::from_vector({1, 2}, {2, 1LL << 62, 4});
       },
       "from_vector: shape",
       {"too large"}},
      {"from_vector count mismatch",
       [] {
         tg::from_vector({1, 2, 3}, {2, 2});
       },
       "from_vector: shape [2,2] needs 4"},
      {"reshape 0 to 2^32 x 2^32",
       [] {
         tg::zeros({0}).reshape({1LL << 32, 1LL << 32});
       },
       "reshape: shape [4294967296,4294967296] is too large"},
      {"reshape 0 to 0 x 2^32 x 2^32",
       [] {
         tg::zeros({0}).reshape({0, 1LL << 32, 1LL << 32});
       },
       "reshape: shape [0,4294967296,4294967296] is too large"},
      {"reshape wrapping product equals numel",
       [] {
         tg::zeros({0}).reshape({1LL << 32, 1LL << 32, 0});
       },
       "reshape: shape",
       {"too large"}},
      {"reshape -1 with overflowing known part",
       [] {
         tg::zeros({4}).reshape({-1, 1LL << 32, 1LL << 32});
       },
       "reshape: shape",
       {"too large"}},
      {"view 0 to huge",
       [] {
         tg::zeros({0}).view({1LL << 40, 1LL << 40});
       },
       "view: shape",
       {"too large"}},
      {"reshape two -1",
       [] {
         m23().reshape({-1, -1});
       },
       "reshape: only one dimension can be inferred"},
      {"reshape wrong count",
       [] {
         m23().reshape({4, 2});
       },
       "reshape: shape [4,2] is invalid for input of size 6"},
      {"reshape -1 into 0",
       [] {
         tg::zeros({0, 3}).reshape({0, -1});
       },
       "reshape: shape [0,-1] is invalid"},
      {"expand to 2^62 x 4",
       [] {
         tg::zeros({1}).expand({1LL << 62, 4});
       },
       "expand: shape",
       {"too large"}},
      {"expand to 2^32 x 2^32",
       [] {
         tg::zeros({1, 1}).expand({1LL << 32, 1LL << 32});
       },
       "expand: shape",
       {"too large"}},
      {"broadcast of two expanded views overflows",
       [] {
         tg::add(tg::zeros({1, 1}).expand({1LL << 40, 1}), tg::zeros({1}).expand({1LL << 40}));
       },
       "out of memory: cannot allocate 4 TiB"},
      {"sum of a 2^40 expanded view", [] { tg::mul(tg::zeros({1}).expand({1LL << 40}), 2.0); },
       "out of memory: cannot allocate 4 TiB"},
      {"one_hot with 2^62 classes",
       [] {
         tg::one_hot(idx({1, 2}), 1LL << 62);
       },
       "one_hot: cannot allocate"},
      {"scatter_add into an overflowing shape",
       [] {
         tg::scatter_add({1LL << 32, 1LL << 32}, 0, idx({0}), tg::ones({1}));
       },
       "scatter_add: shape",
       {"too large"}},
      {"detail::to_xshape (the checkpoint loader's check)",
       [] {
         tg::detail::to_xshape({0, 4294967296LL, 4294967296LL}, "load_tensors");
       },
       "load_tensors: shape [0,4294967296,4294967296] is too large"},
  };
  run(table);
}

BOOST_AUTO_TEST_CASE(indices_at_the_int64_limits_are_checked) {
  std::vector<BadCall> table = {
      {"narrow start INT64_MAX", [] { tg::narrow(m23(), 1, kMax, 2); }, "narrow: start (9223372036854775807) is out"},
      {"narrow start INT64_MIN", [] { tg::narrow(m23(), 1, kMin, 2); }, "narrow: start", {"out of range"}},
      {"narrow length INT64_MAX", [] { tg::narrow(m23(), 1, 1, kMax); }, "narrow: start (1) + length"},
      {"narrow negative length", [] { tg::narrow(m23(), 1, 0, -1); }, "narrow:"},
      {"narrow dim INT64_MIN", [] { tg::narrow(m23(), kMin, 0, 1); }, "narrow: dimension", {"out of range"}},
      {"narrow a scalar", [] { tg::narrow(tg::ones({}), 0, 0, 1); }, "narrow: cannot narrow a 0-dimensional"},
      {"select index INT64_MAX", [] { tg::select(m23(), 1, kMax); }, "select: index 9223372036854775807 is out"},
      {"select index INT64_MIN", [] { tg::select(m23(), 1, kMin); }, "select: index", {"out of range"}},
      {"select dim INT64_MAX", [] { tg::select(m23(), kMax, 0); }, "select: dimension", {"out of range"}},
      {"select a scalar", [] { tg::select(tg::ones({}), 0, 0); }, "select: cannot index a 0-dimensional"},
      {"slice dim INT64_MIN", [] { tg::slice(m23(), kMin, 0, 1); }, "slice: dimension", {"out of range"}},
      {"slice step 0", [] { tg::slice(m23(), 1, 0, 2, 0); }, "slice: step must be positive"},
      {"slice step INT64_MIN", [] { tg::slice(m23(), 1, 0, 2, kMin); }, "slice: step must be positive"},
      {"slice a scalar", [] { tg::slice(tg::ones({}), 0, 0, 1); }, "slice: cannot slice a 0-dimensional"},
      {"transpose dim INT64_MAX", [] { tg::transpose(m23(), 0, kMax); }, "transpose: dimension", {"out of range"}},
      {"permute dim INT64_MIN",
       [] {
         tg::permute(m23(), {0, kMin});
       },
       "permute: dimension",
       {"out of range"}},
      {"permute repeated",
       [] {
         tg::permute(m23(), {1, 1});
       },
       "permute: dimension 1 repeats"},
      {"permute wrong rank", [] { tg::permute(m23(), {0}); }, "permute: got 1 dimensions"},
      {"unsqueeze INT64_MAX", [] { tg::unsqueeze(m23(), kMax); }, "unsqueeze: dimension", {"out of range"}},
      {"squeeze INT64_MIN", [] { tg::squeeze(m23(), kMin); }, "squeeze: dimension", {"out of range"}},
      {"flatten start after end",
       [] {
         tg::flatten(tg::ones({2, 3, 4}), 2, 1);
       },
       "flatten: start_dim (2) comes after"},
      {"flatten dim INT64_MAX", [] { tg::flatten(m23(), kMax); }, "flatten: dimension", {"out of range"}},
      {"diagonal same dims", [] { tg::diagonal(m23(), 0, 1, 1); }, "diagonal: dim1 and dim2 cannot be the same"},
      {"diagonal a vector", [] { tg::diagonal(tg::ones({3})); }, "diagonal: expects a tensor with at least 2"},
      {"diagonal dim INT64_MIN", [] { tg::diagonal(m23(), 0, kMin, 1); }, "diagonal: dimension", {"out of range"}},
      {"sum dim INT64_MIN", [] { tg::sum(m23(), kMin); }, "sum: dimension", {"out of range"}},
      {"mean dim INT64_MAX", [] { tg::mean(m23(), kMax); }, "mean: dimension", {"out of range"}},
      {"max dim 2 of a matrix", [] { tg::max(m23(), 2); }, "max: dimension 2 is out of range"},
      {"argmax dim -3", [] { tg::argmax(m23(), -3); }, "argmax: dimension -3 is out of range"},
      {"softmax dim INT64_MAX", [] { tg::softmax(m23(), kMax); }, "softmax: dimension", {"out of range"}},
      {"log_softmax dim 5", [] { tg::log_softmax(m23(), 5); }, "log_softmax: dimension 5 is out of range"},
      {"logsumexp dim -9", [] { tg::logsumexp(m23(), -9); }, "logsumexp: dimension -9 is out of range"},
      {"var dim INT64_MIN", [] { tg::var(m23(), kMin); }, "var: dimension", {"out of range"}},
      {"cat dim INT64_MAX",
       [] {
         tg::cat({m23(), m23()}, kMax);
       },
       "cat: dimension",
       {"out of range"}},
      {"stack dim INT64_MIN",
       [] {
         tg::stack({m23(), m23()}, kMin);
       },
       "stack: dimension",
       {"out of range"}},
      {"index_select index INT64_MAX", [] { tg::index_select(m23(), 1, idx({kMax})); }, "index_select: index"},
      {"index_select index INT64_MIN", [] { tg::index_select(m23(), 1, idx({kMin})); }, "index_select: index"},
      {"index_select index = size", [] { tg::index_select(m23(), 1, idx({3})); }, "index_select: index 3"},
      {"index_select dim INT64_MAX", [] { tg::index_select(m23(), kMax, idx({0})); }, "index_select: dimension"},
      {"index_select 2-D index",
       [] {
         tg::index_select(m23(), 1, tg::zeros({1, 1}, tg::kInt64));
       },
       "index_select: index must be 1-D"},
      {"gather index INT64_MIN",
       [] {
         tg::gather(m23(), 1, idx({kMin, 0}).reshape({2, 1}));
       },
       "gather: index"},
      {"gather index -1",
       [] {
         tg::gather(m23(), 1, tg::full({2, 1}, -1, tg::kInt64));
       },
       "gather: index -1"},
      {"gather dim INT64_MIN",
       [] {
         tg::gather(m23(), kMin, tg::zeros({2, 1}, tg::kInt64));
       },
       "gather: dimension"},
      {"scatter_add index out of range", [] { tg::scatter_add({3}, 0, idx({kMax}), tg::ones({1})); },
       "scatter_add: index"},
      {"one_hot class INT64_MIN", [] { tg::one_hot(idx({kMin}), 3); }, "one_hot: class value", {"outside [0, 3)"}},
      {"one_hot class INT64_MAX inferred", [] { tg::one_hot(idx({kMax})); },
       "one_hot: class value 9223372036854775807 leaves no"},
      {"one_hot class >= num_classes", [] { tg::one_hot(idx({3}), 3); }, "one_hot: class value 3 is outside [0, 3)"},
      {"at index INT64_MIN",
       [] {
         m23().at<float>({0, kMin});
       },
       "at: index",
       {"out of range"}},
      {"at wrong count", [] { m23().at<float>({0}); }, "at: got 1 indices"},
      {"size dim INT64_MAX", [] { m23().size(kMax); }, "size:"},
      {"randint low == high", [] { tg::randint(3, 3, {2}); }, "randint: low (3) must be less than high (3)"},
      {"randint low > high at the limits", [] { tg::randint(kMax, kMin, {2}); }, "randint: low"},
  };
  run(table);
}

BOOST_AUTO_TEST_CASE(nan_inf_and_out_of_range_values_never_reach_an_integer_cast) {
  std::vector<BadCall> table = {
      {"to int64 of 1e30", [] { tg::scalar_tensor(1e30).to(tg::kInt64); },
       "to: value 1e+30 cannot be converted to int64 without overflow"},
      {"to int64 of NaN",
       [] {
         tg::tensor({1.0, kNan}).to(tg::kInt64);
       },
       "to: value nan cannot be converted to int64"},
      {"to int64 of -inf", [] { tg::scalar_tensor(-kInf, tg::kFloat64).to(tg::kInt64); }, "to: value -inf cannot"},
      {"to int64 of 2^63", [] { tg::scalar_tensor(0x1p63, tg::kFloat64).to(tg::kInt64); }, "to: value", {"overflow"}},
      {"full int64 with 1e30", [] { tg::full({2}, 1e30, tg::kInt64); }, "full: value 1e+30 cannot be converted"},
      {"full int64 with NaN", [] { tg::full({2}, kNan, tg::kInt64); }, "full: value nan cannot be converted"},
      {"tensor int64 with inf",
       [] {
         tg::tensor({1.0, kInf}, tg::kInt64);
       },
       "tensor: value inf cannot be converted"},
      {"from_vector int64 with 1e19", [] { tg::from_vector({1e19}, {1}, tg::kInt64); }, "tensor: value 1e+19"},
      {"fill_ int64 with NaN", [] { tg::zeros({2}, tg::kInt64).fill_(kNan); }, "fill_: value nan cannot be converted"},
      {"assign 1e30 into an int64 view", [] { tg::zeros({2}, tg::kInt64)[0] = 1e30; }, "fill_: value 1e+30"},
      {"copy_ NaN into int64", [] { tg::zeros({2}, tg::kInt64).copy_(tg::full({2}, kNan)); }, "to: value nan"},
      {"item<int64> of NaN", [] { tg::scalar_tensor(kNan).item<std::int64_t>(); }, "item: value nan cannot"},
      {"item<int> of 1e30", [] { tg::scalar_tensor(1e30).item<int>(); }, "item: value 1e+30 cannot"},
      {"at<int64> of inf", [] { tg::tensor({kInf}).at<std::int64_t>({0}); }, "at: value inf cannot"},
      {"to_vector<int64> of NaN", [] { tg::tensor({kNan}).to_vector<std::int64_t>(); }, "to_vector: value nan"},
      {"arange to inf", [] { tg::arange(0.0, kInf); }, "arange: unsupported range: 0 -> inf"},
      {"arange from -inf", [] { tg::arange(-kInf, 0.0, 1.0); }, "arange: unsupported range: -inf -> 0"},
      {"arange to NaN", [] { tg::arange(0.0, kNan); }, "arange: unsupported range: 0 -> nan"},
      {"arange step NaN", [] { tg::arange(0.0, 1.0, kNan); }, "arange: step must be finite, got nan"},
      {"arange step inf", [] { tg::arange(0.0, 1.0, kInf); }, "arange: step must be finite, got inf"},
      {"arange step 0", [] { tg::arange(0.0, 1.0, 0.0); }, "arange: step must be non-zero"},
      {"arange 1e30 elements", [] { tg::arange(0.0, 1e30); }, "arange: the range 0 -> 1e+30", {"too many elements"}},
      {"arange whose length overflows double", [] { tg::arange(-1e308, 1e308, 1e-300); }, "arange:", {"too many"}},
      {"arange tiny step", [] { tg::arange(0.0, 1.0, 1e-300); }, "arange: the range", {"too many elements"}},
      {"arange wrong direction", [] { tg::arange(0.0, 1.0, -1.0); }, "arange: upper bound and step are inconsistent"},
      {"uniform NaN bound", [] { tg::uniform({2}, kNan, 1.0); }, "uniform:"},
      {"add_ on int64 with alpha 1e30", [] { tg::zeros({2}, tg::kInt64).add_(tg::ones({2}, tg::kInt64), 1e30); },
       "add_: for integer tensors, alpha must be an integer within int64's range, got 1e+30"},
      {"sub_ on int64 with alpha NaN",
       [] { tg::zeros({2}, tg::kInt64).sub_(tg::ones({2}, tg::kInt64), kNan); },
       "sub_: for integer tensors, alpha must be an integer",
       {"got nan"}},
      {"add_ on int64 with alpha 2.5",
       [] { tg::zeros({2}, tg::kInt64).add_(tg::ones({2}, tg::kInt64), 2.5); },
       "add_: for integer tensors, alpha must be an integer",
       {"got 2.5"}},
      {"rand int64", [] { tg::rand({2}, tg::kInt64); }, "rand: expected a floating-point dtype, got int64"},
      {"randn int64", [] { tg::randn({2}, tg::kInt64); }, "randn: expected a floating-point dtype, got int64"},
      {"clamp no bounds", [] { tg::clamp(m23(), std::nullopt, std::nullopt); }, "clamp: at least one of"},
  };
  run(table);
}

BOOST_AUTO_TEST_CASE(wrong_dtypes_are_refused_by_name) {
  tg::Tensor i = tg::zeros({2, 3}, tg::kInt64);
  tg::Tensor d = tg::ones({2, 3}, tg::kFloat64);
  std::vector<BadCall> table = {
      {"softmax int64", [&] { tg::softmax(i, 1); }, "softmax:"},
      {"max int64", [&] { tg::max(i); }, "max: expected a floating-point"},
      {"matmul float32 @ float64",
       [&] {
         tg::matmul(m23(), tg::ones({3, 2}, tg::kFloat64));
       },
       "matmul:"},
      {"mm of bool matrices (cat of mixed dtypes promotes, as torch)",
       [] {
         tg::mm(tg::ones({2, 2}, tg::kBool), tg::ones({2, 2}, tg::kBool));
       },
       "mm: not implemented for bool tensors"},
      {"index_select float index", [&] { tg::index_select(m23(), 1, tg::ones({1})); }, "index_select: index must be"},
      {"gather float index",
       [&] {
         tg::gather(m23(), 1, tg::ones({2, 1}));
       },
       "gather: index must be"},
      {"one_hot float classes", [&] { tg::one_hot(tg::ones({2})); }, "one_hot: class values must be an int64"},
      {"where float condition", [&] { tg::where(m23(), i, m23()); }, "where: expected condition to be a boolean"},
      {"add_ float32 into int64",
       [&] {
         tg::zeros({2, 3}, tg::kInt64).add_(m23());
       },
       "add_: result type float32"},
      {"neg bool", [&] { tg::neg(m23() > 0.0); }, "neg: negation"},
      {"int64 to int8 overflow", [&] { tg::full({2}, 1e3).to(tg::kInt8); }, "to: value 1000", {"int8"}},
  };
  run(table);
}

BOOST_AUTO_TEST_CASE(empty_and_undefined_tensors_are_refused_by_name) {
  tg::Tensor e = tg::zeros({0});
  std::vector<BadCall> table = {
      {"max of empty", [&] { tg::max(e); }, "max: cannot reduce an empty tensor (shape [0])"},
      {"min of [0,2]",
       [] {
         tg::min(tg::ones({0, 2}));
       },
       "min: cannot reduce an empty tensor"},
      {"max over a size-0 dimension",
       [] {
         tg::max(tg::ones({0, 2}), 0);
       },
       "max: cannot reduce dimension 0 of size 0 (shape [0,2])"},
      {"min over a size-0 dimension",
       [] {
         tg::min(tg::ones({2, 0}), -1);
       },
       "min: cannot reduce dimension -1 of size 0"},
      {"argmax of empty", [&] { tg::argmax(e); }, "argmax: cannot reduce an empty tensor"},
      {"argmin over a size-0 dimension",
       [] {
         tg::argmin(tg::ones({3, 0}), 1);
       },
       "argmin: cannot reduce dimension 1"},
      {"item of empty", [&] { e.item<float>(); }, "item: a tensor with 0 elements"},
      {"one_hot infer from empty", [] { tg::one_hot(tg::zeros({0}, tg::kInt64)); }, "one_hot: cannot infer"},
      {"cat of nothing", [] { tg::cat({}); }, "cat: expected a non-empty list"},
      {"stack of nothing", [] { tg::stack({}); }, "stack: expected a non-empty list"},
      {"cat of scalars",
       [] {
         tg::cat({tg::ones({}), tg::ones({})});
       },
       "cat: zero-dimensional tensors"},
      {"relu undefined", [] { tg::relu(U); }, "relu: got an undefined tensor"},
      {"exp undefined", [] { tg::exp(U); }, "exp: got an undefined tensor"},
      {"add undefined", [] { tg::add(U, m23()); }, "add: got an undefined tensor"},
      {"mul by undefined", [] { tg::mul(m23(), U); }, "mul: got an undefined tensor"},
      {"matmul undefined", [] { tg::matmul(U, m23()); }, "matmul:"},
      {"sum undefined", [] { tg::sum(U); }, "sum: got an undefined tensor"},
      {"mean undefined", [] { tg::mean(U); }, "mean:"},
      {"max undefined", [] { tg::max(U); }, "max: got an undefined tensor"},
      {"argmax undefined", [] { tg::argmax(U); }, "argmax: got an undefined tensor"},
      {"softmax undefined", [] { tg::softmax(U, 0); }, "softmax: got an undefined tensor"},
      {"log_softmax undefined", [] { tg::log_softmax(U, 0); }, "log_softmax: got an undefined tensor"},
      {"logsumexp undefined", [] { tg::logsumexp(U, 0); }, "logsumexp: got an undefined tensor"},
      {"reshape undefined", [] { tg::reshape(U, {1}); }, "reshape: got an undefined tensor"},
      {"expand undefined", [] { tg::expand(U, {1}); }, "expand: got an undefined tensor"},
      {"slice undefined", [] { tg::slice(U, 0, 0, 1); }, "slice: got an undefined tensor"},
      {"select undefined", [] { tg::select(U, 0, 0); }, "select: got an undefined tensor"},
      {"cat with undefined",
       [] {
         tg::cat({m23(), U});
       },
       "cat: got an undefined tensor"},
      {"stack with undefined",
       [] {
         tg::stack({m23(), U});
       },
       "stack: tensor 1 has shape undefined"},
      {"index_select undefined index", [] { tg::index_select(m23(), 0, U); }, "index_select:"},
      {"to undefined", [] { U.to(tg::kFloat64); }, "to: called on an undefined tensor"},
      {"clone undefined", [] { U.clone(); }, "clone:"},
      {"copy_ from undefined", [] { m23().copy_(U); }, "copy_: the source is an undefined tensor"},
      {"add_ undefined", [] { m23().add_(U); }, "add_: the other operand is an undefined tensor"},
      {"item undefined", [] { U.item<float>(); }, "item: called on an undefined tensor"},
      {"shape of undefined", [] { U.shape(); }, "shape:"},
  };
  run(table);
}

BOOST_AUTO_TEST_CASE(wrong_shapes_are_refused_with_both_shapes) {
  std::vector<BadCall> table = {
      {"add [2,3] + [4]", [] { tg::add(m23(), tg::ones({4})); }, "add: cannot broadcast shapes [2,3] and [4]"},
      {"matmul [2,3] @ [2,3]", [] { tg::matmul(m23(), m23()); }, "matmul: cannot multiply [2,3] by [2,3]"},
      {"matmul scalar", [] { tg::matmul(tg::ones({}), m23()); }, "matmul: both arguments need at least 1 dimension"},
      {"mm 1-D", [] { tg::mm(tg::ones({3}), m23()); }, "mm:"},
      {"expand [2,3] to [4,3]",
       [] {
         tg::expand(m23(), {4, 3});
       },
       "expand: cannot expand [2,3] to [4,3]"},
      {"expand to fewer dims", [] { tg::expand(m23(), {3}); }, "expand: cannot expand [2,3] to [3]"},
      {"expand new -1",
       [] {
         tg::expand(m23(), {-1, 2, 3});
       },
       "expand: size -1 is only allowed"},
      {"cat mismatched",
       [] {
         tg::cat({m23(), tg::ones({2, 4})}, 0);
       },
       "cat: tensor 1 has shape [2,4]"},
      {"stack mismatched",
       [] {
         tg::stack({m23(), tg::ones({3, 2})});
       },
       "stack: tensor 1 has shape [3,2]"},
      {"where mismatched", [] { tg::where(tg::ones({2}) > 0.0, m23(), tg::ones({4})); }, "where:"},
      {"masked_fill mask too big", [] { tg::masked_fill(tg::ones({3}), m23() > 0.0, 0.0); }, "masked_fill: mask"},
      {"gather index rank", [] { tg::gather(m23(), 1, tg::zeros({2}, tg::kInt64)); }, "gather:"},
      {"add_ cannot broadcast into self", [] { tg::ones({3}).add_(m23()); }, "add_: cannot broadcast [2,3] into [3]"},
      {"copy_ cannot broadcast", [] { tg::ones({3}).copy_(m23()); }, "copy_: cannot broadcast [2,3] into [3]"},
      {"sum_to impossible", [] { tg::sum_to(m23(), {4}); }, "sum_to: cannot reduce [2,3] to [4]"},
      {"view of a transposed matrix", [] { m23().t().view({6}); }, "view: view size is not compatible"},
  };
  run(table);
}

BOOST_AUTO_TEST_CASE(pytorch_defined_results_at_the_limits) {
  // x[:, 1:3:huge] picks column 1, as NumPy and Python lists (torch 1.13 raises a stride overflow).
  tg::Tensor x = tg::arange(12.0).reshape({3, 4});
  tg::Tensor s = tg::slice(x, 1, 1, 3, kMax);
  BOOST_TEST(s.shape() == (tg::Shape{3, 1}));
  BOOST_TEST(s.to_vector<double>() == (std::vector<double>{1, 5, 9}));
  BOOST_TEST(tg::slice(x, 1, kMin, kMax).shape() == (tg::Shape{3, 4}));
  BOOST_TEST(tg::slice(x, 1, kMax, kMin).shape() == (tg::Shape{3, 0}));
  BOOST_TEST(tg::slice(x, 0, -1, kMax, kMax).to_vector<double>() == (std::vector<double>{8, 9, 10, 11}));
  // torch.randint(-2**63, 2**63 - 1, (n,)): any int64 but the top one.
  tg::manual_seed(7);
  std::vector<std::int64_t> r = tg::randint(kMin, kMax, {64}).to_vector<std::int64_t>();
  bool negative = false, positive = false;
  for (auto v : r) {
    negative = negative || v < 0;
    positive = positive || v > 0;
    BOOST_TEST(v != kMax);
  }
  BOOST_TEST((negative && positive));
  BOOST_TEST(tg::randint(kMax - 1, kMax, {3}).to_vector<std::int64_t>() == (std::vector<std::int64_t>(3, kMax - 1)));
  BOOST_TEST(tg::randint(kMin, kMin + 1, {2}).to_vector<std::int64_t>() == (std::vector<std::int64_t>(2, kMin)));
  // Empty, and still representable: torch.zeros(0, 2**31, 2**31) has 2^62-element strides.
  BOOST_TEST(tg::zeros({0, 1LL << 31, 1LL << 31}).numel() == 0);
  BOOST_TEST(tg::zeros({0}).reshape({0, 1LL << 31, 1LL << 31}).shape() == (tg::Shape{0, 1LL << 31, 1LL << 31}));
  BOOST_TEST(tg::eye(0).numel() == 0);
  BOOST_TEST(tg::eye(3, 0).shape() == (tg::Shape{3, 0}));
  BOOST_TEST(tg::full({2}, -0x1p63, tg::kInt64).to_vector<std::int64_t>() == (std::vector<std::int64_t>(2, kMin)));
  BOOST_TEST(tg::tensor(std::vector<std::int64_t>{kMax}).item<std::int64_t>() == kMax);  // exact, not through double
  BOOST_TEST(tg::arange(0.0, 3.0).to(tg::kInt64).to_vector<std::int64_t>() == (std::vector<std::int64_t>{0, 1, 2}));
}

// Integer arithmetic wraps modulo 2^bits as torch's kernels do (values printed by torch 1.13);
// in C++ signed overflow is undefined behaviour, which the UBSan pass of the suite would report.
BOOST_AUTO_TEST_CASE(integer_overflow_wraps_as_in_pytorch) {
  using V = std::vector<std::int64_t>;
  auto i64 = [](std::int64_t v) { return tg::tensor(V{v, v, v}); };
  auto i32 = [](std::int32_t v) { return tg::tensor(V{v, v}, tg::kInt32); };
  auto u8 = [](std::uint8_t v) { return tg::tensor(V{v}, tg::kUInt8); };
  BOOST_TEST((i64(kMax) + i64(1)).to_vector<std::int64_t>() == V(3, kMin));
  BOOST_TEST((i64(kMin) - i64(1)).to_vector<std::int64_t>() == V(3, kMax));
  BOOST_TEST((i64(1LL << 62) * i64(4)).to_vector<std::int64_t>() == V(3, 0));
  BOOST_TEST((i64(kMin) * -1).to_vector<std::int64_t>() == V(3, kMin));
  BOOST_TEST((i64(kMax) + 1).to_vector<std::int64_t>() == V(3, kMin));
  BOOST_TEST((-i64(kMin)).to_vector<std::int64_t>() == V(3, kMin));
  BOOST_TEST((i64(0) - kMin).to_vector<std::int64_t>() == V(3, kMin));
  BOOST_TEST((i64(kMin) - kMin).to_vector<std::int64_t>() == V(3, 0));
  BOOST_TEST(tg::abs(i64(kMin)).to_vector<std::int64_t>() == V(3, kMin));
  BOOST_TEST(tg::abs(i64(-5)).to_vector<std::int64_t>() == V(3, 5));
  // broadcast operands take the row path or xtensor's broadcasting one; both wrap
  tg::Tensor rows = tg::full({2, 16}, static_cast<double>(1LL << 62), tg::kInt64);
  BOOST_TEST((rows * tg::full({16}, 4.0, tg::kInt64)).sum().item<std::int64_t>() == 0);
  BOOST_TEST((tg::full({2, 1}, -0x1p63, tg::kInt64) - tg::ones({1, 3}, tg::kInt64)).to_vector<std::int64_t>() ==
             V(6, kMax));
  // int32: the scalar converts to int32 modulo 2^32 (torch: int32 + 2**40 is unchanged)
  BOOST_TEST((i32(5) + (1LL << 40)).to_vector<std::int32_t>() == (std::vector<std::int32_t>{5, 5}));
  BOOST_TEST((i32(std::numeric_limits<std::int32_t>::max()) + i32(1)).to_vector<std::int32_t>() ==
             (std::vector<std::int32_t>(2, std::numeric_limits<std::int32_t>::min())));
  using U8 = std::vector<std::uint8_t>;
  BOOST_TEST((u8(200) + 100).to_vector<std::uint8_t>() == U8{44});
  BOOST_TEST((u8(200) * u8(200)).to_vector<std::uint8_t>() == U8{64});
  BOOST_TEST((-u8(200)).to_vector<std::uint8_t>() == U8{56});
  BOOST_TEST((i32(1) + 1).dtype() == tg::kInt32);
  BOOST_TEST((u8(1) * 3).dtype() == tg::kUInt8);
  // in place, with and without alpha
  tg::Tensor x = i64(kMax);
  x.add_(i64(1));
  BOOST_TEST(x.to_vector<std::int64_t>() == V(3, kMin));
  x.sub_(i64(1));
  BOOST_TEST(x.to_vector<std::int64_t>() == V(3, kMax));
  x.mul_(i64(2));
  BOOST_TEST(x.to_vector<std::int64_t>() == V(3, -2));
  tg::Tensor y = i64(0);
  y.add_(i64(4), 0x1p62);  // 4 * 2^62 is 2^64: 0, as torch.add(.., alpha=2**62)
  BOOST_TEST(y.to_vector<std::int64_t>() == V(3, 0));
  y.sub_(i64(3), 0x1p62);
  BOOST_TEST(y.to_vector<std::int64_t>() == V(3, 1LL << 62));
  x += 1;
  BOOST_TEST(x.to_vector<std::int64_t>() == V(3, -1));
  // an alpha the dtype cannot hold is refused, as torch's "value cannot be converted to type int"
  TG_CHECK_THROWS_WITH(i32(0).add_(i32(1), 0x1p40),
                       "add_: for integer tensors, alpha must be an integer within int32's range, got 1099511627776");
  tg::Tensor u = u8(1);
  u.sub_(u8(1), -255.0);  // 1 + 255 is 256: 0 in uint8, as torch
  BOOST_TEST(u.to_vector<std::uint8_t>() == U8{0});
  TG_CHECK_THROWS_WITH(u8(1).sub_(u8(1), -256.0),
                       "sub_: for integer tensors, alpha must be an integer within uint8's range, got -256");
}

BOOST_AUTO_TEST_CASE(nan_propagates_as_in_pytorch) {
  auto values = [](const tg::Tensor& t) { return t.to_vector<double>(); };
  auto same = [](const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
    return true;
  };
  for (tg::Dtype dtype : {tg::kFloat32, tg::kFloat64}) {
    tg::Tensor x = tg::tensor({kNan, -1.0, 2.0, 0.5}, dtype);
    // torch.relu([nan, -1, 2, .5]) = [nan, 0, 2, .5]
    BOOST_TEST(same(values(tg::relu(x)), {kNan, 0, 2, 0.5}));
    // torch.clamp([nan, -1, 2, .5], 0, 1) = [nan, 0, 1, .5]; a NaN bound makes all NaN
    BOOST_TEST(same(values(tg::clamp(x, 0.0, 1.0)), {kNan, 0, 1, 0.5}));
    BOOST_TEST(same(values(tg::clamp(x, kNan, 1.0)), {kNan, kNan, kNan, kNan}));
    BOOST_TEST(same(values(tg::clamp(x, 0.0, kNan)), {kNan, kNan, kNan, kNan}));
    BOOST_TEST(same(values(tg::clamp(x, std::nullopt, kNan)), {kNan, kNan, kNan, kNan}));
    BOOST_TEST(same(values(tg::clamp(x, -kInf, kInf)), {kNan, -1, 2, 0.5}));
    tg::Tensor y = x.clone();
    y.clamp_(kNan, 1.0);
    BOOST_TEST(same(values(y), {kNan, kNan, kNan, kNan}));
    // torch.argmax([1, nan, 2]) = 1 = argmin; the first NaN wins
    BOOST_TEST(tg::argmax(tg::tensor({1.0, kNan, 2.0}, dtype)).item<std::int64_t>() == 1);
    BOOST_TEST(tg::argmin(tg::tensor({1.0, kNan, 2.0}, dtype)).item<std::int64_t>() == 1);
    BOOST_TEST(tg::argmax(tg::tensor({kNan, 3.0, kNan}, dtype)).item<std::int64_t>() == 0);
    // torch.max([[1, nan, 2], [3, 4, 5]], 1) = values [nan, 5], indices [1, 2]
    tg::Tensor m = tg::tensor({{1.0, kNan, 2.0}, {3.0, 4.0, 5.0}}, dtype);
    BOOST_TEST(same(values(std::get<0>(tg::max(m, 1))), {kNan, 5}));
    BOOST_TEST(tg::argmax(m, 1).to_vector<std::int64_t>() == (std::vector<std::int64_t>{1, 2}));
    BOOST_TEST(same(values(std::get<0>(tg::min(m, 1))), {kNan, 3}));
    BOOST_TEST(std::isnan(tg::max(x).item<double>()));
    BOOST_TEST(std::isnan(tg::min(x).item<double>()));
    BOOST_TEST(std::isnan(values(tg::leaky_relu(x))[0]));
  }
}

BOOST_AUTO_TEST_CASE(empty_batches_give_pytorchs_empty_results) {
  // torch.softmax(zeros(0, 10), 1) is [0, 10]; over a size-0 dimension, [3, 0]; logsumexp over a
  // size-0 dimension is -inf; amax(zeros(0, 10), 1) is [0].
  BOOST_TEST(tg::softmax(tg::zeros({0, 10}), 1).shape() == (tg::Shape{0, 10}));
  BOOST_TEST(tg::log_softmax(tg::zeros({0, 10}), -1).shape() == (tg::Shape{0, 10}));
  BOOST_TEST(tg::softmax(tg::zeros({3, 0}), 1).shape() == (tg::Shape{3, 0}));
  BOOST_TEST(tg::logsumexp(tg::zeros({0, 10}), 1).shape() == (tg::Shape{0}));
  BOOST_TEST(tg::logsumexp(tg::zeros({3, 0}), 1).to_vector<double>() == (std::vector<double>(3, -kInf)));
  BOOST_TEST(std::get<0>(tg::max(tg::zeros({0, 10}), 1)).shape() == (tg::Shape{0}));
  BOOST_TEST(tg::argmax(tg::zeros({0, 3}), 1).shape() == (tg::Shape{0}));
  tg::Tensor x = tg::zeros({0, 4}).requires_grad_();
  tg::sum(tg::softmax(x, 1)).backward();
  BOOST_TEST(x.grad().shape() == (tg::Shape{0, 4}));
}

// index_add broadcasts a size-1 dimension of source over self's slice, as torch's per-slice add_
// (values from torch 1.13); index_copy needs the slice shape exactly. Both used to read past
// source's shape when it had fewer dimensions than self.
BOOST_AUTO_TEST_CASE(index_add_broadcasts_source_and_index_copy_checks_its_shape) {
  auto values = [](const tg::Tensor& t) { return t.to_vector<double>(); };
  using D = std::vector<double>;
  tg::Tensor x = tg::tensor({{1.0, 2.0}, {3.0, 4.0}});
  tg::Tensor row0 = tg::tensor({0});
  BOOST_TEST(values(tg::index_add(x, 0, row0, tg::tensor({{5.0}}))) == (D{6, 7, 3, 4}));
  BOOST_TEST(values(tg::index_add(x, 0, row0, tg::tensor({{5.0, 6.0}}))) == (D{6, 8, 3, 4}));
  BOOST_TEST(values(tg::index_add(tg::ones({2, 3}), 1, tg::tensor({0, 2}), tg::tensor({{5.0, 6.0}}))) ==
             (D{6, 1, 7, 6, 1, 7}));
  BOOST_TEST(
      tg::index_add(tg::tensor({{1, 2}, {3, 4}}), 0, tg::tensor({1}), tg::tensor({{5}})).to_vector<std::int64_t>() ==
      (std::vector<std::int64_t>{1, 2, 8, 9}));
  tg::Tensor s = tg::tensor({{5.0}}).set_requires_grad(true);
  tg::index_add(x, 0, row0, s, 3).sum().backward();
  BOOST_TEST(values(s.grad()) == D{6});  // 3 x two elements; torch 1.13 fails in backward here
  TG_CHECK_THROWS_WITH(tg::index_copy(x, 0, row0, tg::tensor({{5.0}})), "index_copy", "[1,1]", "[2,2]");
  TG_CHECK_THROWS_WITH(tg::index_add(x, 0, row0, tg::tensor({{5.0, 6.0, 7.0}})), "index_add", "[1,3]", "broadcasts");
  TG_CHECK_THROWS_WITH(tg::index_add(x, 1, row0, tg::tensor({5.0})), "index_add", "as many dimensions as self (2)");
  TG_CHECK_THROWS_WITH(tg::index_copy(x, 0, row0, tg::tensor({{{5.0}}})), "index_copy", "as many dimensions");
}

BOOST_AUTO_TEST_SUITE_END()
