// Adam and AdamW against torch.optim.Adam / AdamW trajectories, resuming from named_state(),
// and option validation.
#include <boost/test/unit_test.hpp>

#include "optim/optim_test_support.hpp"

namespace tg = tapegrad;
using optim_test::Problem;

BOOST_AUTO_TEST_SUITE(adam_matches_pytorch)

BOOST_AUTO_TEST_CASE(default_adam_follows_the_torch_trajectory) {
  Problem problem;
  tg::optim::Adam opt(problem.params(), tg::optim::AdamOptions(0.05));
  optim_test::check_golden_trajectory("adam", problem, opt);
}

BOOST_AUTO_TEST_CASE(amsgrad_with_weight_decay_follows_the_torch_trajectory) {
  Problem problem;
  tg::optim::Adam opt(problem.params(),
                      tg::optim::AdamOptions(0.05).betas({0.8, 0.95}).eps(1e-6).weight_decay(0.02).amsgrad(true));
  optim_test::check_golden_trajectory("adam_amsgrad_weight_decay", problem, opt);
  BOOST_CHECK(opt.state(0, 0).count("max_exp_avg_sq") == 1);
}

BOOST_AUTO_TEST_CASE(two_parameter_groups_follow_the_torch_trajectory) {
  Problem problem;
  std::vector<tg::optim::OptimizerParamGroup> groups;
  groups.emplace_back(std::vector<tg::Tensor>{problem.W, problem.unused});
  groups.emplace_back(std::vector<tg::Tensor>{problem.b},
                      std::make_unique<tg::optim::AdamOptions>(tg::optim::AdamOptions(0.01).betas({0.5, 0.9})));
  tg::optim::Adam opt(groups, tg::optim::AdamOptions(0.05));
  BOOST_CHECK_EQUAL(opt.param_groups()[0].options().get_lr(), 0.05);
  BOOST_CHECK_EQUAL(opt.param_groups()[1].options().get_lr(), 0.01);
  optim_test::check_golden_trajectory("adam_two_groups", problem, opt);
}

BOOST_AUTO_TEST_CASE(adamw_follows_the_torch_trajectory) {
  Problem problem;
  tg::optim::AdamW opt(problem.params(), tg::optim::AdamWOptions(0.05).weight_decay(0.1));
  optim_test::check_golden_trajectory("adamw", problem, opt);
}

BOOST_AUTO_TEST_CASE(adamw_with_amsgrad_and_default_decay_follows_the_torch_trajectory) {
  Problem problem;
  BOOST_CHECK_EQUAL(tg::optim::AdamWOptions().weight_decay(), 1e-2);
  tg::optim::AdamW opt(problem.params(), tg::optim::AdamWOptions(0.05).amsgrad(true));
  optim_test::check_golden_trajectory("adamw_amsgrad", problem, opt);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(adam_resumes_exactly)

BOOST_AUTO_TEST_CASE(adam_resumes_from_its_named_state) {
  optim_test::check_resume_is_exact([](Problem& p) {
    return std::make_unique<tg::optim::Adam>(p.params(), tg::optim::AdamOptions(0.05).weight_decay(0.01));
  });
}

BOOST_AUTO_TEST_CASE(amsgrad_adam_resumes_from_its_named_state) {
  optim_test::check_resume_is_exact([](Problem& p) {
    return std::make_unique<tg::optim::Adam>(p.params(), tg::optim::AdamOptions(0.05).amsgrad(true));
  });
}

BOOST_AUTO_TEST_CASE(adamw_resumes_from_its_named_state) {
  optim_test::check_resume_is_exact([](Problem& p) {
    return std::make_unique<tg::optim::AdamW>(p.params(), tg::optim::AdamWOptions(0.05).amsgrad(true));
  });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(adam_rejects_bad_options)

BOOST_AUTO_TEST_CASE(a_negative_learning_rate) {
  Problem p;
  TG_CHECK_THROWS_WITH(tg::optim::Adam(p.params(), tg::optim::AdamOptions(-1e-3)),
                       "Adam: invalid learning rate -0.001");
}

BOOST_AUTO_TEST_CASE(a_first_beta_of_one) {
  Problem p;
  TG_CHECK_THROWS_WITH(tg::optim::Adam(p.params(), tg::optim::AdamOptions().betas({1.0, 0.999})),
                       "Adam: invalid betas[0] 1 (must be in [0, 1))");
}

BOOST_AUTO_TEST_CASE(a_negative_second_beta) {
  Problem p;
  TG_CHECK_THROWS_WITH(tg::optim::Adam(p.params(), tg::optim::AdamOptions().betas({0.9, -0.1})),
                       "Adam: invalid betas[1] -0.1");
}

BOOST_AUTO_TEST_CASE(a_negative_eps) {
  Problem p;
  TG_CHECK_THROWS_WITH(tg::optim::Adam(p.params(), tg::optim::AdamOptions().eps(-1e-8)), "Adam: invalid eps -1e-08");
}

BOOST_AUTO_TEST_CASE(a_negative_weight_decay) {
  Problem p;
  TG_CHECK_THROWS_WITH(tg::optim::Adam(p.params(), tg::optim::AdamOptions().weight_decay(-0.5)),
                       "Adam: invalid weight_decay -0.5");
}

BOOST_AUTO_TEST_CASE(an_empty_parameter_list) {
  TG_CHECK_THROWS_WITH(tg::optim::Adam(std::vector<tg::Tensor>{}), "Adam: got an empty parameter list");
}

BOOST_AUTO_TEST_CASE(adamw_names_itself_in_its_messages) {
  Problem p;
  TG_CHECK_THROWS_WITH(tg::optim::AdamW(p.params(), tg::optim::AdamWOptions().betas({0.9, 1.0})),
                       "AdamW: invalid betas[1] 1");
  TG_CHECK_THROWS_WITH(tg::optim::AdamW(p.params(), tg::optim::AdamWOptions().weight_decay(-1)),
                       "AdamW: invalid weight_decay -1");
  TG_CHECK_THROWS_WITH(tg::optim::AdamW(std::vector<tg::Tensor>{}), "AdamW: got an empty parameter list");
}

BOOST_AUTO_TEST_CASE(group_options_of_another_optimizer) {
  Problem p;
  std::vector<tg::optim::OptimizerParamGroup> groups;
  groups.emplace_back(std::vector<tg::Tensor>{p.W}, std::make_unique<tg::optim::SGDOptions>(0.1));
  TG_CHECK_THROWS_WITH(tg::optim::Adam(groups, tg::optim::AdamOptions()),
                       "Adam: a parameter group has options of another optimizer");
}

BOOST_AUTO_TEST_SUITE_END()
