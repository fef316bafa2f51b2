// Ops that PyTorch computes natively on integer tensors, checked exactly (as int64, never through
// a double) against torch 1.13: tests/fixtures/autograd/integer_ops.npz from
// scripts/fixtures/gen_integer_ops_fixtures.py. The inputs hold 2^53 + 1, which a float32 or
// float64 round trip would change, so a kernel that computed in floating point would fail here.
#include <cstdint>
#include <limits>

#include "op_test_support.hpp"

using namespace op_test;

namespace {

const tg_test::Fixture& fixture() {
  static const tg_test::Fixture f = tg_test::load_fixture("autograd/integer_ops");
  return f;
}
const tg::Tensor& golden(const std::string& key) { return fixture().at(key); }

// `actual` has `expected`'s dtype and shape and exactly its values.
void check_exact(const tg::Tensor& actual, const tg::Tensor& expected, const std::string& what) {
  BOOST_REQUIRE_MESSAGE(actual.defined(), what << ": undefined result");
  BOOST_CHECK_MESSAGE(actual.dtype() == expected.dtype(), what << ": dtype " << tg::dtype_name(actual.dtype())
                                                               << ", torch gives " << tg::dtype_name(expected.dtype()));
  BOOST_CHECK_MESSAGE(actual.shape() == expected.shape(), what << ": shape " << tg::shape_to_string(actual.shape())
                                                               << ", torch gives "
                                                               << tg::shape_to_string(expected.shape()));
  if (actual.shape() != expected.shape()) return;
  std::vector<std::int64_t> a = actual.to(tg::kInt64).to_vector<std::int64_t>();
  std::vector<std::int64_t> e = expected.to(tg::kInt64).to_vector<std::int64_t>();
  for (std::size_t i = 0; i < a.size(); ++i)
    BOOST_CHECK_MESSAGE(a[i] == e[i], what << ": element " << i << " is " << a[i] << ", torch gives " << e[i]);
}
void check_exact(const tg::Tensor& actual, const std::string& key) { check_exact(actual, golden(key), key); }

}  // namespace

BOOST_AUTO_TEST_CASE(the_inputs_hold_a_value_no_double_can) {
  std::int64_t big = golden("x").to_vector<std::int64_t>().back();
  BOOST_TEST(big == (std::int64_t{1} << 53) + 1);
  BOOST_TEST(static_cast<std::int64_t>(static_cast<double>(big)) != big);
  // braces hold integers exactly too, and refuse what the dtype cannot hold
  BOOST_TEST(tg::tensor({big, -big}).to_vector<std::int64_t>() == std::vector<std::int64_t>({big, -big}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::tensor({{big}}, tg::kInt64).to_vector<std::int64_t>()[0] == big);
  BOOST_TEST(tg::tensor({{1, 2}, {3, 4}}, tg::kInt32).shape() == tg::Shape({2, 2}));
  TG_CHECK_THROWS_WITH(tg::tensor({300}, tg::kUInt8), "tensor", "300", "uint8");
  BOOST_TEST(tg::tensor({1, 2}, tg::kFloat32).dtype() == tg::kFloat32);
}

BOOST_AUTO_TEST_CASE(pow_of_integers_stays_integer_and_exact) {
  const tg::Tensor& x = golden("x");
  const tg::Tensor& y = golden("y");
  check_exact(tg::pow(x, 2), "pow_x_2");
  check_exact(x.pow(2), "pow_x_2");
  check_exact(tg::pow(tg::narrow(x, 0, 0, 4), 3), "pow_x_3");
  check_exact(tg::pow(x, y), "pow_x_y");
  check_exact(tg::pow(tg::tensor({1, -1, -1, 2}), tg::tensor({-3, -3, -2, -1})), "pow_unit_base");
  check_exact(tg::pow(2, tg::tensor({0, 1, 10, 62})), "pow_2_y");
  check_exact(tg::pow(tg::tensor({3, -4}, tg::kInt32), 5), "pow_int32");
  check_exact(tg::pow(tg::tensor({true, false}), 2), "pow_bool_2");
  // A double exponent or a floating operand keeps torch's floating result.
  BOOST_TEST(tg::pow(x, 2.0).dtype() == tg::kFloat32);
  BOOST_TEST(tg::pow(tg::tensor({2.0f}), 2).dtype() == tg::kFloat32);
  BOOST_TEST(tg::pow(x, y.to(tg::kFloat64)).dtype() == tg::kFloat64);
  TG_CHECK_THROWS_WITH(tg::pow(x, -1), "pow", "Integers to negative integer powers are not allowed.");
  TG_CHECK_THROWS_WITH(tg::pow(tg::tensor({3}, tg::kInt8), 300), "pow", "300", "int8", "overflow");
  TG_CHECK_THROWS_WITH(tg::pow(tg::tensor({true}), tg::tensor({true})), "pow", "bool");
}

BOOST_AUTO_TEST_CASE(clamp_with_integer_bounds_stays_integer) {
  const tg::Tensor& x = golden("x");
  check_exact(tg::clamp(x, -5, 5), "clamp_x_m5_5");
  check_exact(x.clamp(5, -5), "clamp_x_5_m5");
  check_exact(tg::clamp_min(x, 0), "clamp_min_x_0");
  check_exact(tg::clamp(x, 0, std::nullopt), "clamp_min_x_0");
  check_exact(tg::clamp_max(x, 0), "clamp_max_x_0");
  check_exact(tg::clamp(tg::tensor({true, false}), 0, 1), "clamp_bool");
  // a floating bound makes it float32, as torch.clamp(int_tensor, -5.5, 5)
  BOOST_TEST(tg::clamp(x, -5.5, 5).dtype() == tg::kFloat32);
  BOOST_TEST(tg::clamp(x, -5.5, 5).to_vector<double>()[0] == -5.5);
  TG_CHECK_THROWS_WITH(tg::clamp(tg::tensor({5}, tg::kInt8), -1000, 1000), "clamp", "-1000", "int8");
}

BOOST_AUTO_TEST_CASE(relu_sign_abs_neg_of_integers_are_exact) {
  const tg::Tensor& x = golden("x");
  check_exact(tg::relu(x), "relu_x");
  check_exact(x.relu(), "relu_x");
  check_exact(tg::sign(x), "sign_x");
  check_exact(tg::abs(x), "abs_x");
  check_exact(-x, "neg_x");
  check_exact(x + 1, "add_x_1");
  check_exact(x * 3, "mul_x_3");
  BOOST_TEST(tg::sign(tg::tensor({true, false})).dtype() == tg::kBool);
  TG_CHECK_THROWS_WITH(tg::relu(tg::tensor({true})), "relu", "Boolean inputs not supported");
  // a non-contiguous integer view
  check_exact(tg::relu(tg::stack({x, x}, 1).select(1, 1)), "relu_x");
}

BOOST_AUTO_TEST_CASE(maximum_minimum_of_integers_are_exact_and_promote) {
  const tg::Tensor& x = golden("x");
  const tg::Tensor& y = golden("y");
  check_exact(tg::maximum(x, y), "maximum_x_y");
  check_exact(tg::minimum(x, y.to(tg::kInt32)), "minimum_x_y32");
  BOOST_TEST(tg::maximum(x, y.to(tg::kFloat32)).dtype() == tg::kFloat32);
  BOOST_TEST(tg::maximum(tg::tensor({true}), tg::tensor({false})).dtype() == tg::kBool);
  // broadcast
  BOOST_TEST(tg::maximum(tg::tensor({{1}, {5}}), tg::tensor({2, 3})).to_vector<int>() == std::vector<int>({2, 3, 5, 5}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(remainder_and_fmod_of_integers_follow_torch_signs) {
  const tg::Tensor& x = golden("x");
  const tg::Tensor& y = golden("y");
  check_exact(tg::remainder(x, y), "remainder_x_y");
  check_exact(tg::fmod(x, y), "fmod_x_y");
  check_exact(tg::remainder(x, 3), "remainder_x_3");
  check_exact(tg::fmod(x, -3), "fmod_x_m3");
  check_exact(x.remainder(y), "remainder_x_y");
  check_exact(tg::remainder(tg::tensor({-128, 127}, tg::kInt8), tg::tensor({-1, -1}, tg::kInt8)), "remainder_int8_min");
  BOOST_TEST(tg::remainder(x, 2.5).dtype() == tg::kFloat32);
  TG_CHECK_THROWS_WITH(tg::remainder(x, 0), "remainder", "ZeroDivisionError");
  TG_CHECK_THROWS_WITH(tg::fmod(x, tg::zeros({5}, tg::kInt64)), "fmod", "ZeroDivisionError");
  TG_CHECK_THROWS_WITH(tg::remainder(tg::tensor({true}), tg::tensor({true})), "remainder", "bool");
}

BOOST_AUTO_TEST_CASE(rounding_an_integer_tensor_is_the_identity) {
  const tg::Tensor& x = golden("x");
  for (auto [name, fn] : std::vector<std::pair<std::string, tg::Tensor (*)(const tg::Tensor&)>>{
           {"floor", &tg::floor}, {"ceil", &tg::ceil}, {"round", &tg::round}, {"trunc", &tg::trunc}}) {
    check_exact(fn(x), x, name);
    check_exact(fn(tg::tensor({-3, 4}, tg::kInt16)), tg::tensor({-3, 4}, tg::kInt16), name + " int16");
    TG_CHECK_THROWS_WITH(fn(tg::tensor({true})), name, "bool");
  }
  TG_CHECK_THROWS_WITH(tg::frac(x), "frac", "int64");
}

BOOST_AUTO_TEST_CASE(integer_matrix_products_are_exact) {
  const tg::Tensor& a = golden("mm_a");
  const tg::Tensor& b = golden("mm_b");
  const tg::Tensor& v = golden("mm_v");
  check_exact(tg::mm(a, b), "mm");
  check_exact(tg::matmul(a, b), "mm");
  check_exact(a.mm(b), "mm");
  check_exact(tg::mm(a.t().contiguous().t(), b.t().contiguous().t()), golden("mm"), "mm of transposed views");
  check_exact(tg::mv(a, v), "mv");
  check_exact(tg::matmul(a, v), "mv");
  check_exact(tg::dot(v, tg::tensor({std::int64_t{3}, std::int64_t{1} << 40, std::int64_t{5}})), "dot");
  check_exact(tg::bmm(tg::stack({a, -a}), tg::stack({b, b + 1})), "bmm");
  check_exact(tg::matmul(tg::stack({a, a * 2}), b), "matmul_broadcast");
  check_exact(tg::matmul(tg::remainder(a.to(tg::kInt32), 1000), tg::remainder(b.to(tg::kInt32), 1000)), "matmul_int32");
  BOOST_TEST(
      tg::mm(tg::zeros({2, 0}, tg::kInt64), tg::zeros({0, 3}, tg::kInt64)).to_vector<int>() == std::vector<int>(6, 0),
      boost::test_tools::per_element());
  TG_CHECK_THROWS_WITH(tg::mm(a, b.to(tg::kFloat32)), "mm", "int64", "float32");
  TG_CHECK_THROWS_WITH(tg::mm(tg::ones({2, 2}, tg::kBool), tg::ones({2, 2}, tg::kBool)), "mm", "bool");
}

BOOST_AUTO_TEST_CASE(in_place_integer_scalar_ops_stay_exact) {
  tg::Tensor x = golden("x").clone();
  x.add_(1);
  check_exact(x, "add_x_1");
  x = golden("x").clone();
  x.mul_(3);
  check_exact(x, "mul_x_3");
  x = golden("x").clone();
  x += 1;
  check_exact(x, "add_x_1");
  x -= 1;
  check_exact(x, "x");
  x *= 3;
  check_exact(x, "mul_x_3");
  x.fill_((std::int64_t{1} << 53) + 1);
  BOOST_TEST(x.to_vector<std::int64_t>()[2] == (std::int64_t{1} << 53) + 1);
  x = golden("x").clone();
  x.clamp_(-5, 5);
  check_exact(x, "clamp_x_m5_5");
  // through a non-contiguous view: only the selected column changes
  tg::Tensor m = tg::zeros({2, 3}, tg::kInt32);
  m.select(1, 1).add_(7);
  BOOST_TEST(m.to_vector<int>() == std::vector<int>({0, 7, 0, 0, 7, 0}), boost::test_tools::per_element());
  m.select(1, 1).fill_(3);
  BOOST_TEST(m.to_vector<int>() == std::vector<int>({0, 3, 0, 0, 3, 0}), boost::test_tools::per_element());
  // A floating result cannot be stored into an integer tensor, as torch.
  tg::Tensor i = tg::tensor({1, 2});
  TG_CHECK_THROWS_WITH(i.div_(2), "div_", "result type float32 can't be cast to the desired output type int64");
  TG_CHECK_THROWS_WITH(i.div_(tg::tensor({2, 2})), "div_", "result type float32 can't be cast", "int64");
  TG_CHECK_THROWS_WITH(i /= 2, "div_", "float32", "int64");
  TG_CHECK_THROWS_WITH(i.mul_(0.5), "mul_", "result type float32 can't be cast to the desired output type int64");
  TG_CHECK_THROWS_WITH(i.add_(1.5), "add_", "float32", "int64");
  TG_CHECK_THROWS_WITH(i.clamp_(0.5, std::nullopt), "clamp_", "float32", "int64");
  TG_CHECK_THROWS_WITH(tg::tensor({true}).add_(1), "add_", "int64", "bool");
  TG_CHECK_THROWS_WITH(tg::zeros({2}, tg::kInt8).fill_(1000), "fill_", "1000", "int8");
  BOOST_TEST(i.to_vector<int>() == std::vector<int>({1, 2}), boost::test_tools::per_element());
  // a floating tensor takes an integer number as a double
  tg::Tensor f = tg::ones({2});
  f.add_(2);
  f.mul_(3);
  BOOST_TEST(f.to_vector<double>() == std::vector<double>({9, 9}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bitwise_ops_on_integers_and_bools_match_torch) {
  const tg::Tensor& p = golden("bit_p");
  const tg::Tensor& q = golden("bit_q");
  check_exact(tg::bitwise_and(p, q), "bitwise_and");
  check_exact(p & q, "bitwise_and");
  check_exact(p | q, "bitwise_or");
  check_exact(tg::bitwise_xor(p, q), "bitwise_xor");
  check_exact(p ^ q, "bitwise_xor");
  check_exact(~p, "bitwise_not");
  check_exact(tg::bitwise_not(p), "bitwise_not");
  check_exact(p & 6, "bitwise_and_scalar");
  tg::Tensor shifts = tg::tensor({1, 2, 3, 4, 0});
  check_exact(tg::bitwise_left_shift(p, shifts), "bitwise_left_shift");
  check_exact(p << shifts, "bitwise_left_shift");
  check_exact(tg::bitwise_right_shift(p, shifts), "bitwise_right_shift");
  check_exact(p >> shifts, "bitwise_right_shift");
  const tg::Tensor& u = golden("bit_u");
  check_exact(~u, "bitwise_not_uint8");
  check_exact(u ^ tg::tensor({1, -1, 3}, tg::kInt8), "bitwise_xor_uint8_int8");
  check_exact(tg::tensor({true, false, true}) | tg::tensor({2, 4, 0}), "bitwise_or_bool_int");
  // a non-contiguous operand and broadcasting
  check_exact(tg::stack({p, p}, 1).select(1, 0) & q, "bitwise_and");
  BOOST_TEST((tg::tensor({{1}, {2}}) | tg::tensor({4, 8})).to_vector<int>() == std::vector<int>({5, 9, 6, 10}),
             boost::test_tools::per_element());
  // the shift count reaching the width: 0 to the left, the sign to the right (as torch)
  BOOST_TEST(tg::bitwise_left_shift(tg::tensor({1}, tg::kInt8), tg::tensor({9}, tg::kInt8)).item<int>() == 0);
  BOOST_TEST(tg::bitwise_right_shift(tg::tensor({-5}, tg::kInt8), tg::tensor({9}, tg::kInt8)).item<int>() == -1);
  BOOST_TEST(tg::bitwise_right_shift(tg::tensor({200}, tg::kUInt8), tg::tensor({9}, tg::kUInt8)).item<int>() == 0);
  BOOST_TEST(tg::bitwise_right_shift(tg::tensor({200}, tg::kUInt8), tg::tensor({7}, tg::kUInt8)).item<int>() == 1);
  // bools stay bool
  tg::Tensor b = tg::tensor({true, false}), c = tg::tensor({true, true});
  BOOST_TEST((b & c).dtype() == tg::kBool);
  BOOST_TEST((~b).to_vector<int>() == std::vector<int>({0, 1}), boost::test_tools::per_element());
  BOOST_TEST((b ^ true).to_vector<int>() == std::vector<int>({0, 1}), boost::test_tools::per_element());
  // floats are refused, naming the op
  tg::Tensor f = tg::ones({2});
  TG_CHECK_THROWS_WITH(f & p.narrow(0, 0, 2), "bitwise_and", "float32");
  TG_CHECK_THROWS_WITH(tg::bitwise_or(f, f), "bitwise_or", "float32");
  TG_CHECK_THROWS_WITH(f ^ f, "bitwise_xor", "float32");
  TG_CHECK_THROWS_WITH(~f, "bitwise_not", "float32");
  TG_CHECK_THROWS_WITH(f << f, "bitwise_left_shift", "float32");
  TG_CHECK_THROWS_WITH(p & 1.5, "bitwise_and", "floating");
  TG_CHECK_THROWS_WITH(b << c, "bitwise_left_shift", "bool");
}

BOOST_AUTO_TEST_CASE(cat_and_stack_promote_mixed_dtypes_as_torch) {
  std::int64_t big = (std::int64_t{1} << 53) + 1;
  check_exact(tg::cat({tg::tensor({std::int64_t{3}}, tg::kInt32), tg::tensor({big})}), "cat_int32_int64");
  check_exact(tg::cat({tg::tensor({true}), tg::tensor({3}, tg::kInt32)}), "cat_bool_int32");
  check_exact(tg::cat({tg::tensor({200}, tg::kUInt8), tg::tensor({-3}, tg::kInt8)}), "cat_uint8_int8");
  tg::Tensor mixed = tg::cat({tg::tensor({std::int64_t{1}, big}), tg::tensor({1.5})});
  BOOST_TEST(mixed.dtype() == tg::kFloat32);
  tg_test::check_close(mixed, golden("cat_int64_float32"), 0, 0, "cat_int64_float32");
  tg::Tensor stacked = tg::stack({tg::tensor({1.5}), tg::tensor({2.5}, tg::kFloat64)});
  BOOST_TEST(stacked.dtype() == tg::kFloat64);
  tg_test::check_close(stacked, golden("stack_float32_float64"), 0, 0, "stack_float32_float64");
  // each gradient comes back in its input's dtype
  tg::Tensor a = tg::ones({2}).requires_grad_(), b = tg::ones({3}, tg::kFloat64).requires_grad_();
  tg::Tensor joined = tg::cat({a, b});
  BOOST_TEST(joined.dtype() == tg::kFloat64);
  (joined * tg::arange(5.0, tg::kFloat64)).sum().backward();
  BOOST_TEST(a.grad().dtype() == tg::kFloat32);
  BOOST_TEST(a.grad().to_vector<double>() == std::vector<double>({0, 1}), boost::test_tools::per_element());
  BOOST_TEST(b.grad().to_vector<double>() == std::vector<double>({2, 3, 4}), boost::test_tools::per_element());
  expect_gradcheck("cat of a float64 with an int64 tensor",
                   [](const auto& x) {
                     return tg::cat({tg::tensor({{1, 2}, {3, 4}}), x[0], tg::tensor({{5}, {6}})}, 1);
                   },
                   {rnd({2, 3})});
}

BOOST_AUTO_TEST_CASE(mean_of_an_integer_tensor_needs_a_dtype_as_torch) {
  tg::Tensor i = tg::tensor({1, 2});
  TG_CHECK_THROWS_WITH(tg::mean(i), "mean", "could not infer output dtype", "int64");
  TG_CHECK_THROWS_WITH(i.mean(0), "mean", "could not infer output dtype");
  TG_CHECK_THROWS_WITH(i.mean(std::vector<std::int64_t>{0}), "mean", "could not infer output dtype");
  TG_CHECK_THROWS_WITH(tg::mean(tg::tensor({true})), "mean", "bool");
  BOOST_TEST(tg::mean(i, tg::kFloat32).dtype() == tg::kFloat32);
  BOOST_TEST(tg::mean(i, tg::kFloat32).item<double>() == 1.5);
  BOOST_TEST(tg::mean(tg::tensor({{1, 2}, {3, 5}}), {1}, false, tg::kFloat64).to_vector<double>() ==
                 std::vector<double>({1.5, 4}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::mean(tg::tensor({true, false, true, true}), tg::kFloat32).item<double>() == 0.75);
  TG_CHECK_THROWS_WITH(tg::mean(i, tg::kInt32), "mean", "floating", "int32");
}

BOOST_AUTO_TEST_CASE(sorting_and_scans_of_integers_give_integer_values_and_int64_indices) {
  const tg::Tensor& x = golden("sort_x");
  auto check_pair = [](const std::tuple<tg::Tensor, tg::Tensor>& r, const std::string& key) {
    check_exact(std::get<0>(r), key + "_values");
    check_exact(std::get<1>(r), key + "_indices");
  };
  check_pair(tg::cummax(x, 0), "cummax");
  check_pair(tg::cummin(x, 0), "cummin");
  check_pair(tg::sort(x, 0), "sort");
  check_pair(tg::sort(x, 0, true), "sort_desc");
  check_pair(tg::topk(x, 2), "topk");
  check_pair(tg::kthvalue(x, 2), "kthvalue");
  check_pair(tg::median(x, 0), "median_dim");
  check_exact(tg::argsort(x), "argsort");
  check_exact(tg::cumsum(x, 0), "cumsum");
  check_exact(tg::cumsum(tg::tensor({100, 100, 100}, tg::kInt8), 0), "cumsum_int8_overflowing");
  check_exact(tg::cumsum(tg::tensor({{true, false}, {true, true}}), 1), "cumsum_bool");
  BOOST_TEST(tg::cumsum(tg::full({}, 3, tg::kInt32), 0).dtype() == tg::kInt64);
  check_exact(tg::median(x), "median");
  check_pair(tg::sort(golden("sort_m"), 0), "sort_m_dim0");
  check_pair(tg::cummax(tg::remainder(tg::narrow(golden("sort_m").to(tg::kInt32), 1, 0, 2), 100), 1), "cummax_int32");
  check_pair(tg::sort(tg::tensor({true, false, true, false})), "sort_bool");
  // a 0-d integer tensor sorts to itself, still integer
  BOOST_TEST(std::get<0>(tg::sort(tg::full({}, 7, tg::kInt32))).dtype() == tg::kInt32);
}

BOOST_AUTO_TEST_CASE(scatter_reduces_as_torch) {
  const tg::Tensor& self = golden("scatter_self");
  const tg::Tensor& index = golden("scatter_index");
  const tg::Tensor& src = golden("scatter_src");
  check_exact(tg::scatter(self, 1, index, src, "multiply"), "scatter_multiply");
  check_exact(tg::scatter(self, 1, index, src, "add"), "scatter_add");
  check_exact(tg::scatter_add(self, 1, index, src), "scatter_add");
  check_exact(self.scatter_add(1, index, src), "scatter_add");
  tg::Tensor fself = self.to(tg::kFloat64), fsrc = src.to(tg::kFloat64) / 4.0;
  tg_test::check_close(tg::scatter(fself, 1, index, fsrc, "multiply"), golden("scatter_multiply_float"), 1e-15, 0,
                       "scatter_multiply_float");
  for (std::string reduce : {"sum", "prod", "mean", "amax", "amin"})
    for (bool include_self : {true, false}) {
      std::string key = "scatter_reduce_" + reduce + (include_self ? "_self" : "_noself");
      check_exact(tg::scatter_reduce(self, 1, index, src, reduce, include_self), key);
      tg_test::check_close(tg::scatter_reduce(fself, 1, index, fsrc, reduce, include_self), golden(key + "_float"),
                           1e-15, 0, key + "_float");
    }
  // a non-contiguous source, and an index smaller than the source
  tg::Tensor wide = tg::cat({src, src}, 1);
  check_exact(tg::scatter_reduce(self, 1, index, wide.t().contiguous().t(), "prod", true), "scatter_multiply");
  TG_CHECK_THROWS_WITH(tg::scatter(self, 1, index, src, "max"), "scatter", "reduce", "\"max\"");
  TG_CHECK_THROWS_WITH(tg::scatter_reduce(self, 1, index, src, "max"), "scatter_reduce", "\"max\"");
  TG_CHECK_THROWS_WITH(tg::scatter_reduce(fself, 1, index, src, "sum"), "scatter_reduce", "float64", "int64");
  TG_CHECK_THROWS_WITH(tg::scatter_reduce(self, 1, index + 5, src, "sum"), "scatter_reduce", "index");
  tg::Tensor leaf = fself.clone().requires_grad_();
  TG_CHECK_THROWS_WITH(tg::scatter(leaf, 1, index, fsrc, "multiply"), "scatter_reduce", "no gradient");
  {
    tg::NoGradGuard no_grad;
    BOOST_TEST(tg::scatter(leaf, 1, index, fsrc, "multiply").defined());
  }
}

BOOST_AUTO_TEST_CASE(prod_and_cumprod_of_integers_are_int64_and_wrap_as_torch) {
  const tg::Tensor& p = golden("prod_p");
  check_exact(tg::prod(p), "prod");
  check_exact(p.prod(), "prod");
  check_exact(tg::prod(p, 1), "prod_dim1");
  check_exact(p.prod(-1), "prod_dim1");
  check_exact(tg::prod(p, 0, true), "prod_dim0_keepdim");
  check_exact(tg::prod(p.t().contiguous().t(), 0, true), golden("prod_dim0_keepdim"), "prod of a transposed view");
  std::int64_t two32 = std::int64_t{1} << 32;
  check_exact(tg::prod(tg::tensor({two32 + 1, two32 + 3})), "prod_wraps");
  check_exact(tg::prod(tg::tensor({{100000, 100000}, {-7, 3}}, tg::kInt32)), "prod_int32");
  check_exact(tg::prod(tg::tensor({200, 200}, tg::kUInt8)), "prod_uint8");
  check_exact(tg::prod(tg::tensor({{true, false}, {true, true}}), 1), "prod_bool_dim1");
  check_exact(tg::prod(tg::zeros({0}, tg::kInt32)), "prod_empty_int32");
  check_exact(tg::prod(tg::full({}, 5, tg::kInt32), 0), "prod_0d_int32_dim0");
  // with a dtype: cast first, then multiplied (and wrapped) in it
  check_exact(tg::prod(tg::tensor({std::int64_t{1} << 31, std::int64_t{3}}), tg::kInt32), "prod_dtype_int32");
  check_exact(tg::prod(tg::tensor({{100, 3}, {7, 100}}), 1, false, tg::kInt8), "prod_dim1_dtype_int8");
  check_exact(tg::tensor({{100, 3}, {7, 100}}).prod(1, false, tg::kInt8), "prod_dim1_dtype_int8");
  check_exact(tg::prod(tg::tensor({1, 2}), tg::kBool), "prod_dtype_bool");
  check_exact(tg::tensor({3, 5}).prod(tg::kFloat64), "prod_dtype_float64");
  check_exact(tg::prod(tg::tensor({1.5, 2.5}), tg::kInt64), "prod_float_dtype_int64");
  check_exact(tg::cumprod(p, 1), "cumprod_dim1");
  check_exact(p.cumprod(0), "cumprod_dim0");
  check_exact(tg::cumprod(p.t().contiguous().t(), 0), golden("cumprod_dim0"), "cumprod of a transposed view");
  check_exact(tg::cumprod(tg::tensor({200, 200, 3}, tg::kUInt8), 0), "cumprod_uint8");
  check_exact(tg::cumprod(tg::tensor({{true, true, false, true}}), 1), "cumprod_bool");
  check_exact(tg::cumprod(tg::full({}, 5, tg::kInt32), 0), "cumprod_0d_int32");
  check_exact(tg::cumprod(tg::tensor({100, 100, 3}, tg::kInt32), 0, tg::kInt8), "cumprod_dtype_int8");
  check_exact(tg::tensor({100, 100, 3}, tg::kInt32).cumprod(0, tg::kInt8), "cumprod_dtype_int8");
  BOOST_TEST(tg::cumprod(tg::zeros({2, 0}, tg::kInt32), 1).shape() == tg::Shape({2, 0}));
  // A floating input cast to an integer dtype takes no gradient; to float64, it keeps one.
  tg::Tensor f = tg::tensor({1.5f, 2.0f}).requires_grad_();
  BOOST_TEST(!tg::prod(f, tg::kInt64).requires_grad());
  tg::Tensor f64 = tg::prod(f, tg::kFloat64);
  BOOST_TEST(f64.dtype() == tg::kFloat64);
  f64.backward();
  BOOST_TEST(f.grad().to_vector<double>() == std::vector<double>({2.0, 1.5}), boost::test_tools::per_element());
  BOOST_TEST(tg::cumprod(f, 0, tg::kFloat64).requires_grad());
  TG_CHECK_THROWS_WITH(tg::prod(p, 2), "prod", "dimension 2");
  TG_CHECK_THROWS_WITH(tg::cumprod(p, 2, tg::kInt32), "cumprod", "dimension 2");
}

BOOST_AUTO_TEST_CASE(index_add_and_index_copy_take_integer_and_bool_tensors) {
  const tg::Tensor& s = golden("ia_self");
  const tg::Tensor& src = golden("ia_source");
  const tg::Tensor& cols = golden("ia_cols");
  tg::Tensor index = tg::tensor({2, 0});
  check_exact(tg::index_add(s, 0, index, src), "index_add");
  check_exact(s.index_add(0, index, src), "index_add");
  check_exact(tg::index_add(s, 0, index, src, 3), "index_add_alpha3");
  check_exact(tg::index_add(s, 0, index, src, 2.0), "index_add_alpha2_float");  // integral, as torch
  check_exact(tg::index_add(s, 0, tg::tensor({1, 1}), src), "index_add_repeated");
  check_exact(s.index_add(1, tg::tensor({2, 2}), cols, -2), "index_add_dim1");
  check_exact(tg::index_add(s, 1, tg::tensor({2, 2}), cols.t().contiguous().t(), -2), golden("index_add_dim1"),
              "index_add of a transposed source");
  std::int64_t two62 = std::int64_t{1} << 62;
  check_exact(tg::index_add(tg::tensor({two62, std::int64_t{1}}), 0, tg::tensor({0, 0}), tg::tensor({two62, two62})),
              "index_add_wraps");
  check_exact(tg::index_add(tg::tensor({0, 1}), 0, tg::tensor({0}), tg::tensor({two62}), 4), "index_add_alpha_wraps");
  check_exact(tg::index_add(tg::tensor({250, 1}, tg::kUInt8), 0, tg::tensor({0, 0}), tg::tensor({3, 4}, tg::kUInt8)),
              "index_add_uint8");
  check_exact(tg::index_add(tg::tensor({100, 1}, tg::kInt8), 0, tg::tensor({1}), tg::tensor({3}, tg::kInt8), -7),
              "index_add_int8_alpha");
  tg::Tensor b = tg::tensor({true, false, false});
  check_exact(tg::index_add(b, 0, tg::tensor({0, 1, 1}), tg::tensor({true, true, false})), "index_add_bool");
  check_exact(tg::index_add(b, 0, tg::tensor({0, 1}), tg::tensor({true, true}), 0), "index_add_bool_alpha0");
  check_exact(tg::index_copy(s, 0, index, src), "index_copy");
  check_exact(s.index_copy(1, tg::tensor({2, 0}), tg::narrow(cols, 1, 0, 2)), "index_copy_dim1");
  check_exact(tg::index_copy(s.to(tg::kInt32), 1, tg::tensor({1}), tg::tensor({{-5}, {-6}, {-7}}, tg::kInt32)),
              "index_copy_int32");
  check_exact(tg::index_copy(b, 0, tg::tensor({2}), tg::tensor({true})), "index_copy_bool");
  check_exact(s, golden("ia_self"), "self unchanged");
  // As torch: one dtype for self and source (no promotion), floating ones too.
  TG_CHECK_THROWS_WITH(tg::index_add(s, 0, index, src.to(tg::kInt32)), "index_add", "self (int64)", "source (int32)",
                       "same dtype");
  TG_CHECK_THROWS_WITH(tg::index_add(s.to(tg::kFloat64), 0, index, src), "index_add", "float64", "int64", "same dtype");
  TG_CHECK_THROWS_WITH(tg::index_copy(s.to(tg::kFloat32), 0, index, src), "index_copy", "float32", "int64",
                       "same dtype");
  TG_CHECK_THROWS_WITH(tg::index_copy(tg::ones({3}), 0, tg::tensor({0}), tg::ones({1}, tg::kFloat64)), "index_copy",
                       "float32", "float64");
  // torch 1.13 truncates alpha=1.5 on integers to 1; tapegrad refuses it (docs/from-libtorch.md).
  TG_CHECK_THROWS_WITH(tg::index_add(s, 0, index, src, 1.5), "index_add", "alpha must be an integer, got 1.5");
  TG_CHECK_THROWS_WITH(tg::index_add(tg::tensor({1}, tg::kInt8), 0, tg::tensor({0}), tg::tensor({1}, tg::kInt8), 200),
                       "index_add", "200", "int8");
  // the same range rule as add_'s alpha (torch 1.13: uint8 with alpha -255 adds 1 modulo 256; -256 is refused)
  tg::Tensor u8 = tg::zeros({2}, tg::kUInt8);
  BOOST_TEST(tg::index_add(u8, 0, tg::tensor({0}), tg::ones({1}, tg::kUInt8), -255).to_vector<std::int64_t>() ==
             (std::vector<std::int64_t>{1, 0}));
  TG_CHECK_THROWS_WITH(tg::index_add(u8, 0, tg::tensor({0}), tg::ones({1}, tg::kUInt8), -256), "index_add",
                       "uint8's range, got -256");
  TG_CHECK_THROWS_WITH(tg::index_add(s, 0, tg::tensor({3, 0}), src), "index_add", "index 3 is out of range");
  TG_CHECK_THROWS_WITH(tg::index_copy(s, 0, tg::tensor({-1, 0}), src), "index_copy", "index -1 is out of range");
  TG_CHECK_THROWS_WITH(tg::index_add(s, 0, index, tg::narrow(src, 1, 0, 2)), "index_add", "[2,2]", "[3,3]");
  TG_CHECK_THROWS_WITH(tg::index_copy(s, 0, tg::tensor({2, 0}, tg::kInt32), src), "index_copy", "int64", "int32");
}

BOOST_AUTO_TEST_CASE(method_spellings_and_percent_match_the_free_functions) {
  const tg::Tensor& x = golden("x");
  const tg::Tensor& y = golden("y");
  const tg::Tensor& p = golden("bit_p");
  const tg::Tensor& q = golden("bit_q");
  check_exact(p.bitwise_and(q), "bitwise_and");
  check_exact(p.bitwise_or(q), "bitwise_or");
  check_exact(p.bitwise_xor(q), "bitwise_xor");
  check_exact(p.bitwise_and(6), "bitwise_and_scalar");
  check_exact(p.bitwise_not(), "bitwise_not");
  BOOST_TEST((p.bitwise_or(1) == (p | 1)).all().item<bool>());
  BOOST_TEST((p.bitwise_xor(-1) == (p ^ -1)).all().item<bool>());
  check_exact(x.clamp_min(0), "clamp_min_x_0");
  check_exact(x.clamp_max(0), "clamp_max_x_0");
  tg::Tensor c = x.clone();
  c.clamp_min_(0);
  check_exact(c, "clamp_min_x_0");
  c = x.clone();
  c.clamp_max_(0);
  check_exact(c, "clamp_max_x_0");
  TG_CHECK_THROWS_WITH(x.clone().clamp_min_(0.5), "clamp_", "float32", "int64");
  check_exact(x.fmod(-3), "fmod_x_m3");
  check_exact(x.remainder(3), "remainder_x_3");
  BOOST_TEST(x.remainder(2.5).dtype() == tg::kFloat32);
  // operator% is remainder, as LibTorch's
  check_exact(x % y, "remainder_x_y");
  check_exact(x % 3, "remainder_x_3");
  check_exact(7 % y, "rmod_7_y");
  check_exact(2.5 % y, "rmod_2p5_y");  // stored in y's dtype first, as LibTorch
  tg_test::check_close(7 % y.to(tg::kFloat32), golden("rmod_7_yfloat"), 0, 0, "rmod_7_yfloat");
  TG_CHECK_THROWS_WITH(x % 0, "remainder", "ZeroDivisionError");
  TG_CHECK_THROWS_WITH(1000 % tg::tensor({3}, tg::kInt8), "remainder", "1000", "int8");
  // floating operands keep the gradient remainder has
  tg::Tensor a = tg::tensor({5.5, -3.0}, tg::kFloat64).requires_grad_();
  (a % 2.0).sum().backward();
  BOOST_TEST(a.grad().to_vector<double>() == std::vector<double>({1, 1}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(einsum_broadcasts_the_ellipsis_as_torch) {
  Seeded seeded;
  tg::Tensor a = rnd({2, 3, 4}), b = rnd({4, 5}), v = rnd({4});
  tg_test::check_close(tg::einsum("...ij,...jk->...ik", {a, b}), tg::matmul(a, b), 1e-12, 1e-12, "...ij,...jk");
  tg_test::check_close(tg::einsum("...i,...i->...", {a, v}), tg::matmul(a, v), 1e-12, 1e-12, "...i,...i");
  BOOST_TEST(tg::einsum("...ij,jk", {a, b}).shape() == tg::Shape({2, 3, 5}));
  BOOST_TEST(tg::einsum("...", {a}).shape() == tg::Shape({2, 3, 4}));
  BOOST_TEST(tg::einsum("...ii->...i", {rnd({2, 3, 3})}).shape() == tg::Shape({2, 3}));
  BOOST_TEST(tg::einsum("i...,i...->...", {rnd({3, 2}), rnd({3, 1})}).shape() == tg::Shape({2}));
  TG_CHECK_THROWS_WITH(tg::einsum("...ijk,jk", {rnd({2}), b}), "einsum", "operand 0", "\"...ijk\"");
  TG_CHECK_THROWS_WITH(tg::einsum("i..j,j", {rnd({2, 4}), v}), "einsum", "'.'");
  TG_CHECK_THROWS_WITH(tg::einsum("...i,i->.i", {a, v}), "einsum", "'.'");
}

// scatter without a reduce writes integers and bools as torch 1.13 (values printed by torch).
BOOST_AUTO_TEST_CASE(scatter_writes_integer_and_bool_tensors) {
  using V = std::vector<std::int64_t>;
  tg::Tensor index = tg::tensor({{0, 2}, {1, 0}});
  tg::Tensor out = tg::scatter(tg::zeros({2, 3}, tg::kInt64), 1, index, tg::tensor({{5, 6}, {7, 8}}));
  BOOST_TEST(out.dtype() == tg::kInt64);
  BOOST_TEST(out.to_vector<std::int64_t>() == (V{5, 0, 6, 8, 7, 0}));
  tg::Tensor big = tg::scatter(tg::zeros({2}, tg::kInt64), 0, tg::tensor({1}), tg::tensor({(1LL << 62) + 1}));
  BOOST_TEST(big.to_vector<std::int64_t>() == (V{0, (1LL << 62) + 1}));  // exact past 2^53
  tg::Tensor mask = tg::scatter(tg::zeros({2}, tg::kBool), 0, tg::tensor({1}), tg::ones({1}, tg::kBool));
  BOOST_TEST(mask.dtype() == tg::kBool);
  BOOST_TEST(mask.to_vector<std::int64_t>() == (V{0, 1}));
  TG_CHECK_THROWS_WITH(tg::scatter(tg::zeros({2, 3}, tg::kInt64), 1, tg::tensor({{3}}), tg::tensor({{1}})), "scatter");
  TG_CHECK_THROWS_WITH(tg::scatter(tg::zeros({2}, tg::kInt64), 0, tg::tensor({0}), tg::ones({1}, tg::kInt32)),
                       "scatter", "same dtype");
}
