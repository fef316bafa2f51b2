// Dtypes other than float: bool, uint8, int8, int16, int32 and int64 tensors, PyTorch's type
// promotion (checked against torch 1.13 over every pair of dtypes: tests/fixtures/autograd/
// promotion.npz from scripts/fixtures/gen_dtype_fixtures.py), bool results of comparisons and
// tests, logical ops, where, and the elementwise edge cases peers test.
#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>

#include <tapegrad/serialize/tensors.hpp>

#include "op_test_support.hpp"
#include "serialize/serialize_test_utils.hpp"

using namespace op_test;

namespace {

// The dtype order of scripts/fixtures/gen_dtype_fixtures.py.
const std::vector<tg::Dtype> kDtypes{tg::kBool,  tg::kUInt8, tg::kInt8,    tg::kInt16,
                                     tg::kInt32, tg::kInt64, tg::kFloat32, tg::kFloat64};
const std::vector<double> kA{0, 1, 2, 5}, kB{1, 3, 1, 2};

tg::Tensor in(const std::vector<double>& v, tg::Dtype d) { return tg::from_vector(v, {4}, tg::kFloat64).to(d); }

std::string printed(const tg::Tensor& t) {
  std::ostringstream out;
  out << t;
  return out.str();
}

using Binary = std::function<tg::Tensor(const tg::Tensor&, const tg::Tensor&)>;

// Runs `fn` over every pair of dtypes; checks torch's result dtype and values, or that it throws
// where torch refuses the pair.
void check_table(const tg_test::Fixture& f, const std::string& key, const Binary& fn, bool zero_dim) {
  std::vector<double> codes = f.values(key + (zero_dim ? "_0d_dtype" : "_dtype"));
  std::vector<double> values = f.values(key + (zero_dim ? "_0d_values" : "_values"));
  for (std::size_t i = 0; i < kDtypes.size(); ++i)
    for (std::size_t j = 0; j < kDtypes.size(); ++j) {
      std::string what = key + (zero_dim ? " 0-d " : " ") + dtype_name(kDtypes[i]) + " with " + dtype_name(kDtypes[j]);
      tg::Tensor a = in(kA, kDtypes[i]);
      tg::Tensor b = zero_dim ? tg::full({}, 3, kDtypes[j]) : in(kB, kDtypes[j]);
      int code = static_cast<int>(codes[i * kDtypes.size() + j]);
      if (code < 0) {
        bool threw = false;
        try {
          fn(a, b);
        } catch (const tg::Error&) {
          threw = true;
        }
        BOOST_CHECK_MESSAGE(threw, what << ": torch refuses it, tapegrad did not throw");
        continue;
      }
      tg::Tensor r;
      try {
        r = fn(a, b);
      } catch (const tg::Error& e) {
        BOOST_ERROR(what << " threw: " << e.what());
        continue;
      }
      BOOST_CHECK_MESSAGE(r.dtype() == kDtypes[code],
                          what << ": got " << dtype_name(r.dtype()) << ", torch gives " << dtype_name(kDtypes[code]));
      std::vector<double> expected(values.begin() + (i * kDtypes.size() + j) * 4,
                                   values.begin() + (i * kDtypes.size() + j + 1) * 4);
      tg_test::check_close(r.expand({4}).to(tg::kFloat64).to_vector<double>(), expected, 1e-6, 0, what);
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(dtypes_have_libtorch_names_sizes_and_promotion) {
  BOOST_TEST(tg::kByte == tg::kUInt8);
  BOOST_TEST(tg::kInt == tg::kInt32);
  BOOST_TEST(tg::kLong == tg::kInt64);
  BOOST_TEST(tg::element_size(tg::kBool) == 1u);
  BOOST_TEST(tg::element_size(tg::kInt16) == 2u);
  BOOST_TEST(tg::element_size(tg::kInt32) == 4u);
  BOOST_TEST(std::string(tg::dtype_name(tg::kUInt8)) == "uint8");
  BOOST_TEST(tg::promote_types(tg::kUInt8, tg::kInt8) == tg::kInt16);
  BOOST_TEST(tg::promote_types(tg::kBool, tg::kInt32) == tg::kInt32);
  BOOST_TEST(tg::promote_types(tg::kInt64, tg::kFloat32) == tg::kFloat32);
  BOOST_TEST(!tg::is_floating_point(tg::kBool));
  BOOST_TEST(tg::is_integral(tg::kBool, true));
  BOOST_TEST(!tg::is_integral(tg::kBool));
}

BOOST_AUTO_TEST_CASE(braces_infer_the_dtype_as_libtorch) {
  BOOST_TEST(tg::tensor({1, 2, 3}).dtype() == tg::kInt64);
  BOOST_TEST(tg::tensor({1.0, 2.0}).dtype() == tg::kFloat32);
  BOOST_TEST(tg::tensor({1, 2.5}).dtype() == tg::kFloat32);
  BOOST_TEST(tg::tensor({true, false}).dtype() == tg::kBool);
  BOOST_TEST(tg::tensor({{1, 2}, {3, 4}}, tg::kInt32).dtype() == tg::kInt32);
  BOOST_TEST(tg::tensor({1, 2}, tg::kFloat32).dtype() == tg::kFloat32);
}

BOOST_AUTO_TEST_CASE(bool_and_integer_tensors_print_as_libtorch) {
  BOOST_TEST(printed(tg::tensor({true, false, true})) == "tensor([ True, False,  True])");
  BOOST_TEST(printed(tg::tensor({1, 200}, tg::kUInt8)) == "tensor([  1, 200], dtype=uint8)");
  BOOST_TEST(printed(tg::tensor({1, 2}, tg::kInt32)) == "tensor([1, 2], dtype=int32)");
  BOOST_TEST(printed(tg::tensor({{true}, {false}})) == "tensor([[ True],\n        [False]])");
  BOOST_TEST(printed(tg::full({}, 1, tg::kBool)) == "tensor(True)");
}

BOOST_AUTO_TEST_CASE(conversions_follow_pytorch_and_refuse_overflow) {
  auto f = tg_test::load_fixture("autograd/dtype_edge_cases");
  tg::Tensor special = f.at("special");
  BOOST_TEST(special.to(tg::kBool).to_vector<double>() == f.values("to_bool"), boost::test_tools::per_element());
  BOOST_TEST(tg::tensor({300.7, -1.5}).to(tg::kInt16).to_vector<int>() == std::vector<int>({300, -1}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::tensor({-0.5, 255.9}).to(tg::kUInt8).to_vector<int>() == std::vector<int>({0, 255}),
             boost::test_tools::per_element());
  TG_CHECK_THROWS_WITH(tg::tensor({300.0}).to(tg::kUInt8), "to", "300", "uint8");
  TG_CHECK_THROWS_WITH(tg::tensor({NAN}).to(tg::kInt32), "to", "nan", "int32");
  TG_CHECK_THROWS_WITH(tg::tensor({1e30}).to(tg::kInt64), "to", "int64");
  // Integer to integer wraps, as in PyTorch.
  BOOST_TEST(tg::tensor({257, -1}).to(tg::kUInt8).to_vector<int>() == std::vector<int>({1, 255}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::scalar_tensor(0.5).item<bool>());
  BOOST_TEST(!tg::zeros({}, tg::kInt32).item<bool>());
  BOOST_TEST(tg::full({2}, 7, tg::kInt8).to_vector<int>() == std::vector<int>({7, 7}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::arange(3.0, tg::kInt32).to_vector<int>() == std::vector<int>({0, 1, 2}),
             boost::test_tools::per_element());
  TG_CHECK_THROWS_WITH(tg::full({2}, 1000, tg::kInt8), "full", "int8");
}

BOOST_AUTO_TEST_CASE(promotion_matches_torch_for_every_pair_of_dtypes) {
  auto f = tg_test::load_fixture("autograd/promotion");
  std::map<std::string, Binary> ops{
      {"add", [](const tg::Tensor& a, const tg::Tensor& b) { return a + b; }},
      {"sub", [](const tg::Tensor& a, const tg::Tensor& b) { return a - b; }},
      {"mul", [](const tg::Tensor& a, const tg::Tensor& b) { return a * b; }},
      {"div", [](const tg::Tensor& a, const tg::Tensor& b) { return a / b; }},
      {"eq", [](const tg::Tensor& a, const tg::Tensor& b) { return a == b; }},
      {"lt", [](const tg::Tensor& a, const tg::Tensor& b) { return a < b; }},
      {"where",
       [](const tg::Tensor& a, const tg::Tensor& b) {
         return tg::where(tg::tensor({true, false, true, false}), a, b);
       }},
      {"logical_xor", [](const tg::Tensor& a, const tg::Tensor& b) { return tg::logical_xor(a, b); }}};
  for (const auto& [name, fn] : ops) {
    check_table(f, name, fn, false);
    check_table(f, name, fn, true);
  }
}

BOOST_AUTO_TEST_CASE(numbers_promote_as_python_scalars) {
  auto f = tg_test::load_fixture("autograd/promotion");
  using Scalar = std::function<tg::Tensor(const tg::Tensor&)>;
  std::vector<std::pair<std::string, Scalar>> cases{{"add_int", [](const tg::Tensor& a) { return a + 2; }},
                                                    {"add_float", [](const tg::Tensor& a) { return a + 2.5; }},
                                                    {"sub_int", [](const tg::Tensor& a) { return a - 2; }},
                                                    {"sub_float", [](const tg::Tensor& a) { return a - 2.5; }},
                                                    {"mul_int", [](const tg::Tensor& a) { return a * 2; }},
                                                    {"mul_float", [](const tg::Tensor& a) { return a * 2.5; }},
                                                    {"div_int", [](const tg::Tensor& a) { return a / 2; }},
                                                    {"div_float", [](const tg::Tensor& a) { return a / 2.5; }}};
  for (const auto& [key, fn] : cases) {
    std::vector<double> codes = f.values(key + "_dtype"), values = f.values(key + "_values");
    for (std::size_t i = 0; i < kDtypes.size(); ++i) {
      std::string what = key + " on " + dtype_name(kDtypes[i]);
      tg::Tensor a = in(kA, kDtypes[i]);
      int code = static_cast<int>(codes[i]);
      if (code < 0) {
        BOOST_CHECK_THROW(fn(a), tg::Error);
        continue;
      }
      tg::Tensor r = fn(a);
      BOOST_CHECK_MESSAGE(r.dtype() == kDtypes[code], what << ": got " << dtype_name(r.dtype()));
      tg_test::check_close(r.to(tg::kFloat64).to_vector<double>(),
                           std::vector<double>(values.begin() + i * 4, values.begin() + (i + 1) * 4), 1e-6, 0, what);
    }
  }
}

BOOST_AUTO_TEST_CASE(floating_only_ops_compute_integers_in_float32) {
  tg::Tensor i = tg::tensor({1, 2, 4});
  BOOST_TEST(tg::exp(i).dtype() == tg::kFloat32);
  BOOST_TEST(tg::sqrt(i).to_vector<double>() == std::vector<double>({1, std::sqrt(2.0f), 2}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::sigmoid(tg::tensor({true})).dtype() == tg::kFloat32);
  BOOST_TEST((-i).dtype() == tg::kInt64);
  BOOST_TEST(tg::abs(tg::tensor({-3}, tg::kInt8)).to_vector<int>() == std::vector<int>({3}),
             boost::test_tools::per_element());
  TG_CHECK_THROWS_WITH(-tg::tensor({true}), "neg", "bool");
  // A float64 operand makes float32 gradients come back in each input's own dtype.
  tg::Tensor a = tg::ones({2}).requires_grad_(), b = tg::full({2}, 3.0, tg::kFloat64).requires_grad_();
  tg::Tensor y = a * b;
  BOOST_TEST(y.dtype() == tg::kFloat64);
  y.sum().backward();
  BOOST_TEST(a.grad().dtype() == tg::kFloat32);
  BOOST_TEST(a.grad().to_vector<double>() == std::vector<double>({3, 3}), boost::test_tools::per_element());
  BOOST_TEST(b.grad().dtype() == tg::kFloat64);
}

BOOST_AUTO_TEST_CASE(floor_divide_rounds_down_and_keeps_integers) {
  // Values from torch 1.13: floor_divide([-7, 7, 7, -8, 5], [2, -2, 2, -2, 5]) = [-4, -4, 3, 4, 1]
  tg::Tensor q = tg::floor_divide(tg::tensor({-7, 7, 7, -8, 5}), tg::tensor({2, -2, 2, -2, 5}));
  BOOST_TEST(q.dtype() == tg::kInt64);
  BOOST_TEST(q.to_vector<int>() == std::vector<int>({-4, -4, 3, 4, 1}), boost::test_tools::per_element());
  tg::Tensor f = tg::floor_divide(tg::tensor({-7.5, 7.0}), tg::tensor({2.0, -2.0}));
  BOOST_TEST(f.to_vector<double>() == std::vector<double>({-4, -4}), boost::test_tools::per_element());
  BOOST_TEST(tg::floor_divide(tg::tensor({7}, tg::kInt32), 2).dtype() == tg::kInt32);
  BOOST_TEST(tg::floor_divide(tg::tensor({7}), 2.5).to_vector<double>() == std::vector<double>({2}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::floor_divide(tg::tensor({7}), 2.5).dtype() == tg::kFloat32);
  BOOST_TEST(tg::floor_divide(tg::tensor({-128}, tg::kInt8), tg::tensor({-1}, tg::kInt8)).to_vector<int>() ==
                 std::vector<int>({-128}),
             boost::test_tools::per_element());
  BOOST_TEST(
      tg::floor_divide(tg::tensor({{6}, {7}}), tg::tensor({2, 3})).to_vector<int>() == std::vector<int>({3, 2, 3, 2}),
      boost::test_tools::per_element());
  TG_CHECK_THROWS_WITH(tg::floor_divide(tg::tensor({1}), tg::tensor({0})), "floor_divide", "division by zero");
}

BOOST_AUTO_TEST_CASE(matmul_requires_equal_dtypes_as_torch) {
  TG_CHECK_THROWS_WITH(tg::matmul(tg::ones({2, 2}, tg::kFloat64), tg::ones({2, 2})), "matmul", "float64", "float32");
  TG_CHECK_THROWS_WITH(tg::mm(tg::ones({2, 2}), tg::ones({2, 2}, tg::kFloat64)), "mm", "float32", "float64");
}

BOOST_AUTO_TEST_CASE(comparisons_and_tests_give_bool_masks_that_count) {
  tg::Tensor pred = tg::tensor({1, 2, 0, 2}), target = tg::tensor({1, 0, 0, 2});
  tg::Tensor hits = pred == target;
  BOOST_TEST(hits.dtype() == tg::kBool);
  BOOST_TEST(hits.sum().dtype() == tg::kInt64);
  BOOST_TEST(hits.sum().item<std::int64_t>() == 3);
  BOOST_TEST(hits.sum(0).item<std::int64_t>() == 3);
  BOOST_TEST((tg::ones({2, 3}) > 0.5).sum(1).to_vector<std::int64_t>() == std::vector<std::int64_t>({3, 3}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::tensor({1, 2}, tg::kInt32).sum().dtype() == tg::kInt64);
  // int tensors compare exactly with fractional numbers (2 < 2.5)
  BOOST_TEST((tg::tensor({2, 3}) < 2.5).to_vector<int>() == std::vector<int>({1, 0}), boost::test_tools::per_element());
  tg::Tensor x = tg::tensor({-1.0, 2.0});
  BOOST_TEST((x * (x > 0.0)).dtype() == tg::kFloat32);
  BOOST_TEST((x * (x > 0.0)).to_vector<double>() == std::vector<double>({-0.0, 2.0}), boost::test_tools::per_element());

  auto f = tg_test::load_fixture("autograd/dtype_edge_cases");
  tg::Tensor special = f.at("special").to(tg::kFloat32);
  for (auto [name, fn] : std::vector<std::pair<std::string, tg::Tensor (*)(const tg::Tensor&)>>{
           {"isnan", &tg::isnan}, {"isinf", &tg::isinf}, {"isfinite", &tg::isfinite}}) {
    tg::Tensor r = fn(special);
    BOOST_TEST(r.dtype() == tg::kBool);
    BOOST_TEST(r.to_vector<double>() == f.values(name), boost::test_tools::per_element());
  }
  BOOST_TEST(tg::isnan(tg::tensor({1, 2})).sum().item<int>() == 0);
}

BOOST_AUTO_TEST_CASE(logical_ops_match_torch) {
  auto f = tg_test::load_fixture("autograd/dtype_edge_cases");
  tg::Tensor p = f.at("logic_p"), q = f.at("logic_q");
  BOOST_TEST(tg::logical_and(p, q).to_vector<double>() == f.values("logical_and"), boost::test_tools::per_element());
  BOOST_TEST(tg::logical_or(p, q).to_vector<double>() == f.values("logical_or"), boost::test_tools::per_element());
  BOOST_TEST(tg::logical_not(p).to_vector<double>() == f.values("logical_not"), boost::test_tools::per_element());
  tg::Tensor bp = p != 0.0, bq = q != 0.0;
  BOOST_TEST((bp & bq).to_vector<double>() == f.values("logical_and"), boost::test_tools::per_element());
  BOOST_TEST((bp | bq).to_vector<double>() == f.values("logical_or"), boost::test_tools::per_element());
  BOOST_TEST((~bp).to_vector<double>() == f.values("logical_not"), boost::test_tools::per_element());
  BOOST_TEST((bp ^ bq).dtype() == tg::kBool);
  TG_CHECK_THROWS_WITH(p & q, "bitwise_and", "bool");
  // Broadcasting
  BOOST_TEST(tg::logical_or(tg::tensor({{true}, {false}}), tg::tensor({false, false})).sum().item<int>() == 2);
}

BOOST_AUTO_TEST_CASE(where_takes_bool_masks_and_sends_gradients_to_both_branches) {
  Seeded seeded;
  tg::Tensor cond = tg::rand({3, 4}) > 0.5;
  tg::Tensor col = tg::rand({3, 1}) > 0.5;
  tg::Tensor a = rnd({3, 4}), b = rnd({3, 4}), row = rnd({4});
  expect_gradcheck("where", [=](const auto& x) { return weighted(tg::where(cond, x[0], x[1])); }, {a, b});
  expect_gradcheck("where broadcast", [=](const auto& x) { return weighted(tg::where(col, x[0], x[1])); }, {a, row});
  expect_gradgradcheck("where second order", [=](const auto& x) { return tg::where(cond, x[0] * x[0], x[1].exp()); },
                       {a, b});
  TG_CHECK_THROWS_WITH(tg::where(tg::ones({2}), tg::ones({2}), tg::ones({2})), "where", "boolean", "float32");
  // A float32 branch with a float64 one promotes; each gradient comes back in its input's dtype.
  tg::Tensor a32 = tg::ones({2}).requires_grad_(), b64 = tg::zeros({2}, tg::kFloat64).requires_grad_();
  tg::Tensor y = tg::where(tg::tensor({true, false}), a32, b64);
  BOOST_TEST(y.dtype() == tg::kFloat64);
  y.sum().backward();
  BOOST_TEST(a32.grad().to_vector<double>() == std::vector<double>({1, 0}), boost::test_tools::per_element());
  BOOST_TEST(b64.grad().to_vector<double>() == std::vector<double>({0, 1}), boost::test_tools::per_element());
  // masked_fill with a bool mask, and (as torch 1.13) a non-zero mask of another dtype
  tg::Tensor x = tg::tensor({1.0, 2.0, 3.0});
  BOOST_TEST(x.masked_fill(x > 1.5, 0.0).to_vector<double>() == std::vector<double>({1, 0, 0}),
             boost::test_tools::per_element());
  BOOST_TEST(x.masked_fill(tg::tensor({1, 0, 0}), 9.0).to_vector<double>() == std::vector<double>({9, 2, 3}),
             boost::test_tools::per_element());
  BOOST_TEST(
      tg::tensor({1, 2}).masked_fill(tg::tensor({true, false}), 2.7).to_vector<int>() == std::vector<int>({2, 2}),
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(edge_cases_match_torch) {
  auto f = tg_test::load_fixture("autograd/dtype_edge_cases");
  // pow(tensor, tensor) at base 0
  tg::Tensor base = leaf(f.at("pow_base")), exponent = leaf(f.at("pow_exponent"));
  tg::Tensor out = tg::pow(base, exponent);
  tg_test::check_close(out.detach().to_vector<double>(), f.values("pow_out"), 1e-12, 0, "pow at base 0");
  out.sum().backward();
  tg_test::check_close(base.grad().to_vector<double>(), f.values("pow_grad_base"), 1e-12, 0, "d pow / d base");
  tg_test::check_close(exponent.grad().to_vector<double>(), f.values("pow_grad_exponent"), 1e-12, 0,
                       "d pow / d exponent");
  // clamp with min > max is max everywhere
  tg_test::check_close(tg::clamp(f.at("clamp_in"), 3.0, 0.0).to_vector<double>(), f.values("clamp_3_0"), 0, 0,
                       "clamp(x, 3, 0)");
  // float32 log_softmax and logsumexp at large magnitudes
  tg::Tensor large = f.at("log_softmax_large_in").to(tg::kFloat32);
  tg_test::check_close(tg::log_softmax(large, 0).to_vector<double>(), f.values("log_softmax_large"), 2e-7, 0,
                       "log_softmax([1000, 999, -1000])");
  tg_test::check_close(tg::logsumexp(large, 0).to_vector<double>(), f.values("logsumexp_large"), 2e-7, 0,
                       "logsumexp([1000, 999, -1000])");
}

BOOST_AUTO_TEST_CASE(new_dtypes_save_and_load_as_numpy_arrays) {
  serialize_test::TempDir dir;
  tg::NamedTensors saved{{"b", tg::tensor({true, false})},
                         {"u", tg::tensor({1, 255}, tg::kUInt8)},
                         {"i", tg::tensor({-7, 7}, tg::kInt32)},
                         {"s", tg::tensor({-3}, tg::kInt16)},
                         {"c", tg::tensor({-3}, tg::kInt8)}};
  tg::save_tensors(saved, dir.file("t.npz"));
  tg::NamedTensors loaded = tg::load_tensors(dir.file("t.npz"));
  BOOST_REQUIRE(loaded.size() == saved.size());
  for (std::size_t k = 0; k < saved.size(); ++k) {
    BOOST_TEST(loaded[k].second.dtype() == saved[k].second.dtype());
    BOOST_TEST(loaded[k].second.to_vector<double>() == saved[k].second.to_vector<double>(),
               boost::test_tools::per_element());
  }
}
