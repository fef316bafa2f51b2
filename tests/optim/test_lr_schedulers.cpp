// StepLR, ExponentialLR, CosineAnnealingLR and ReduceLROnPlateau against
// torch.optim.lr_scheduler over 30 epochs of two parameter groups (lr 0.1 and 0.05), and
// their argument checks.
#include <boost/test/unit_test.hpp>
#include <limits>

#include "optim/optim_test_support.hpp"

namespace tg = tapegrad;

namespace {

// Two groups, lr 0.1 and 0.05, as in scripts/fixtures/gen_optim_fixtures.py.
struct TwoGroups {
  tg::Tensor p = tg::zeros({1}).requires_grad_();
  tg::Tensor q = tg::zeros({1}).requires_grad_();
  std::unique_ptr<tg::optim::SGD> opt;
  TwoGroups() {
    std::vector<tg::optim::OptimizerParamGroup> groups;
    groups.emplace_back(std::vector<tg::Tensor>{p});
    groups.emplace_back(std::vector<tg::Tensor>{q}, std::make_unique<tg::optim::SGDOptions>(0.05));
    opt = std::make_unique<tg::optim::SGD>(groups, tg::optim::SGDOptions(0.1));
  }
  std::vector<double> lrs() const {
    return {opt->param_groups()[0].options().get_lr(), opt->param_groups()[1].options().get_lr()};
  }
};

// Steps 30 epochs and compares both groups' learning rates after each with torch's
// (tests/fixtures/optim/<fixture_name>.npz, array `lrs` [30, 2]).
template <typename Step>
void check_schedule(const std::string& fixture_name, TwoGroups& groups, Step step_epoch) {
  const tg::Tensor expected = tg_test::load_fixture("optim/" + fixture_name).at("lrs");
  BOOST_REQUIRE(expected.shape() == (tg::Shape{30, 2}));
  for (std::int64_t epoch = 0; epoch < expected.shape()[0]; ++epoch) {
    step_epoch(static_cast<std::size_t>(epoch));
    const std::string what = fixture_name + " after epoch " + std::to_string(epoch + 1);
    if (!tg_test::check_close(groups.lrs(), expected[epoch].to_vector<double>(), 1e-12, 0, what)) return;
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(schedulers_match_pytorch)

BOOST_AUTO_TEST_CASE(step_lr_halves_every_seven_epochs_one_step_after_python) {
  // LibTorch's StepLR, which tapegrad follows, decays one step() later than Python's: its rates
  // after step k are Python's after step k - 1 (the fixture is Python's).
  TwoGroups groups;
  tg::optim::StepLR scheduler(*groups.opt, 7, 0.5);
  BOOST_CHECK(scheduler.get_last_lr() == (std::vector<double>{0.1, 0.05}));
  const tg::Tensor python = tg_test::load_fixture("optim/scheduler_step_lr").at("lrs");
  std::vector<double> expected{0.1, 0.05};
  for (std::int64_t epoch = 0; epoch < python.shape()[0]; ++epoch) {
    scheduler.step();
    const std::string what = "StepLR after step " + std::to_string(epoch + 1);
    if (!tg_test::check_close(groups.lrs(), expected, 1e-12, 0, what)) break;
    expected = python[epoch].to_vector<double>();
  }
  BOOST_CHECK(scheduler.get_last_lr() == groups.lrs());
  BOOST_CHECK_EQUAL(scheduler.last_epoch(), 30);
  BOOST_CHECK_CLOSE(groups.lrs()[0], 0.1 / 16, 1e-9);  // decays after steps 8, 15, 22, 29
}

BOOST_AUTO_TEST_CASE(step_lr_gives_what_libtorch_1_13_prints) {
  // torch::optim::StepLR(opt /* lr 1 */, 3, 0.5), step() ten times, printing the rate after each:
  // LibTorch 1.13 (libtorch-dev here) printed 1 1 1 0.5 0.5 0.5 0.25 0.25 0.25 0.125.
  tg::Tensor p = tg::zeros({1}).requires_grad_();
  tg::optim::SGD opt({p}, 1.0);
  tg::optim::StepLR scheduler(opt, 3, 0.5);
  std::vector<double> lrs;
  for (int k = 0; k < 10; ++k) {
    scheduler.step();
    lrs.push_back(opt.param_groups()[0].options().get_lr());
  }
  const std::vector<double> libtorch{1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125};
  BOOST_TEST(lrs == libtorch, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(exponential_lr_decays_every_epoch) {
  TwoGroups groups;
  tg::optim::ExponentialLR scheduler(*groups.opt, 0.9);
  check_schedule("scheduler_exponential_lr", groups, [&](std::size_t) { scheduler.step(); });
  BOOST_CHECK(scheduler.get_last_lr() == groups.lrs());
}

BOOST_AUTO_TEST_CASE(cosine_annealing_goes_down_and_back_up_as_torch_does) {
  TwoGroups groups;
  tg::optim::CosineAnnealingLR scheduler(*groups.opt, 10, 0.001);
  check_schedule("scheduler_cosine_annealing_lr", groups, [&](std::size_t) { scheduler.step(); });
  BOOST_CHECK(scheduler.base_lrs() == (std::vector<double>{0.1, 0.05}));
}

BOOST_AUTO_TEST_CASE(cosine_annealing_reaches_eta_min_at_t_max) {
  TwoGroups groups;
  tg::optim::CosineAnnealingLR scheduler(*groups.opt, 4, 0.01);
  for (int k = 0; k < 4; ++k) scheduler.step();
  BOOST_CHECK_CLOSE(groups.lrs()[0], 0.01, 1e-9);
  BOOST_CHECK_CLOSE(groups.lrs()[1], 0.01, 1e-9);
  for (int k = 0; k < 4; ++k) scheduler.step();
  BOOST_CHECK_CLOSE(groups.lrs()[0], 0.1, 1e-9);
}

BOOST_AUTO_TEST_CASE(plateau_in_min_mode_with_a_relative_threshold) {
  TwoGroups groups;
  const auto metrics = tg_test::load_fixture("optim/scheduler_plateau_metrics").values("loss");
  tg::optim::ReduceLROnPlateau scheduler(*groups.opt, tg::optim::ReduceLROnPlateauOptions().factor(0.5).patience(2));
  check_schedule("scheduler_plateau_min_rel", groups, [&](std::size_t e) { scheduler.step(metrics[e]); });
  BOOST_CHECK(scheduler.get_last_lr() == groups.lrs());
  BOOST_CHECK_EQUAL(scheduler.best(), 0.3);
}

BOOST_AUTO_TEST_CASE(plateau_in_min_mode_with_an_absolute_threshold_cooldown_and_per_group_min_lr) {
  TwoGroups groups;
  const auto metrics = tg_test::load_fixture("optim/scheduler_plateau_metrics").values("loss");
  tg::optim::ReduceLROnPlateau scheduler(*groups.opt, tg::optim::ReduceLROnPlateauOptions()
                                                          .mode(tg::optim::PlateauMode::Min)
                                                          .factor(0.3)
                                                          .patience(1)
                                                          .threshold(0.05)
                                                          .threshold_mode(tg::optim::ThresholdMode::Abs)
                                                          .cooldown(2)
                                                          .min_lr(std::vector<double>{0.01, 0.004}));
  check_schedule("scheduler_plateau_min_abs_cooldown", groups, [&](std::size_t e) { scheduler.step(metrics[e]); });
}

BOOST_AUTO_TEST_CASE(plateau_in_max_mode_with_a_relative_threshold_and_one_min_lr) {
  TwoGroups groups;
  const auto metrics = tg_test::load_fixture("optim/scheduler_plateau_metrics").values("accuracy");
  tg::optim::ReduceLROnPlateau scheduler(*groups.opt, tg::optim::ReduceLROnPlateauOptions()
                                                          .mode(tg::optim::PlateauMode::Max)
                                                          .factor(0.5)
                                                          .patience(1)
                                                          .threshold(0.05)
                                                          .min_lr(0.02));
  check_schedule("scheduler_plateau_max_rel", groups, [&](std::size_t e) { scheduler.step(metrics[e]); });
}

BOOST_AUTO_TEST_CASE(plateau_in_max_mode_skips_reductions_smaller_than_eps) {
  TwoGroups groups;
  const auto metrics = tg_test::load_fixture("optim/scheduler_plateau_metrics").values("accuracy");
  tg::optim::ReduceLROnPlateau scheduler(*groups.opt, tg::optim::ReduceLROnPlateauOptions()
                                                          .mode(tg::optim::PlateauMode::Max)
                                                          .factor(0.1)
                                                          .patience(3)
                                                          .threshold(0.005)
                                                          .threshold_mode(tg::optim::ThresholdMode::Abs)
                                                          .eps(0.02));
  check_schedule("scheduler_plateau_max_abs", groups, [&](std::size_t e) { scheduler.step(metrics[e]); });
}

BOOST_AUTO_TEST_CASE(plateau_counts_bad_epochs_and_starts_from_the_worst_value) {
  TwoGroups groups;
  tg::optim::ReduceLROnPlateau scheduler(*groups.opt);
  BOOST_CHECK_EQUAL(scheduler.best(), std::numeric_limits<double>::infinity());
  scheduler.step(1.0);
  scheduler.step(1.0);
  scheduler.step(2.0);
  BOOST_CHECK_EQUAL(scheduler.best(), 1.0);
  BOOST_CHECK_EQUAL(scheduler.num_bad_epochs(), 2);
  BOOST_CHECK_EQUAL(scheduler.last_epoch(), 3);
  BOOST_CHECK(groups.lrs() == (std::vector<double>{0.1, 0.05}));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(schedulers_reject_bad_arguments)

BOOST_AUTO_TEST_CASE(step_lr_with_a_zero_step_size_or_negative_gamma) {
  TwoGroups g;
  TG_CHECK_THROWS_WITH(tg::optim::StepLR(*g.opt, 0), "StepLR: step_size must be positive, got 0");
  TG_CHECK_THROWS_WITH(tg::optim::StepLR(*g.opt, 3, -0.1), "StepLR: gamma must be >= 0, got -0.1");
}

BOOST_AUTO_TEST_CASE(exponential_lr_with_a_negative_gamma) {
  TwoGroups g;
  TG_CHECK_THROWS_WITH(tg::optim::ExponentialLR(*g.opt, -2), "ExponentialLR: gamma must be >= 0, got -2");
}

BOOST_AUTO_TEST_CASE(cosine_annealing_with_a_zero_period_or_negative_minimum) {
  TwoGroups g;
  TG_CHECK_THROWS_WITH(tg::optim::CosineAnnealingLR(*g.opt, 0), "CosineAnnealingLR: T_max must be positive, got 0");
  TG_CHECK_THROWS_WITH(tg::optim::CosineAnnealingLR(*g.opt, 10, -1e-3),
                       "CosineAnnealingLR: eta_min must be >= 0, got -0.001");
}

BOOST_AUTO_TEST_CASE(plateau_with_each_bad_option) {
  TwoGroups g;
  using O = tg::optim::ReduceLROnPlateauOptions;
  TG_CHECK_THROWS_WITH(tg::optim::ReduceLROnPlateau(*g.opt, O().factor(1.0)),
                       "ReduceLROnPlateau: factor must be in [0, 1), got 1");
  TG_CHECK_THROWS_WITH(tg::optim::ReduceLROnPlateau(*g.opt, O().patience(-1)),
                       "ReduceLROnPlateau: patience must be >= 0, got -1");
  TG_CHECK_THROWS_WITH(tg::optim::ReduceLROnPlateau(*g.opt, O().threshold(-1)),
                       "ReduceLROnPlateau: threshold must be >= 0, got -1");
  TG_CHECK_THROWS_WITH(tg::optim::ReduceLROnPlateau(*g.opt, O().cooldown(-2)),
                       "ReduceLROnPlateau: cooldown must be >= 0, got -2");
  TG_CHECK_THROWS_WITH(tg::optim::ReduceLROnPlateau(*g.opt, O().eps(-1)),
                       "ReduceLROnPlateau: eps must be >= 0, got -1");
  TG_CHECK_THROWS_WITH(tg::optim::ReduceLROnPlateau(*g.opt, O().min_lr(-0.5)),
                       "ReduceLROnPlateau: min_lr must be >= 0, got -0.5");
  TG_CHECK_THROWS_WITH(tg::optim::ReduceLROnPlateau(*g.opt, O().min_lr(std::vector<double>{0.1, 0.2, 0.3})),
                       "ReduceLROnPlateau: expected 2 min_lr values (one per parameter group), got 3");
}

BOOST_AUTO_TEST_SUITE_END()
