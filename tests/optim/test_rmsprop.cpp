// RMSprop against torch.optim.RMSprop trajectories, resuming from named_state(), and option
// validation.
#include <boost/test/unit_test.hpp>

#include "optim/optim_test_support.hpp"

namespace tg = tapegrad;
using optim_test::Problem;

BOOST_AUTO_TEST_SUITE(rmsprop_matches_pytorch)

BOOST_AUTO_TEST_CASE(plain_rmsprop_follows_the_torch_trajectory) {
  Problem problem;
  tg::optim::RMSprop opt(problem.params(), tg::optim::RMSpropOptions(0.01));
  optim_test::check_golden_trajectory("rmsprop_plain", problem, opt);
}

BOOST_AUTO_TEST_CASE(centered_rmsprop_with_momentum_follows_the_torch_trajectory) {
  Problem problem;
  tg::optim::RMSprop opt(
      problem.params(),
      tg::optim::RMSpropOptions(0.01).alpha(0.9).eps(1e-6).weight_decay(0.01).momentum(0.5).centered(true));
  optim_test::check_golden_trajectory("rmsprop_centered_momentum", problem, opt);
  BOOST_CHECK_EQUAL(opt.state(0, 1).size(), 4u);  // step, square_avg, momentum_buffer, grad_avg
}

BOOST_AUTO_TEST_CASE(the_default_learning_rate_is_one_hundredth) {
  BOOST_CHECK_EQUAL(tg::optim::RMSpropOptions().lr(), 1e-2);
  BOOST_CHECK_EQUAL(tg::optim::RMSpropOptions().alpha(), 0.99);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rmsprop_resumes_exactly)

BOOST_AUTO_TEST_CASE(plain_rmsprop_resumes_from_its_named_state) {
  optim_test::check_resume_is_exact(
      [](Problem& p) { return std::make_unique<tg::optim::RMSprop>(p.params(), tg::optim::RMSpropOptions(0.01)); });
}

BOOST_AUTO_TEST_CASE(centered_rmsprop_with_momentum_resumes_from_its_named_state) {
  optim_test::check_resume_is_exact([](Problem& p) {
    return std::make_unique<tg::optim::RMSprop>(
        p.params(), tg::optim::RMSpropOptions(0.01).momentum(0.5).centered(true).weight_decay(0.01));
  });
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rmsprop_rejects_bad_options)

BOOST_AUTO_TEST_CASE(each_negative_option_is_named) {
  Problem p;
  using O = tg::optim::RMSpropOptions;
  TG_CHECK_THROWS_WITH(tg::optim::RMSprop(p.params(), O(-1)), "RMSprop: invalid learning rate -1");
  TG_CHECK_THROWS_WITH(tg::optim::RMSprop(p.params(), O().alpha(-0.9)), "RMSprop: invalid alpha -0.9");
  TG_CHECK_THROWS_WITH(tg::optim::RMSprop(p.params(), O().eps(-1)), "RMSprop: invalid eps -1");
  TG_CHECK_THROWS_WITH(tg::optim::RMSprop(p.params(), O().weight_decay(-1)), "RMSprop: invalid weight_decay -1");
  TG_CHECK_THROWS_WITH(tg::optim::RMSprop(p.params(), O().momentum(-1)), "RMSprop: invalid momentum -1");
}

BOOST_AUTO_TEST_CASE(an_empty_parameter_list) {
  TG_CHECK_THROWS_WITH(tg::optim::RMSprop(std::vector<tg::Tensor>{}), "RMSprop: got an empty parameter list");
}

BOOST_AUTO_TEST_SUITE_END()
