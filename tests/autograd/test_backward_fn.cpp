// BackwardFn, the type-erased gradient rule a node owns: closures kept inline, in a pooled block
// and in an over-aligned block all run, move and free their captures; a rule may return
// std::vector<Tensor> (the user-op API) or the engine's pooled list; an empty rule throws.
#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <tapegrad/autograd/node.hpp>
#include <tapegrad/tapegrad.hpp>

#include "support/test_support.hpp"

namespace tg = tapegrad;

namespace {

std::vector<double> values(const tg::Tensor& t) { return t.to_vector<double>(); }

/// A rule that scales the gradient by `factor` and holds `extra` (to size the closure) and a
/// shared token (to see when the closure's captures are destroyed).
template <std::size_t kExtraDoubles>
struct ScaleRule {
  std::shared_ptr<int> token;
  std::array<double, kExtraDoubles> extra{};
  double factor = 2.0;
  std::vector<tg::Tensor> operator()(const tg::Tensor& g) const { return {g * (factor + extra[0])}; }
};

struct alignas(64) OverAligned {
  double factor = 5.0;
};

template <typename Rule>
void check_rule_runs_moves_and_frees(Rule rule, double expected_factor) {
  auto token = std::make_shared<int>(0);
  rule.token = token;
  {
    tg::BackwardFn fn(std::move(rule));
    BOOST_TEST(static_cast<bool>(fn));
    BOOST_TEST(token.use_count() == 2);
    tg::BackwardFn moved(std::move(fn));
    BOOST_TEST(!static_cast<bool>(fn));
    BOOST_TEST(token.use_count() == 2);  // moved, not copied
    tg::detail::GradList grads = moved(tg::full({2}, 1.5, tg::kFloat64));
    BOOST_TEST_REQUIRE(grads.size() == 1u);
    BOOST_TEST(values(grads[0]) == std::vector<double>({1.5 * expected_factor, 1.5 * expected_factor}),
               boost::test_tools::per_element());
    fn = std::move(moved);  // assigning back into the emptied one
    BOOST_TEST(static_cast<bool>(fn));
    fn = nullptr;
    BOOST_TEST(token.use_count() == 1);  // the capture is released with the rule
  }
  BOOST_TEST(token.use_count() == 1);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_small_closure_is_kept_inline_and_frees_its_captures) {
  static_assert(sizeof(ScaleRule<1>) <= tg::BackwardFn::kInlineBytes);
  check_rule_runs_moves_and_frees(ScaleRule<1>{}, 2.0);
}

BOOST_AUTO_TEST_CASE(a_large_closure_lives_in_a_pooled_block_and_frees_its_captures) {
  static_assert(sizeof(ScaleRule<16>) > tg::BackwardFn::kInlineBytes);
  check_rule_runs_moves_and_frees(ScaleRule<16>{}, 2.0);
}

BOOST_AUTO_TEST_CASE(an_over_aligned_capture_is_stored_at_its_alignment) {
  OverAligned aligned;
  auto token = std::make_shared<int>(0);
  tg::BackwardFn fn([aligned, token](const tg::Tensor& g) {
    BOOST_TEST(reinterpret_cast<std::uintptr_t>(&aligned) % alignof(OverAligned) == 0u);
    return std::vector<tg::Tensor>{g * aligned.factor};
  });
  tg::BackwardFn moved(std::move(fn));
  BOOST_TEST(values(moved(tg::ones({1}, tg::kFloat64))[0]) == std::vector<double>({5.0}),
             boost::test_tools::per_element());
  BOOST_TEST(token.use_count() == 2);
  moved = nullptr;
  BOOST_TEST(token.use_count() == 1);
}

BOOST_AUTO_TEST_CASE(a_mutable_rule_keeps_its_state_between_calls) {
  tg::BackwardFn fn([calls = 0](const tg::Tensor& g) mutable {
    ++calls;
    return std::vector<tg::Tensor>{g * static_cast<double>(calls)};
  });
  tg::Tensor g = tg::ones({1}, tg::kFloat64);
  BOOST_TEST(values(fn(g)[0])[0] == 1.0);
  BOOST_TEST(values(fn(g)[0])[0] == 2.0);
}

BOOST_AUTO_TEST_CASE(calling_an_empty_rule_throws_naming_backward) {
  tg::BackwardFn fn;
  BOOST_TEST(!static_cast<bool>(fn));
  TG_CHECK_THROWS_STARTING_WITH(fn(tg::ones({1})), "backward: the node has no backward rule");
}

BOOST_AUTO_TEST_CASE(user_rules_of_every_size_give_the_right_gradients_through_the_engine) {
  // x.grad = 2 (inline rule) + 3 (pooled rule) + 5 (over-aligned rule), on a transposed view.
  tg::Tensor base = tg::arange(6, tg::kFloat64).view({2, 3});
  tg::Tensor x = base.t().detach().requires_grad_();
  std::array<double, 12> big{};
  big[0] = 3.0;
  OverAligned aligned;
  auto scaled = [&](const char* name, auto rule) {
    tg::Tensor y = [&] {
      tg::NoGradGuard no_grad;
      return x * 1.0;
    }();
    return tg::autograd::record(name, y, {x}, rule);
  };
  tg::Tensor a = scaled("InlineBackward", [](const tg::Tensor& g) { return std::vector<tg::Tensor>{g * 2.0}; });
  tg::Tensor b = scaled("PooledBackward", [big](const tg::Tensor& g) { return std::vector<tg::Tensor>{g * big[0]}; });
  tg::Tensor c =
      scaled("AlignedBackward", [aligned](const tg::Tensor& g) { return std::vector<tg::Tensor>{g * aligned.factor}; });
  (a + b + c).sum().backward();
  BOOST_TEST(values(x.grad()) == std::vector<double>(6, 10.0), boost::test_tools::per_element());
  BOOST_TEST(a.grad_fn_name() == "InlineBackward");
}
