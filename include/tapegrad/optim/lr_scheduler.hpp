#pragma once
/// The base of the epoch-driven learning-rate schedulers (StepLR, ExponentialLR,
/// CosineAnnealingLR): call step() once per epoch, after the optimizer's step().
///
///     tg::optim::StepLR scheduler(opt, /*step_size=*/30, /*gamma=*/0.1);
///     for (int epoch = 0; epoch < 100; ++epoch) { train_one_epoch(opt); scheduler.step(); }
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <tapegrad/optim/optimizer.hpp>

namespace tapegrad {
namespace optim {

/// Sets every parameter group's learning rate from the epoch count, in PyTorch's recursive
/// ("chainable") form: each step computes the new rate from the group's current one, so
/// changes made to the rate from outside carry over.
class LRScheduler {
 public:
  /// Attaches to `optimizer` (which must outlive the scheduler); the groups' current learning
  /// rates become the base rates, and the epoch count starts at 0.
  explicit LRScheduler(Optimizer& optimizer);
  virtual ~LRScheduler() = default;
  LRScheduler(const LRScheduler&) = delete;
  LRScheduler& operator=(const LRScheduler&) = delete;

  /// Advances one epoch and writes the new learning rate into every group.
  void step();
  /// The learning rates the last step() set (at construction: the groups' current rates).
  const std::vector<double>& get_last_lr() const { return last_lr_; }
  /// The number of step() calls so far.
  std::int64_t last_epoch() const { return last_epoch_; }
  /// The groups' learning rates when the scheduler was created (a group added to the
  /// optimizer later gets its rate at the first step() that sees it).
  const std::vector<double>& base_lrs() const { return base_lrs_; }

  /// The scheduler's progress as named float64 tensors ("last_epoch", "base_lrs", "last_lr"),
  /// so that `tg::save(scheduler, path)` beside the optimizer's checkpoint resumes exactly.
  std::vector<std::pair<std::string, Tensor>> named_state() const;
  /// Restores what named_state() produced; checks every entry before changing anything.
  void load_named_state(const std::vector<std::pair<std::string, Tensor>>& state);

 protected:
  /// The new learning rate of every group (one per group) for epoch last_epoch() (>= 1).
  virtual std::vector<double> get_lr() = 0;
  /// The groups' current learning rates.
  std::vector<double> current_lrs() const;

 private:
  Optimizer& optimizer_;
  std::vector<double> base_lrs_;
  std::vector<double> last_lr_;
  std::int64_t last_epoch_ = 0;
};

}  // namespace optim
}  // namespace tapegrad
