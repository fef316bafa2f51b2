// Scheduler checkpoints: saved beside the optimizer's, a resumed run follows the same learning
// rates and parameters as one that never stopped.
#include <boost/test/unit_test.hpp>

#include <tapegrad/tapegrad.hpp>

#include "serialize/serialize_test_utils.hpp"

namespace tg = tapegrad;
using serialize_test::TempDir;

namespace {

// One parameter vector minimising |w - target|^2, stepped by `steps` epochs.
struct Run {
  tg::Tensor w = tg::tensor({1.0, -2.0, 0.5}, tg::kFloat64).requires_grad_();
  tg::optim::SGD optimizer{{w}, tg::optim::SGDOptions(0.1).momentum(0.9)};

  void epoch() {
    optimizer.zero_grad();
    tg::Tensor loss = tg::sum(tg::pow(w - tg::tensor({0.3, 0.2, 0.1}, tg::kFloat64), 2.0));
    loss.backward();
    optimizer.step();
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(scheduler_checkpoints)

BOOST_AUTO_TEST_CASE(cosine_annealing_resumes_bit_for_bit) {
  TempDir dir;
  Run straight;
  tg::optim::CosineAnnealingLR straight_schedule(straight.optimizer, 7, 0.01);
  for (int e = 0; e < 20; ++e) straight.epoch(), straight_schedule.step();

  Run first;
  tg::optim::CosineAnnealingLR first_schedule(first.optimizer, 7, 0.01);
  for (int e = 0; e < 9; ++e) first.epoch(), first_schedule.step();
  tg::save_tensors({{"w", first.w}}, dir.file("w.npz"));
  tg::save(first.optimizer, dir.file("opt.npz"));
  tg::save(first_schedule, dir.file("sched.npz"));

  Run resumed;
  {
    tg::NoGradGuard no_grad;
    resumed.w.copy_(tg::load_tensors(dir.file("w.npz")).at(0).second);
  }
  tg::optim::CosineAnnealingLR resumed_schedule(resumed.optimizer, 7, 0.01);
  tg::load(resumed.optimizer, dir.file("opt.npz"));
  tg::load(resumed_schedule, dir.file("sched.npz"));
  BOOST_TEST(resumed_schedule.last_epoch() == 9);
  for (int e = 9; e < 20; ++e) resumed.epoch(), resumed_schedule.step();

  BOOST_TEST(resumed_schedule.get_last_lr() == straight_schedule.get_last_lr(), boost::test_tools::per_element());
  BOOST_TEST(resumed.w.to_vector<double>() == straight.w.to_vector<double>(), boost::test_tools::per_element());

  // Without the scheduler's state the resumed rates differ: the check above is not vacuous.
  Run forgetful;
  tg::optim::CosineAnnealingLR fresh_schedule(forgetful.optimizer, 7, 0.01);
  tg::load(forgetful.optimizer, dir.file("opt.npz"));
  for (int e = 9; e < 20; ++e) fresh_schedule.step();
  BOOST_TEST(fresh_schedule.get_last_lr() != straight_schedule.get_last_lr());
}

BOOST_AUTO_TEST_CASE(reduce_on_plateau_keeps_its_counters) {
  TempDir dir;
  auto metrics = [](int e) { return e < 4 ? 1.0 / (e + 1) : 0.25; };  // improves, then stalls
  Run straight;
  tg::optim::ReduceLROnPlateau straight_plateau(straight.optimizer, tg::optim::ReduceLROnPlateauOptions().patience(2));
  for (int e = 0; e < 12; ++e) straight_plateau.step(metrics(e));

  Run first;
  tg::optim::ReduceLROnPlateau first_plateau(first.optimizer, tg::optim::ReduceLROnPlateauOptions().patience(2));
  for (int e = 0; e < 6; ++e) first_plateau.step(metrics(e));
  tg::save(first.optimizer, dir.file("opt.npz"));
  tg::save(first_plateau, dir.file("plateau.npz"));

  Run resumed;
  tg::optim::ReduceLROnPlateau resumed_plateau(resumed.optimizer, tg::optim::ReduceLROnPlateauOptions().patience(2));
  tg::load(resumed.optimizer, dir.file("opt.npz"));
  tg::load(resumed_plateau, dir.file("plateau.npz"));
  BOOST_TEST(resumed_plateau.best() == first_plateau.best());
  BOOST_TEST(resumed_plateau.num_bad_epochs() == first_plateau.num_bad_epochs());
  for (int e = 6; e < 12; ++e) resumed_plateau.step(metrics(e));
  BOOST_TEST(resumed_plateau.get_last_lr() == straight_plateau.get_last_lr(), boost::test_tools::per_element());
  BOOST_TEST(straight_plateau.get_last_lr()[0] < 0.1);  // it did reduce
}

BOOST_AUTO_TEST_CASE(a_file_of_another_kind_is_rejected_by_name) {
  TempDir dir;
  Run run;
  tg::optim::StepLR schedule(run.optimizer, 3);
  tg::optim::ReduceLROnPlateau plateau(run.optimizer);
  tg::save(run.optimizer, dir.file("opt.npz"));
  tg::save(plateau, dir.file("plateau.npz"));
  TG_CHECK_THROWS_WITH(tg::load(schedule, dir.file("opt.npz")), "opt.npz",
                       "LRScheduler: load_named_state: missing entry 'last_epoch'");
  TG_CHECK_THROWS_WITH(tg::load(schedule, dir.file("plateau.npz")),
                       "LRScheduler: load_named_state: missing entry 'base_lrs'");
  BOOST_TEST(schedule.last_epoch() == 0);  // nothing was applied
}

BOOST_AUTO_TEST_SUITE_END()
