#pragma once
// Helpers shared by the tests/autograd binaries: float64 leaves and a seeded fixture,
// finite-difference checks (first and second order), and the comparison with PyTorch golden
// values from tests/fixtures/autograd/<case>.npz (scripts/fixtures/gen_autograd_fixtures.py).
// Error, closeness and fixture helpers come from support/test_support.hpp.
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <exception>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include <tapegrad/autograd/autograd.hpp>

#include "strided_variants.hpp"
#include "support/test_support.hpp"

namespace tapegrad {
/// Lets Boost.Test print a Dtype in a failure message.
inline std::ostream& boost_test_print_type(std::ostream& out, Dtype dtype) { return out << dtype_name(dtype); }
}  // namespace tapegrad

namespace op_test {

namespace tg = tapegrad;

inline const tg::TensorOptions kF64 = tg::TensorOptions().dtype(tg::kFloat64);

struct Seeded {
  Seeded() { tg::manual_seed(20240601); }
};

/// A float64 leaf that requires grad, holding `values` (copied, so the caller's tensor is untouched).
inline tg::Tensor leaf(const tg::Tensor& values) { return values.to(tg::kFloat64).clone().detach().requires_grad_(); }

/// Uniform on [low, high), float64, requiring grad.
inline tg::Tensor rnd(const tg::Shape& shape, double low = -1.0, double high = 1.0) {
  return leaf(tg::uniform(shape, low, high, kF64));
}

/// y * [1, 2, 3, ...]: distinct weights, so a gradient sent to the wrong element shows.
inline tg::Tensor weighted(const tg::Tensor& y) {
  return y * tg::arange(1.0, 1.0 + static_cast<double>(y.numel()), 1.0, kF64).reshape(y.shape());
}

inline std::vector<double> values_of(const tg::Tensor& t) { return t.to_vector<double>(); }

/// gradcheck on `inputs`, then again with each input as a transposed, stepped and expanded view.
inline void expect_gradcheck(const std::string& what, const tg::GradcheckFn& fn, const std::vector<tg::Tensor>& inputs,
                             double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3) {
  std::vector<StridedVariant> checks{{"", fn, inputs}};
  for (StridedVariant& v : strided_variants(fn, inputs)) checks.push_back(std::move(v));
  for (const StridedVariant& check : checks) {
    try {
      BOOST_CHECK_MESSAGE(tg::gradcheck(check.fn, check.inputs, eps, atol, rtol), what << check.name);
    } catch (const std::exception& e) {  // tg::Error from gradcheck, or anything the op throws
      BOOST_ERROR(what << check.name << ": " << e.what());
    }
  }
}

/// gradgradcheck, likewise on contiguous and on strided inputs.
inline void expect_gradgradcheck(const std::string& what, const tg::GradcheckFn& fn,
                                 const std::vector<tg::Tensor>& inputs) {
  std::vector<StridedVariant> checks{{"", fn, inputs}};
  for (StridedVariant& v : strided_variants(fn, inputs)) checks.push_back(std::move(v));
  for (const StridedVariant& check : checks) {
    try {
      BOOST_CHECK_MESSAGE(tg::gradgradcheck(check.fn, check.inputs), what << check.name);
    } catch (const std::exception& e) {  // tg::Error from gradcheck, or anything the op throws
      BOOST_ERROR(what << check.name << ": " << e.what());
    }
  }
}

/// Runs fn on the fixture's inputs; compares the output and d sum(out * weight) / d inputs.
/// Values and gradients agree with torch within tol * (1 + |torch's value|).
inline void check_against_torch(const std::string& name, const tg::GradcheckFn& fn, double tol = 1e-12) {
  const tg_test::Fixture golden = tg_test::load_fixture("autograd/" + name);
  std::vector<tg::Tensor> inputs;
  for (int i = 0; golden.has("input" + std::to_string(i)); ++i)
    inputs.push_back(golden.at("input" + std::to_string(i)).clone().requires_grad_());
  BOOST_REQUIRE_MESSAGE(!inputs.empty(), "fixture autograd/" << name << " has no input0");
  tg::Tensor out = fn(inputs);
  tg_test::check_close(out, golden.at("output"), tol, tol, name + " output");
  tg::sum(out * golden.at("weight")).backward();
  for (std::size_t i = 0; i < inputs.size(); ++i)
    tg_test::check_close(inputs[i].grad(), golden.at("grad" + std::to_string(i)), tol, tol,
                         name + " grad" + std::to_string(i));
}

}  // namespace op_test
