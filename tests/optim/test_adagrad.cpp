// Adagrad against torch.optim.Adagrad trajectories, resuming from named_state(), and option
// validation.
#include <boost/test/unit_test.hpp>

#include "optim/optim_test_support.hpp"

namespace tg = tapegrad;
using optim_test::Problem;

BOOST_AUTO_TEST_SUITE(adagrad_matches_pytorch)

BOOST_AUTO_TEST_CASE(plain_adagrad_follows_the_torch_trajectory) {
  Problem problem;
  tg::optim::Adagrad opt(problem.params(), tg::optim::AdagradOptions(0.1));
  optim_test::check_golden_trajectory("adagrad", problem, opt);
}

BOOST_AUTO_TEST_CASE(lr_decay_weight_decay_and_initial_accumulator_follow_the_torch_trajectory) {
  Problem problem;
  tg::optim::Adagrad opt(
      problem.params(),
      tg::optim::AdagradOptions(0.1).lr_decay(0.05).weight_decay(0.01).initial_accumulator_value(0.1).eps(1e-8));
  optim_test::check_golden_trajectory("adagrad_lr_decay", problem, opt);
}

BOOST_AUTO_TEST_CASE(state_exists_for_every_parameter_from_the_start_as_in_pytorch) {
  Problem problem;
  tg::optim::Adagrad opt(problem.params(), tg::optim::AdagradOptions().initial_accumulator_value(0.25));
  BOOST_REQUIRE_EQUAL(opt.state(0, 2).count("sum"), 1u);
  BOOST_CHECK(opt.state(0, 2).at("sum").to_vector<double>() == (std::vector<double>{0.25, 0.25}));
  BOOST_CHECK_EQUAL(opt.state(0, 2).at("step").item<double>(), 0.0);
  problem.train_step(opt);
  BOOST_CHECK_EQUAL(opt.state(0, 0).at("step").item<double>(), 1.0);
  BOOST_CHECK_EQUAL(opt.state(0, 2).at("step").item<double>(), 0.0);  // no gradient, no step
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(adagrad_resumes_exactly)

BOOST_AUTO_TEST_CASE(adagrad_with_lr_decay_resumes_from_its_named_state) {
  optim_test::check_resume_is_exact([](Problem& p) {
    return std::make_unique<tg::optim::Adagrad>(p.params(), tg::optim::AdagradOptions(0.1).lr_decay(0.05));
  });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(adagrad_rejects_bad_options)

BOOST_AUTO_TEST_CASE(each_negative_option_is_named) {
  Problem p;
  using O = tg::optim::AdagradOptions;
  TG_CHECK_THROWS_WITH(tg::optim::Adagrad(p.params(), O(-1)), "Adagrad: invalid learning rate -1");
  TG_CHECK_THROWS_WITH(tg::optim::Adagrad(p.params(), O().lr_decay(-1)), "Adagrad: invalid lr_decay -1");
  TG_CHECK_THROWS_WITH(tg::optim::Adagrad(p.params(), O().weight_decay(-1)), "Adagrad: invalid weight_decay -1");
  TG_CHECK_THROWS_WITH(tg::optim::Adagrad(p.params(), O().initial_accumulator_value(-1)),
                       "Adagrad: invalid initial_accumulator_value -1");
  TG_CHECK_THROWS_WITH(tg::optim::Adagrad(p.params(), O().eps(-1)), "Adagrad: invalid eps -1");
}

BOOST_AUTO_TEST_CASE(an_empty_parameter_list) {
  TG_CHECK_THROWS_WITH(tg::optim::Adagrad(std::vector<tg::Tensor>{}), "Adagrad: got an empty parameter list");
}

BOOST_AUTO_TEST_SUITE_END()
