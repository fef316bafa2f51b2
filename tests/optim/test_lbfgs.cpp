// L-BFGS against torch.optim.LBFGS trajectories on the Rosenbrock function
// (tests/fixtures/optim/lbfgs_rosenbrock.npz, scripts/fixtures/lbfgs.py), its minimum, option
// checks, and parameters_to_vector / vector_to_parameters.
#include <boost/test/unit_test.hpp>

#include <tapegrad/tapegrad.hpp>

#include "support/test_support.hpp"

namespace tg = tapegrad;

namespace {

tg::Tensor rosenbrock(const tg::Tensor& x) {
  tg::Tensor a = x.narrow(0, 0, 1), b = x.narrow(0, 1, 1);
  tg::Tensor one = tg::ones_like(a);
  return tg::sum(tg::add(tg::pow(tg::sub(one, a), 2.0),
                         tg::mul(tg::full({}, 100.0, tg::kFloat64), tg::pow(tg::sub(b, tg::mul(a, a)), 2.0))));
}

void follow(const std::string& name, tg::optim::LBFGSOptions options) {
  const auto f = tg_test::load_fixture("optim/lbfgs_rosenbrock");
  tg::Tensor x = tg::tensor(std::vector<double>{-1.5, 2.0}, tg::kFloat64).requires_grad_();
  tg::optim::LBFGS opt({x}, options);
  auto closure = [&] {
    opt.zero_grad();
    tg::Tensor loss = rosenbrock(x);
    loss.backward();
    return loss;
  };
  const auto xs = f.at(name + "_x").to_vector<double>();
  const auto losses = f.at(name + "_loss").to_vector<double>();
  const auto evals = f.at(name + "_func_evals").to_vector<double>();
  for (std::size_t step = 0; step < losses.size(); ++step) {
    const double loss = opt.step(closure).item<double>();
    BOOST_TEST_CONTEXT(name << " step " << step) {
      BOOST_CHECK_SMALL(loss - losses[step], 1e-7 * std::max(1.0, std::abs(losses[step])));
      BOOST_CHECK_EQUAL(opt.func_evals(), static_cast<std::int64_t>(evals[step]));
      const auto now = x.to_vector<double>();
      BOOST_CHECK_SMALL(now[0] - xs[2 * step], 1e-8);
      BOOST_CHECK_SMALL(now[1] - xs[2 * step + 1], 1e-8);
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lbfgs)

BOOST_AUTO_TEST_CASE(strong_wolfe_follows_the_torch_trajectory) {
  follow("wolfe", tg::optim::LBFGSOptions(1).history_size(10).max_iter(20).line_search_fn("strong_wolfe"));
}

BOOST_AUTO_TEST_CASE(fixed_step_follows_the_torch_trajectory) {
  follow("fixed", tg::optim::LBFGSOptions(0.05).history_size(5).max_iter(10));
}

BOOST_AUTO_TEST_CASE(reaches_the_rosenbrock_minimum) {
  tg::Tensor x = tg::tensor(std::vector<double>{-1.5, 2.0}, tg::kFloat64).requires_grad_();
  tg::optim::LBFGS opt({x}, tg::optim::LBFGSOptions(1).line_search_fn("strong_wolfe"));
  for (int i = 0; i < 5; ++i)
    opt.step([&] {
      opt.zero_grad();
      tg::Tensor loss = rosenbrock(x);
      loss.backward();
      return loss;
    });
  const auto v = x.to_vector<double>();
  BOOST_CHECK_SMALL(v[0] - 1.0, 1e-4);
  BOOST_CHECK_SMALL(v[1] - 1.0, 1e-4);
  BOOST_CHECK_LT(rosenbrock(x).item<double>(), 1e-9);
}

BOOST_AUTO_TEST_CASE(options_are_checked_and_step_needs_a_closure) {
  tg::Tensor x = tg::zeros({2}).requires_grad_();
  TG_CHECK_THROWS_WITH(tg::optim::LBFGS({x}, tg::optim::LBFGSOptions(1).line_search_fn("backtracking")), "LBFGS",
                       "strong_wolfe");
  TG_CHECK_THROWS_WITH(tg::optim::LBFGS({x}, tg::optim::LBFGSOptions(1).history_size(0)), "LBFGS", "history_size");
  tg::optim::LBFGS opt({x});
  TG_CHECK_THROWS_WITH(opt.step(), "LBFGS", "closure");
}

BOOST_AUTO_TEST_CASE(parameters_round_trip_through_one_vector) {
  tg::Tensor a = tg::tensor({{1.0, 2.0}, {3.0, 4.0}}), b = tg::tensor(std::vector<double>{5.0, 6.0}, tg::kFloat32);
  tg::Tensor v = tg::nn::utils::parameters_to_vector({a, b});
  BOOST_CHECK(v.to_vector<double>() == (std::vector<double>{1, 2, 3, 4, 5, 6}));
  tg::nn::utils::vector_to_parameters(tg::mul(v, tg::full({}, 2.0)), {a, b});
  BOOST_CHECK(a.to_vector<double>() == (std::vector<double>{2, 4, 6, 8}));
  BOOST_CHECK(b.to_vector<double>() == (std::vector<double>{10, 12}));
  TG_CHECK_THROWS_WITH(tg::nn::utils::vector_to_parameters(v.narrow(0, 0, 5), {a, b}), "vector_to_parameters", "5");
}

BOOST_AUTO_TEST_SUITE_END()
