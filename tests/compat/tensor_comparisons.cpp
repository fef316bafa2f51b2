// Checking results the LibTorch way: torch::allclose, torch::isclose and torch::equal, and the
// Tensor methods, on the answers PyTorch 1.13 gives. Exits non-zero on the first wrong one.
// Plain LibTorch code (see autograd_custom_function.cpp).
#include <torch/torch.h>

#include <cstdio>
#include <limits>

namespace {

int failures = 0;

void expect(bool ok, const char* what) {
  std::printf("%-58s %s\n", what, ok ? "ok" : "WRONG");
  if (!ok) ++failures;
}

}  // namespace

int main() {
  const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  auto a = torch::tensor({1.0, 1.0001}), b = torch::tensor({1.0, 1.0});
  expect(!torch::allclose(a, b), "1.0001 is not within the default tolerance of 1");
  expect(torch::allclose(a, b, /*rtol=*/1e-3), "but is within rtol 1e-3");
  auto near = torch::isclose(a, b);
  expect(near.dtype() == torch::kBool && near.index({0}).item<bool>() && !near.index({1}).item<bool>(),
         "isclose gives the mask [true, false]");
  auto specials = torch::tensor({inf, -inf, nan}), same = torch::tensor({inf, inf, nan});
  expect(torch::isclose(specials, same).sum().item<int64_t>() == 1, "inf is close to inf only, NaN to nothing");
  expect(torch::isclose(specials, same, 1e-5, 1e-8, /*equal_nan=*/true).sum().item<int64_t>() == 2,
         "equal_nan makes NaN close to NaN");
  auto grid = torch::arange(6.0).reshape({2, 3});
  expect(grid.t().allclose(grid.t().contiguous()), "a transposed view is close to its copy");
  expect(torch::allclose(torch::ones({2, 3}), torch::ones({3})), "allclose broadcasts");
  auto counts = torch::arange(4).to(torch::kInt64);
  expect(torch::allclose(counts, counts + 1, /*rtol=*/0.0, /*atol=*/1.0), "integers within atol 1");
  expect(!torch::allclose(counts, counts + 1, 0.0, 0.0), "but not within 0");
  expect(torch::equal(grid, grid.clone()), "equal: same sizes and values");
  expect(!torch::equal(grid, grid.reshape({3, 2})), "equal: other sizes are not equal");
  expect(grid.equal(grid.to(torch::kFloat64)), "equal compares values across dtypes");
  expect(!torch::equal(torch::tensor({nan}), torch::tensor({nan})), "NaN equals nothing");
  bool refused = false;
  try {
    torch::isclose(torch::ones({2}), torch::ones({2}).to(torch::kInt64));
  } catch (const std::exception&) {
    refused = true;
  }
  expect(refused, "isclose refuses operands of two dtypes");
  std::printf("%d wrong\n", failures);
  return failures == 0 ? 0 : 1;
}
