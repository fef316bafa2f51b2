// SGD against torch.optim.SGD trajectories (tests/fixtures/optim/sgd_*.npz), resuming from
// named_state(), and option validation.
#include <boost/test/unit_test.hpp>

#include "optim/optim_test_support.hpp"

namespace tg = tapegrad;
using optim_test::Problem;

BOOST_AUTO_TEST_SUITE(sgd_matches_pytorch)

BOOST_AUTO_TEST_CASE(plain_sgd_follows_the_torch_trajectory) {
  Problem problem;
  tg::optim::SGD opt(problem.params(), tg::optim::SGDOptions(0.1));
  optim_test::check_golden_trajectory("sgd_plain", problem, opt);
}

BOOST_AUTO_TEST_CASE(momentum_follows_the_torch_trajectory) {
  Problem problem;
  tg::optim::SGD opt(problem.params(), tg::optim::SGDOptions(0.05).momentum(0.9));
  optim_test::check_golden_trajectory("sgd_momentum", problem, opt);
  BOOST_CHECK(opt.state(0, 0).count("momentum_buffer") == 1);
}

BOOST_AUTO_TEST_CASE(nesterov_follows_the_torch_trajectory) {
  Problem problem;
  tg::optim::SGD opt(problem.params(), tg::optim::SGDOptions(0.05).momentum(0.9).nesterov(true));
  optim_test::check_golden_trajectory("sgd_nesterov", problem, opt);
}

BOOST_AUTO_TEST_CASE(dampening_and_weight_decay_follow_the_torch_trajectory) {
  Problem problem;
  tg::optim::SGD opt(problem.params(), tg::optim::SGDOptions(0.05).momentum(0.8).dampening(0.3).weight_decay(0.01));
  optim_test::check_golden_trajectory("sgd_dampening_weight_decay", problem, opt);
}

BOOST_AUTO_TEST_CASE(momentum_with_step_lr_follows_the_torch_trajectory) {
  Problem problem;
  tg::optim::SGD opt(problem.params(), tg::optim::SGDOptions(0.05).momentum(0.9));
  tg::optim::StepLR scheduler(opt, 5, 0.5);
  // LibTorch's StepLR (decays after steps 6, 11, 16): Python's StepLR written as a LambdaLR
  // one step() later (scripts/fixtures/gen_optim_fixtures.py).
  optim_test::check_golden_trajectory("sgd_momentum_libtorch_step_lr", problem, opt, &scheduler);
  BOOST_CHECK_CLOSE(opt.param_groups()[0].options().get_lr(), 0.05 / 8, 1e-9);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sgd_resumes_exactly)

BOOST_AUTO_TEST_CASE(plain_sgd_resumes_from_its_named_state) {
  optim_test::check_resume_is_exact(
      [](Problem& p) { return std::make_unique<tg::optim::SGD>(p.params(), tg::optim::SGDOptions(0.1)); },
      /*has_state=*/false);
}

BOOST_AUTO_TEST_CASE(momentum_sgd_resumes_from_its_named_state) {
  optim_test::check_resume_is_exact([](Problem& p) {
    return std::make_unique<tg::optim::SGD>(
        p.params(), tg::optim::SGDOptions(0.05).momentum(0.8).dampening(0.3).weight_decay(0.01));
  });
}

BOOST_AUTO_TEST_CASE(nesterov_sgd_resumes_from_its_named_state) {
  optim_test::check_resume_is_exact([](Problem& p) {
    return std::make_unique<tg::optim::SGD>(p.params(), tg::optim::SGDOptions(0.05).momentum(0.9).nesterov(true));
  });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sgd_rejects_bad_options)

BOOST_AUTO_TEST_CASE(a_negative_learning_rate) {
  Problem p;
  TG_CHECK_THROWS_WITH(tg::optim::SGD(p.params(), tg::optim::SGDOptions(-0.1)), "SGD: invalid learning rate -0.1");
}

BOOST_AUTO_TEST_CASE(a_nan_learning_rate) {
  Problem p;
  TG_CHECK_THROWS_WITH(tg::optim::SGD(p.params(), tg::optim::SGDOptions(std::nan(""))), "SGD: invalid learning rate");
}

BOOST_AUTO_TEST_CASE(a_negative_momentum) {
  Problem p;
  TG_CHECK_THROWS_WITH(tg::optim::SGD(p.params(), tg::optim::SGDOptions(0.1).momentum(-0.5)),
                       "SGD: invalid momentum -0.5");
}

BOOST_AUTO_TEST_CASE(a_negative_weight_decay) {
  Problem p;
  TG_CHECK_THROWS_WITH(tg::optim::SGD(p.params(), tg::optim::SGDOptions(0.1).weight_decay(-1)),
                       "SGD: invalid weight_decay -1");
}

BOOST_AUTO_TEST_CASE(nesterov_without_momentum) {
  Problem p;
  TG_CHECK_THROWS_WITH(tg::optim::SGD(p.params(), tg::optim::SGDOptions(0.1).nesterov(true)),
                       "SGD: nesterov momentum requires a momentum > 0 and zero dampening");
}

BOOST_AUTO_TEST_CASE(nesterov_with_dampening) {
  Problem p;
  TG_CHECK_THROWS_WITH(
      tg::optim::SGD(p.params(), tg::optim::SGDOptions(0.1).momentum(0.9).dampening(0.1).nesterov(true)),
      "(got momentum 0.9, dampening 0.1)");
}

BOOST_AUTO_TEST_CASE(an_empty_parameter_list) {
  TG_CHECK_THROWS_WITH(tg::optim::SGD(std::vector<tg::Tensor>{}, tg::optim::SGDOptions(0.1)),
                       "SGD: got an empty parameter list");
}

BOOST_AUTO_TEST_CASE(bad_options_in_a_parameter_group) {
  Problem p;
  std::vector<tg::optim::OptimizerParamGroup> groups;
  groups.emplace_back(std::vector<tg::Tensor>{p.W});
  groups.emplace_back(std::vector<tg::Tensor>{p.b}, std::make_unique<tg::optim::SGDOptions>(-2.0));
  TG_CHECK_THROWS_WITH(tg::optim::SGD(groups, tg::optim::SGDOptions(0.1)), "SGD: invalid learning rate -2");
}

BOOST_AUTO_TEST_SUITE_END()
