// Runs every entry of the op table (op_table.hpp) as its own test case, autograd_ops_table/<id>:
// values and gradients against PyTorch 1.13 on each of its cases, float32 values, gradcheck and
// gradgradcheck on contiguous and strided inputs. The last case checks that docs/ops.md is what
// the table generates (TAPEGRAD_UPDATE_OPS_DOC=1 ./autograd_ops_table rewrites it).
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <string>
#include <vector>

#include <tapegrad/autograd/autograd.hpp>

#include "autograd/op_table.hpp"
#include "autograd/op_test_support.hpp"

namespace tg = tapegrad;

namespace {

using op_test::OpEntry;

// Same shape, and every element equal within atol + rtol |expected|, NaN matching NaN and
// infinities matching exactly (torch's results at the edges are part of what is checked).
// With `any_nonfinite`, a non-finite expected value accepts any non-finite one (gradients at a
// NaN result, where torch's inf and tapegrad's NaN say the same).
void expect_same(const tg::Tensor& actual, const tg::Tensor& expected, double tol, const std::string& what,
                 bool any_nonfinite = false) {
  BOOST_REQUIRE_MESSAGE(actual.defined(), what << ": undefined result");
  BOOST_REQUIRE_MESSAGE(actual.shape() == expected.shape(), what << ": shape " << tg::shape_to_string(actual.shape())
                                                                 << ", expected "
                                                                 << tg::shape_to_string(expected.shape()));
  std::vector<double> a = actual.to_vector<double>(), e = expected.to_vector<double>();
  for (std::size_t i = 0; i < e.size(); ++i) {
    bool ok = any_nonfinite && !std::isfinite(e[i]) ? !std::isfinite(a[i])
              : std::isnan(e[i])                    ? std::isnan(a[i])
              : std::isinf(e[i])                    ? a[i] == e[i]
                                                    : std::abs(a[i] - e[i]) <= tol * (1.0 + std::abs(e[i]));
    BOOST_CHECK_MESSAGE(
        ok, what << ": element " << i << " is " << std::setprecision(17) << a[i] << ", torch gives " << e[i]);
  }
}

bool all_finite(const tg::Tensor& t) {
  for (double v : t.to_vector<double>())
    if (!std::isfinite(v)) return false;
  return true;
}

void run_case(const OpEntry& entry, const std::string& suffix) {
  const std::string name = entry.id + (suffix.empty() ? "" : "__" + suffix);
  const tg_test::Fixture golden = tg_test::load_fixture("autograd/ops/" + name);
  std::vector<tg::Tensor> inputs, inputs32;
  bool nonempty = true;
  for (int i = 0; golden.has("input" + std::to_string(i)); ++i) {
    tg::Tensor x = golden.at("input" + std::to_string(i)).clone();
    bool floating = x.is_floating_point();
    nonempty = nonempty && x.numel() > 0;
    inputs32.push_back(floating ? x.to(tg::kFloat32) : x);
    inputs.push_back(floating && entry.gradient ? x.requires_grad_() : x);
  }
  BOOST_REQUIRE_MESSAGE(!inputs.empty(), name << ": the fixture has no input0");
  tg::Tensor out = entry.fn(inputs);
  const tg::Tensor expected = golden.at("output");
  expect_same(out, expected, 1e-10, name + " output");
  // float32 inputs: the same values to float32 precision, in float32 (or the same integer dtype).
  tg::Tensor out32 = entry.fn(inputs32);
  BOOST_CHECK_MESSAGE(out32.dtype() == (out.is_floating_point() ? tg::kFloat32 : out.dtype()),
                      name << ": float32 inputs give " << tg::dtype_name(out32.dtype()));
  // (unless torch's float64 result lies beyond float32's range: nan_to_num's default posinf)
  bool fits_float32 = true;
  for (double v : expected.to_vector<double>())
    fits_float32 = fits_float32 && !(std::abs(v) > 3.4e38 && std::isfinite(v));
  if (fits_float32) expect_same(out32, expected, 2e-5, name + " output from float32 inputs");
  if (!entry.gradient) {
    BOOST_CHECK_MESSAGE(!out.requires_grad(), name << ": an op without a gradient recorded one");
    return;
  }
  BOOST_REQUIRE_MESSAGE(out.requires_grad(), name << ": the result does not require grad");
  tg::sum(out * golden.at("weight")).backward();
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i].requires_grad()) continue;
    tg::Tensor g = inputs[i].grad().defined() ? inputs[i].grad() : tg::zeros_like(inputs[i]);
    expect_same(g, golden.at("grad" + std::to_string(i)), entry.grad_tol, name + " grad" + std::to_string(i),
                !all_finite(expected));
  }
  bool on_kink = suffix.rfind("ties", 0) == 0 || suffix.rfind("zero", 0) == 0;
  if (!nonempty || on_kink || !all_finite(out) || !all_finite(expected)) return;
  std::vector<tg::Tensor> leaves;
  for (const tg::Tensor& x : inputs) leaves.push_back(x.requires_grad() ? op_test::leaf(x) : x);
  op_test::expect_gradcheck(name, entry.fn, leaves);
  if (entry.second_derivative) op_test::expect_gradgradcheck(name, entry.fn, leaves);
}

void run_entry(const OpEntry& entry) {
  tg::manual_seed(20240601);
  for (const std::string& suffix : entry.cases) {
    BOOST_TEST_CONTEXT("case \"" << suffix << "\"") { run_case(entry, suffix); }
  }
}

// One Boost test case per entry, registered before main as BOOST_AUTO_TEST_CASE does.
struct RegisterTable {
  RegisterTable() {
    for (const OpEntry& entry : op_test::op_table())
      boost::unit_test::framework::master_test_suite().add(
          boost::unit_test::make_test_case([&entry] { run_entry(entry); }, entry.id, __FILE__, __LINE__));
  }
} register_table;

std::string yes_no(bool b) { return b ? "yes" : "no"; }

std::string render_ops_md() {
  std::ostringstream md;
  md << "# Ops checked against PyTorch 1.13\n\n"
     << "Generated from `tests/autograd/op_table.hpp` by the `autograd_ops_table` test (do not edit: run\n"
     << "`TAPEGRAD_UPDATE_OPS_DOC=1 build/tests/autograd_ops_table` after changing the table). Every row\n"
     << "is one Boost test case, `autograd_ops_table/<test>`: each of its cases (fixtures\n"
     << "`tests/fixtures/autograd/ops/<test>[__<case>].npz`, written by\n"
     << "`scripts/fixtures/gen_ops_fixtures.py`) is compared with PyTorch in float64 (values and\n"
     << "gradients) and float32 (values); where there is a gradient, gradcheck (and gradgradcheck for a\n"
     << "second derivative) runs on contiguous, transposed, stepped and expanded inputs.\n\n"
     << "| op | dtypes | gradient | second derivative | cases | test |\n"
     << "|---|---|---|---|---|---|\n";
  for (const OpEntry& e : op_test::op_table()) {
    std::string cases;
    for (const std::string& c : e.cases)
      cases += (cases.empty() ? "" : ", ") + (c.empty() ? std::string("default") : c);
    md << "| `" << e.call << "` | " << e.dtypes << " | " << yes_no(e.gradient) << " | "
       << yes_no(e.gradient && e.second_derivative) << " | " << cases << " | `autograd_ops_table/" << e.id << "` |\n";
  }
  return md.str();
}

}  // namespace

BOOST_AUTO_TEST_CASE(docs_ops_md_is_generated_from_the_table) {
  const std::string path = std::string(TAPEGRAD_FIXTURES_DIR) + "/../../docs/ops.md";
  const std::string generated = render_ops_md();
  if (std::getenv("TAPEGRAD_UPDATE_OPS_DOC") != nullptr) {
    std::ofstream(path) << generated;
    BOOST_TEST_MESSAGE("wrote " << path);
  }
  std::ifstream in(path);
  std::stringstream committed;
  committed << in.rdbuf();
  BOOST_CHECK_MESSAGE(committed.str() == generated,
                      "docs/ops.md differs from what tests/autograd/op_table.hpp generates: run "
                      "TAPEGRAD_UPDATE_OPS_DOC=1 build/tests/autograd_ops_table and commit docs/ops.md");
}

// What the table cannot show: the calls PyTorch refuses are refused, with the op's name.
BOOST_AUTO_TEST_CASE(refused_arguments_name_the_op) {
  tg::Tensor s = tg::scalar_tensor(2.0), m = tg::ones({2, 3});
  BOOST_TEST(tg::squeeze(s, 0).dim() == 0);
  BOOST_TEST(tg::squeeze(s, -1).dim() == 0);
  TG_CHECK_THROWS_STARTING_WITH(tg::squeeze(s, 10), "squeeze: dimension 10 is out of range");
  TG_CHECK_THROWS_STARTING_WITH(tg::sum(s, 1), "sum: dimension 1 is out of range");
  TG_CHECK_THROWS_STARTING_WITH(tg::sum(m, {1, -1}), "sum: dim -1 appears multiple times");
  TG_CHECK_THROWS_STARTING_WITH(tg::amax(tg::zeros({0, 3})), "amax: cannot reduce dimension 0 of size 0");
  TG_CHECK_THROWS_STARTING_WITH(std::get<0>(tg::max(tg::zeros({0, 3}), 0)), "max: cannot reduce dimension 0");
  TG_CHECK_THROWS_STARTING_WITH(tg::norm(m, -1.0), "norm: p must be non-negative");
  TG_CHECK_THROWS_STARTING_WITH(tg::norm(m, "nuc"), "norm: unknown norm \"nuc\"");
  TG_CHECK_THROWS_STARTING_WITH(tg::glu(m, 1), "glu: the size along dimension 1 must be even, got 3");
  TG_CHECK_THROWS_STARTING_WITH(tg::gelu(m, "fast"), "gelu: approximate must be");
  TG_CHECK_THROWS_STARTING_WITH(tg::pad(m, {3, 0}, "reflect"), "pad: reflect pads must be smaller");
  TG_CHECK_THROWS_STARTING_WITH(tg::pad(m, {1}), "pad: expects an even number of pads");
  TG_CHECK_THROWS_STARTING_WITH(tg::matmul(tg::ones({2, 4, 3}), tg::ones({3, 3, 5})), "matmul: cannot multiply");
  TG_CHECK_THROWS_STARTING_WITH(tg::bmm(tg::ones({2, 4, 3}), tg::ones({3, 3, 5})), "bmm: batch sizes differ");
  TG_CHECK_THROWS_STARTING_WITH(tg::dot(tg::ones({3}), tg::ones({4})), "dot: sizes differ: 3 and 4");
  TG_CHECK_THROWS_STARTING_WITH(tg::einsum("ij,jk->ik", {m}), "einsum: the equation \"ij,jk->ik\" names 2 operands");
  TG_CHECK_THROWS_STARTING_WITH(tg::einsum("ij->iz", {m}), "einsum: output letter 'z' does not appear");
  TG_CHECK_THROWS_STARTING_WITH(tg::einsum("...ijk->ij", {m}), "einsum: operand 0 has 2 dimensions but \"...ijk\"");
  TG_CHECK_THROWS_STARTING_WITH(tg::topk(m, 4, 1), "topk: k (4) must be in [0, 3]");
  TG_CHECK_THROWS_STARTING_WITH(tg::kthvalue(m, 0, 1), "kthvalue: k (0) must be in [1, 3]");
  TG_CHECK_THROWS_STARTING_WITH(tg::median(tg::zeros({0})), "median: cannot take the median of an empty tensor");
  TG_CHECK_THROWS_STARTING_WITH(tg::split(m, std::vector<std::int64_t>{1, 1}, 1), "split: sizes add up to 2");
  TG_CHECK_THROWS_STARTING_WITH(tg::scatter(m, 1, tg::zeros({2, 1}, tg::kInt64), m, "max"),
                                "scatter: reduce must be \"add\" or \"multiply\"");
  TG_CHECK_THROWS_STARTING_WITH(tg::index_add(m, 0, tg::tensor(std::vector<std::int64_t>{0}), m),
                                "index_add: index has 1 entries but the source has 2");
  TG_CHECK_THROWS_STARTING_WITH(tg::unfold(m, 1, 4, 1), "unfold: size 4 must be in [0, 3]");
  TG_CHECK_THROWS_STARTING_WITH(tg::movedim(m, {0, 0}, {0, 1}), "movedim: repeated dim");
}

// all and any return kInt64 until the bool dtype lands (then kBool: one constant in
// autograd/ops/reduction_dims.cpp); their values are torch's either way.
BOOST_AUTO_TEST_CASE(logical_reductions_of_whole_tensors) {
  BOOST_TEST(tg::all(tg::tensor({1.0, 2.0, NAN})).item<std::int64_t>() == 1);
  BOOST_TEST(tg::all(tg::tensor({1.0, 0.0})).item<std::int64_t>() == 0);
  BOOST_TEST(tg::all(tg::zeros({0})).item<std::int64_t>() == 1);
  BOOST_TEST(tg::any(tg::zeros({0})).item<std::int64_t>() == 0);
  BOOST_TEST(tg::any(tg::tensor({0.0, -0.5})).item<std::int64_t>() == 1);
  BOOST_TEST(tg::count_nonzero(tg::tensor({0.0, 3.0, 0.0, 1.0})).item<std::int64_t>() == 2);
  BOOST_TEST(tg::sum(tg::zeros({0, 3})).item<double>() == 0.0);
  BOOST_TEST(std::isnan(tg::mean(tg::zeros({0})).item<double>()));
  BOOST_TEST(std::isnan(tg::var(tg::ones({1})).item<double>()));
  BOOST_TEST(tg::prod(tg::zeros({0})).item<double>() == 1.0);
}

// The methods are the free functions (a spot check of each family, as LibTorch code calls them).
BOOST_AUTO_TEST_CASE(methods_are_the_free_functions) {
  tg::Tensor x = tg::arange(0.0, 12.0, 1.0, tg::kFloat64).reshape({3, 4});
  auto same = [](const tg::Tensor& a, const tg::Tensor& b) { return a.to_vector<double>() == b.to_vector<double>(); };
  BOOST_TEST(same(x.sum({0, 1}, true), tg::sum(x, {0, 1}, true)));
  BOOST_TEST(same(x.std(std::vector<std::int64_t>{1}), tg::std(x, std::vector<std::int64_t>{1})));
  BOOST_TEST(same(x.flip({1}), tg::flip(x, {1})));
  BOOST_TEST(same(x.cumsum(1), tg::cumsum(x, 1)));
  BOOST_TEST(same(std::get<0>(x.sort(1, true)), std::get<0>(tg::sort(x, 1, true))));
  BOOST_TEST(same(x.tril(-1), tg::tril(x, -1)));
  BOOST_TEST(same(x.sin(), tg::sin(x)));
  BOOST_TEST(same(x.maximum(x.t().t()), x));
  BOOST_TEST(x.chunk(2, 1).size() == 2u);
  BOOST_TEST(same(x.mv(tg::ones({4}, tg::kFloat64)), tg::sum(x, 1)));
}
