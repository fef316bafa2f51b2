// Matrix products: matmul over every rank combination and mm with each transpose flag,
// checked by finite differences (first and second order), against PyTorch and by hand.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <exception>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include <tapegrad/autograd/autograd.hpp>

namespace tg = tapegrad;

namespace tapegrad {
/// Lets Boost.Test print a Dtype in a failure message.
inline std::ostream& boost_test_print_type(std::ostream& out, Dtype dtype) { return out << dtype_name(dtype); }
}  // namespace tapegrad

namespace {

const tg::TensorOptions kF64 = tg::TensorOptions().dtype(tg::kFloat64);

struct Seeded {
  Seeded() { tg::manual_seed(20240601); }
};

/// A float64 leaf that requires grad, holding `values` (copied, so the caller's tensor is untouched).
tg::Tensor leaf(const tg::Tensor& values) { return values.to(tg::kFloat64).clone().detach().requires_grad_(); }

/// Uniform on [low, high), float64, requiring grad.
tg::Tensor rnd(const tg::Shape& shape, double low = -1.0, double high = 1.0) {
  return leaf(tg::uniform(shape, low, high, kF64));
}

void expect_gradcheck(const std::string& what, const tg::GradcheckFn& fn, const std::vector<tg::Tensor>& inputs,
                      double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3) {
  try {
    BOOST_CHECK_MESSAGE(tg::gradcheck(fn, inputs, eps, atol, rtol), what);
  } catch (const std::exception& e) {  // tg::Error from gradcheck, or anything the op throws
    BOOST_ERROR(what << ": " << e.what());
  }
}

void expect_gradgradcheck(const std::string& what, const tg::GradcheckFn& fn, const std::vector<tg::Tensor>& inputs) {
  try {
    BOOST_CHECK_MESSAGE(tg::gradgradcheck(fn, inputs), what);
  } catch (const std::exception& e) {  // tg::Error from gradcheck, or anything the op throws
    BOOST_ERROR(what << ": " << e.what());
  }
}

// ---- PyTorch golden values (scripts/fixtures/gen_autograd_fixtures.py) ------------------------

std::map<std::string, tg::Tensor> load_golden(const std::string& name) {
  std::string path = std::string(TAPEGRAD_FIXTURES_DIR) + "/autograd/" + name + ".txt";
  std::ifstream in(path);
  BOOST_REQUIRE_MESSAGE(in.good(), "cannot open fixture " << path);
  std::map<std::string, tg::Tensor> tensors;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string key, shape_text, token;
    fields >> key >> shape_text;
    tg::Shape shape;
    if (shape_text != "-") {
      std::istringstream dims(shape_text);
      for (std::string d; std::getline(dims, d, ',');) shape.push_back(std::stoll(d));
    }
    std::vector<double> values;
    while (fields >> token) values.push_back(std::stod(token));
    tensors[key] = tg::from_vector(values, shape, kF64);
  }
  BOOST_REQUIRE_MESSAGE(tensors.count("output") == 1, "fixture " << path << " has no output line");
  return tensors;
}

void check_close(const tg::Tensor& actual, const tg::Tensor& expected, double tol, const std::string& what) {
  BOOST_REQUIRE_MESSAGE(actual.defined(), what << " is undefined");
  BOOST_TEST_CONTEXT(what) {
    BOOST_TEST(actual.shape() == expected.shape(), tg::shape_to_string(actual.shape())
                                                      << " vs " << tg::shape_to_string(expected.shape()));
    if (actual.shape() != expected.shape()) return;
    std::vector<double> a = actual.to_vector<double>(), e = expected.to_vector<double>();
    for (std::size_t i = 0; i < a.size(); ++i)
      BOOST_TEST(std::fabs(a[i] - e[i]) <= tol * (1.0 + std::fabs(e[i])),
                 "element " << i << ": " << a[i] << " vs torch " << e[i]);
  }
}

/// Runs fn on the fixture's inputs; compares the output and d sum(out * weight) / d inputs.
void check_against_torch(const std::string& name, const tg::GradcheckFn& fn, double tol = 1e-12) {
  auto golden = load_golden(name);
  std::vector<tg::Tensor> inputs;
  for (int i = 0; golden.count("input" + std::to_string(i)); ++i)
    inputs.push_back(golden["input" + std::to_string(i)].requires_grad_());
  tg::Tensor out = fn(inputs);
  check_close(out, golden["output"], tol, name + " output");
  tg::sum(out * golden["weight"]).backward();
  for (std::size_t i = 0; i < inputs.size(); ++i)
    check_close(inputs[i].grad(), golden["grad" + std::to_string(i)], tol, name + " grad" + std::to_string(i));
}

std::vector<double> values_of(const tg::Tensor& t) { return t.to_vector<double>(); }

}  // namespace

BOOST_FIXTURE_TEST_SUITE(matmul_gradients, Seeded)

BOOST_AUTO_TEST_CASE(matmul_matches_finite_differences_for_every_rank_combination) {
  auto product = [](const std::vector<tg::Tensor>& in) { return tg::matmul(in[0], in[1]); };
  struct Case {
    const char* name;
    tg::Shape a, b;
  };
  for (const Case& c : {Case{"1-D . 1-D", {4}, {4}}, Case{"2-D . 1-D", {3, 4}, {4}}, Case{"1-D . 2-D", {4}, {4, 2}},
                        Case{"2-D . 2-D", {3, 4}, {4, 2}}, Case{"3-D . 3-D", {2, 3, 4}, {2, 4, 2}},
                        Case{"3-D . 2-D", {2, 3, 4}, {4, 2}}, Case{"2-D . 3-D", {3, 4}, {2, 4, 2}},
                        Case{"3-D . 1-D", {2, 3, 4}, {4}}, Case{"1-D . 3-D", {4}, {2, 4, 3}},
                        Case{"1x1 . 1x1", {1, 1}, {1, 1}}}) {
    tg::Tensor a = rnd(c.a), b = rnd(c.b);
    expect_gradcheck(std::string("matmul ") + c.name, product, {a, b});
    expect_gradcheck(std::string("matmul ") + c.name + ", left input only", product, {a, b.detach()});
    expect_gradcheck(std::string("matmul ") + c.name + ", right input only", product, {a.detach(), b});
  }
}

BOOST_AUTO_TEST_CASE(mm_matches_finite_differences_for_each_transpose_flag) {
  for (bool ta : {false, true})
    for (bool tb : {false, true}) {
      std::string name = std::string("mm(") + (ta ? "a^T" : "a") + ", " + (tb ? "b^T" : "b") + ")";
      tg::Tensor a = rnd(ta ? tg::Shape{4, 3} : tg::Shape{3, 4}), b = rnd(tb ? tg::Shape{2, 4} : tg::Shape{4, 2});
      expect_gradcheck(name, [=](const auto& in) { return tg::mm(in[0], in[1], ta, tb); }, {a, b});
      tg::Tensor ba = rnd(ta ? tg::Shape{2, 4, 3} : tg::Shape{2, 3, 4}),
                 bb = rnd(tb ? tg::Shape{2, 2, 4} : tg::Shape{2, 4, 2});
      expect_gradcheck("batched " + name, [=](const auto& in) { return tg::mm(in[0], in[1], ta, tb); }, {ba, bb});
      expect_gradcheck("batched-by-2-D " + name, [=](const auto& in) { return tg::mm(in[0], in[1], ta, tb); },
                       {ba, b});
      expect_gradcheck("2-D-by-batched " + name, [=](const auto& in) { return tg::mm(in[0], in[1], ta, tb); },
                       {a, bb});
      // the flag must equal an explicit transpose
      tg::Tensor flagged = tg::mm(a, b, ta, tb);
      tg::Tensor explicit_t = tg::matmul(ta ? a.t() : a, tb ? b.t() : b);
      check_close(flagged, explicit_t, 1e-12, name + " equals the explicit transpose");
    }
}

BOOST_AUTO_TEST_CASE(matmul_of_transposed_and_sliced_inputs_matches_finite_differences) {
  tg::Tensor a = rnd({4, 3}), b = rnd({2, 8});
  expect_gradcheck("a^T @ b[:, ::2]^T", [](const auto& in) {
    return tg::matmul(in[0].t(), in[1].slice(1, 0, std::nullopt, 2).t());
  }, {a, b});
  expect_gradcheck("a @ a^T (same input twice)", [](const auto& in) { return in[0].matmul(in[0].t()); }, {a});
}

BOOST_AUTO_TEST_CASE(second_derivatives_match_finite_differences) {
  tg::Tensor a = rnd({3, 4}), b = rnd({4, 2}), v = rnd({4}), ba = rnd({2, 3, 4}), bb = rnd({2, 4, 2});
  expect_gradgradcheck("matmul 2-D", [](const auto& in) { return tg::matmul(in[0], in[1]); }, {a, b});
  expect_gradgradcheck("matmul 2-D . 1-D", [](const auto& in) { return tg::matmul(in[0], in[1]); }, {a, v});
  expect_gradgradcheck("matmul batched", [](const auto& in) { return tg::matmul(in[0], in[1]); }, {ba, bb});
  expect_gradgradcheck("mm(a^T, a)", [](const auto& in) { return tg::mm(in[0], in[0], true, false); }, {a});
  expect_gradgradcheck("composite tanh(x @ w) + softplus(x @ w)", [](const auto& in) {
    tg::Tensor h = tg::matmul(in[0], in[1]);
    return tg::tanh(h) + tg::softplus(h);
  }, {a, b});
  expect_gradgradcheck("two-layer network", [](const auto& in) {
    return tg::matmul(tg::tanh(tg::matmul(in[0], in[1])), in[2]);
  }, {a, b, rnd({2, 3})});
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(matmul_forward_values)

BOOST_AUTO_TEST_CASE(match_pytorch_golden_values_and_gradients) {
  auto product = [](const std::vector<tg::Tensor>& in) { return tg::matmul(in[0], in[1]); };
  check_against_torch("matmul_3d_2d", product);
  check_against_torch("matmul_3d_3d", product);
  check_against_torch("matmul_1d_2d", product);
}

BOOST_AUTO_TEST_CASE(hand_computed_products_have_numpy_result_shapes) {
  tg::Tensor m = tg::tensor({{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}});  // [3,2]
  tg::Tensor v = tg::tensor({1.0, -1.0});
  tg::Tensor mv = tg::matmul(m, v);
  BOOST_TEST(mv.shape() == tg::Shape({3}), boost::test_tools::per_element());
  BOOST_TEST(values_of(mv) == std::vector<double>({-1, -1, -1}), boost::test_tools::per_element());
  tg::Tensor dot = tg::matmul(v, v);
  BOOST_TEST(dot.dim() == 0);
  BOOST_TEST(dot.item<double>() == 2.0);
  tg::Tensor vm = tg::matmul(tg::tensor({1.0, 0.0, 2.0}), m);
  BOOST_TEST(vm.shape() == tg::Shape({2}), boost::test_tools::per_element());
  BOOST_TEST(values_of(vm) == std::vector<double>({11, 14}), boost::test_tools::per_element());
  tg::Tensor mm = m.matmul(m.t());
  BOOST_TEST(mm.shape() == tg::Shape({3, 3}), boost::test_tools::per_element());
  BOOST_TEST(values_of(mm) == std::vector<double>({5, 11, 17, 11, 25, 39, 17, 39, 61}),
             boost::test_tools::per_element());
  tg::Tensor batch = tg::stack({m.t(), m.t() * 2.0});  // [2,2,3]
  tg::Tensor bm = tg::matmul(batch, m);               // [2,2,2]
  BOOST_TEST(bm.shape() == tg::Shape({2, 2, 2}), boost::test_tools::per_element());
  BOOST_TEST(values_of(bm) == std::vector<double>({35, 44, 44, 56, 70, 88, 88, 112}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::matmul(m.t(), batch.transpose(1, 2)).shape() == tg::Shape({2, 2, 2}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::matmul(tg::ones({2, 3, 4}), tg::ones({4})).shape() == tg::Shape({2, 3}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::matmul(tg::ones({4}), tg::ones({2, 4, 3})).shape() == tg::Shape({2, 3}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::matmul(tg::ones({3, 4}, tg::kFloat64), tg::ones({4, 2}, tg::kFloat64)).dtype() == tg::kFloat64);
}

BOOST_AUTO_TEST_CASE(products_with_an_empty_inner_dimension_are_zero) {
  tg::Tensor c = tg::matmul(tg::ones({2, 0}), tg::ones({0, 3}));
  BOOST_TEST(c.shape() == tg::Shape({2, 3}), boost::test_tools::per_element());
  BOOST_TEST(values_of(c) == std::vector<double>(6, 0.0), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
