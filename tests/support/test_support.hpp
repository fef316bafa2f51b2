#pragma once
// What every test binary shares: checking that a statement throws a tapegrad::Error that says
// the right thing, comparing tensors (or vectors) within rtol/atol, and reading golden values
// from tests/fixtures/<area>/<case>.npz (written by scripts/fixtures/gen_<area>_fixtures.py).
// Area headers (autograd/op_test_support.hpp, optim/optim_test_support.hpp, ...) build on this.
//
//   TG_CHECK_THROWS_WITH(tg::matmul(a, b), "matmul: cannot multiply", "[3,4]");
//   const tg_test::Fixture f = tg_test::load_fixture("nn/mse_loss_mean");
//   tg_test::check_close(F::mse_loss(f.at("input"), f.at("target")), f.at("loss"), 1e-6, 1e-6, "loss");
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <iomanip>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <tapegrad/autograd/autograd.hpp>
#include <tapegrad/serialize/tensors.hpp>

#ifndef TAPEGRAD_FIXTURES_DIR
#error "TAPEGRAD_FIXTURES_DIR must name tests/fixtures (tests/CMakeLists.txt defines it)"
#endif

namespace tg_test {

namespace tg = tapegrad;

// ---- errors -----------------------------------------------------------------------------------

namespace detail {

/// Runs `statement`; returns "" when it throws a tapegrad::Error whose what() starts with
/// `prefix` and contains every one of `parts`, else what went wrong (quoting the message).
inline std::string error_problem(const std::function<void()>& statement, const std::string& prefix,
                                 const std::vector<std::string>& parts) {
  try {
    statement();
  } catch (const tg::Error& e) {
    const std::string message = e.what();
    if (message.rfind(prefix, 0) != 0) return "threw \"" + message + "\", which does not start with \"" + prefix + "\"";
    for (const auto& part : parts)
      if (message.find(part) == std::string::npos) return "threw \"" + message + "\", which lacks \"" + part + "\"";
    return "";
  } catch (const std::exception& e) {
    return std::string("threw a std::exception that is not a tapegrad::Error: ") + e.what();
  } catch (...) {
    return "threw something that is not a std::exception";
  }
  return "did not throw";
}

}  // namespace detail

}  // namespace tg_test

/// Checks that `statement` throws a tapegrad::Error whose what() contains every one of the
/// strings after it (at least one); a failure names the statement and quotes the message.
/// Wrap a statement that has a top-level comma in parentheses.
///     TG_CHECK_THROWS_WITH(tg::nn::Linear(0, 3), "Linear", "positive", "0");
#define TG_CHECK_THROWS_WITH(statement, ...)                                                                          \
  do {                                                                                                                \
    const std::string tg_test_problem_ =                                                                              \
        ::tg_test::detail::error_problem([&]() { statement; }, std::string(), std::vector<std::string>{__VA_ARGS__}); \
    BOOST_CHECK_MESSAGE(tg_test_problem_.empty(), #statement " " << tg_test_problem_);                                \
  } while (false)

/// Checks that `statement` throws a tapegrad::Error whose what() starts with `prefix`: for
/// messages whose whole opening is fixed ("op: what [shapes]").
///     TG_CHECK_THROWS_STARTING_WITH(tg::arange(0.0, 1.0, 0.0), "arange: step must be non-zero");
#define TG_CHECK_THROWS_STARTING_WITH(statement, prefix)                                            \
  do {                                                                                              \
    const std::string tg_test_problem_ =                                                            \
        ::tg_test::detail::error_problem([&]() { statement; }, prefix, std::vector<std::string>{}); \
    BOOST_CHECK_MESSAGE(tg_test_problem_.empty(), #statement " " << tg_test_problem_);              \
  } while (false)

namespace tg_test {

// ---- closeness --------------------------------------------------------------------------------

namespace detail {

inline std::string index_text(std::size_t flat, const tg::Shape& shape) {
  if (shape.size() < 2) return "[" + std::to_string(flat) + "]";
  std::vector<std::int64_t> index(shape.size());
  for (std::size_t d = shape.size(); d-- > 0;) {
    index[d] = static_cast<std::int64_t>(flat) % shape[d];
    flat = static_cast<std::size_t>(static_cast<std::int64_t>(flat) / shape[d]);
  }
  std::string out = "[";
  for (std::size_t d = 0; d < index.size(); ++d) out += (d ? "," : "") + std::to_string(index[d]);
  return out + "]";
}

/// "" when every element is close, else a report of the first few that are not.
inline std::string closeness_problem(const std::vector<double>& actual, const std::vector<double>& expected,
                                     const tg::Shape& shape, double rtol, double atol) {
  if (expected.empty()) return "nothing to compare: the expected values are empty";
  constexpr std::size_t kShown = 5;
  std::ostringstream report;
  report << std::setprecision(17);
  std::size_t bad = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const double a = actual[i], e = expected[i];
    const double allowed = atol + rtol * std::fabs(e);
    if (a == e || std::fabs(a - e) <= allowed) continue;  // a == e: equal infinities are close
    if (bad++ < kShown)
      report << "\n  element " << index_text(i, shape) << ": actual " << a << " vs expected " << e << " (off by "
             << std::setprecision(3) << std::fabs(a - e) << ", allowed " << allowed << ")" << std::setprecision(17);
  }
  if (bad == 0) return "";
  std::ostringstream head;
  head << std::setprecision(3) << bad << " of " << expected.size() << " elements differ by more than atol " << atol
       << " + rtol " << rtol << " * |expected|:";
  if (bad > kShown) report << "\n  ... and " << bad - kShown << " more";
  return head.str() + report.str();
}

}  // namespace detail

/// Checks |actual[i] - expected[i]| <= atol + rtol * |expected[i]| for every i (NumPy's and
/// torch.allclose's rule; NaN is never close), after checking that the sizes agree. An empty
/// `expected` fails: comparing nothing proves nothing. A failure names `what`, the indices
/// and both values. Returns whether everything was close.
inline bool check_close(const std::vector<double>& actual, const std::vector<double>& expected, double rtol,
                        double atol, const std::string& what) {
  if (actual.size() != expected.size()) {
    BOOST_ERROR(what << ": " << actual.size() << " values, expected " << expected.size());
    return false;
  }
  const std::string problem =
      detail::closeness_problem(actual, expected, {static_cast<std::int64_t>(expected.size())}, rtol, atol);
  BOOST_CHECK_MESSAGE(problem.empty(), what << ": " << problem);
  return problem.empty();
}

/// The same for tensors (any dtype, compared as double): `actual` must be defined and have
/// `expected`'s shape; indices in the report are multi-dimensional ("[1,2]").
inline bool check_close(const tg::Tensor& actual, const tg::Tensor& expected, double rtol, double atol,
                        const std::string& what) {
  if (!actual.defined()) {
    BOOST_ERROR(what << ": the result is an undefined tensor");
    return false;
  }
  if (actual.shape() != expected.shape()) {
    BOOST_ERROR(what << ": shape " << tg::shape_to_string(actual.shape()) << ", expected "
                     << tg::shape_to_string(expected.shape()));
    return false;
  }
  const std::string problem =
      detail::closeness_problem(actual.to_vector<double>(), expected.to_vector<double>(), expected.shape(), rtol, atol);
  BOOST_CHECK_MESSAGE(problem.empty(), what << ": " << problem);
  return problem.empty();
}

// ---- fixtures ---------------------------------------------------------------------------------

/// The named arrays of one golden-value file, in file order (float64 and int64 tensors that do
/// not require grad).
class Fixture {
 public:
  Fixture(std::string name, tg::NamedTensors arrays) : name_(std::move(name)), arrays_(std::move(arrays)) {}

  /// The name it was loaded by, e.g. "nn/mse_loss_mean".
  const std::string& name() const { return name_; }

  bool has(const std::string& key) const {
    for (const auto& entry : arrays_)
      if (entry.first == key) return true;
    return false;
  }

  /// The array `key`; a missing one fails the test case, naming the file and the arrays it has.
  const tg::Tensor& at(const std::string& key) const {
    for (const auto& entry : arrays_)
      if (entry.first == key) return entry.second;
    std::string known;
    for (const auto& entry : arrays_) known += (known.empty() ? "" : ", ") + entry.first;
    throw std::out_of_range("fixture " + name_ + " has no array '" + key + "' (it has: " + known + ")");
  }

  /// The array `key`, flattened (row-major) to doubles.
  std::vector<double> values(const std::string& key) const { return at(key).to_vector<double>(); }

  const tg::NamedTensors& arrays() const { return arrays_; }

 private:
  std::string name_;
  tg::NamedTensors arrays_;
};

/// The path of fixture `name`: TAPEGRAD_FIXTURES_DIR/<name>.npz.
inline std::string fixture_path(const std::string& name) {
  return std::string(TAPEGRAD_FIXTURES_DIR) + "/" + name + ".npz";
}

/// Reads tests/fixtures/<name>.npz (e.g. "autograd/sigmoid") with tapegrad::load_tensors; a
/// missing, unreadable or empty file fails the test case.
inline Fixture load_fixture(const std::string& name) {
  const std::string path = fixture_path(name);
  tg::NamedTensors arrays;
  try {
    arrays = tg::load_tensors(path);
  } catch (const tg::Error& e) {
    BOOST_FAIL("cannot read fixture " << name << ": " << e.what());
  }
  BOOST_REQUIRE_MESSAGE(!arrays.empty(), "fixture " << path << " holds no arrays");
  return Fixture(name, std::move(arrays));
}

}  // namespace tg_test
