#pragma once
/// ReduceLROnPlateau: lowers the learning rate when a watched metric stops improving.
///
///     tg::optim::ReduceLROnPlateau scheduler(opt, tg::optim::ReduceLROnPlateauOptions().factor(0.5).patience(5));
///     for (...) { train_one_epoch(opt); scheduler.step(validation_loss); }
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <tapegrad/optim/optimizer.hpp>

namespace tapegrad {
namespace optim {

/// Whether the watched metric should go down (a loss) or up (an accuracy).
enum class PlateauMode { Min, Max };
/// How `threshold` defines a significant improvement: relative to the best value, or absolute.
enum class ThresholdMode { Rel, Abs };

/// ReduceLROnPlateau's settings, with chainable setters and PyTorch's defaults:
/// `ReduceLROnPlateauOptions().mode(PlateauMode::Min).factor(0.1).patience(10)`.
class ReduceLROnPlateauOptions {
 public:
  /// Min: improving means decreasing; Max: increasing.
  ReduceLROnPlateauOptions& mode(PlateauMode value) {
    mode_ = value;
    return *this;
  }
  /// new lr = lr * factor, in [0, 1).
  ReduceLROnPlateauOptions& factor(double value) {
    factor_ = value;
    return *this;
  }
  /// Epochs without improvement tolerated before reducing (>= 0): with 2, the third bad epoch
  /// in a row reduces.
  ReduceLROnPlateauOptions& patience(std::int64_t value) {
    patience_ = value;
    return *this;
  }
  /// Least improvement that counts (>= 0): the metric must beat best * (1 -+ threshold) in Rel
  /// mode, best -+ threshold in Abs mode.
  ReduceLROnPlateauOptions& threshold(double value) {
    threshold_ = value;
    return *this;
  }
  /// Rel or Abs, see threshold().
  ReduceLROnPlateauOptions& threshold_mode(ThresholdMode value) {
    threshold_mode_ = value;
    return *this;
  }
  /// Epochs to wait after a reduction before counting bad epochs again (>= 0).
  ReduceLROnPlateauOptions& cooldown(std::int64_t value) {
    cooldown_ = value;
    return *this;
  }
  /// Lowest learning rate (>= 0), the same for every group.
  ReduceLROnPlateauOptions& min_lr(double value) {
    min_lrs_ = {value};
    min_lr_per_group_ = false;
    return *this;
  }
  /// Lowest learning rate of each group (one value per group, each >= 0).
  ReduceLROnPlateauOptions& min_lr(const std::vector<double>& values) {
    min_lrs_ = values;
    min_lr_per_group_ = true;
    return *this;
  }
  /// A reduction smaller than eps (>= 0) is skipped.
  ReduceLROnPlateauOptions& eps(double value) {
    eps_ = value;
    return *this;
  }
  PlateauMode mode() const { return mode_; }                        ///< Min or Max
  double factor() const { return factor_; }                         ///< reduction factor
  std::int64_t patience() const { return patience_; }               ///< bad epochs tolerated
  double threshold() const { return threshold_; }                   ///< least improvement
  ThresholdMode threshold_mode() const { return threshold_mode_; }  ///< Rel or Abs
  std::int64_t cooldown() const { return cooldown_; }               ///< epochs after a reduction
  const std::vector<double>& min_lr() const { return min_lrs_; }    ///< one value, or one per group
  bool min_lr_per_group() const { return min_lr_per_group_; }       ///< min_lr() has one per group?
  double eps() const { return eps_; }                               ///< smallest reduction made

 private:
  PlateauMode mode_ = PlateauMode::Min;
  double factor_ = 0.1;
  std::int64_t patience_ = 10;
  double threshold_ = 1e-4;
  ThresholdMode threshold_mode_ = ThresholdMode::Rel;
  std::int64_t cooldown_ = 0;
  std::vector<double> min_lrs_{0.0};
  bool min_lr_per_group_ = false;
  double eps_ = 1e-8;
};

/// torch.optim.lr_scheduler.ReduceLROnPlateau: after more than `patience` epochs in a row
/// without a significant improvement of the metric, every group's lr becomes
/// max(lr * factor, min_lr), then nothing happens for `cooldown` epochs.
class ReduceLROnPlateau {
 public:
  /// Attaches to `optimizer` (which must outlive the scheduler). Throws on invalid options or a
  /// min_lr list whose size differs from the number of groups.
  explicit ReduceLROnPlateau(Optimizer& optimizer, ReduceLROnPlateauOptions options = {});

  /// Records this epoch's metric and reduces the learning rates if it has plateaued.
  void step(double metric);
  /// The groups' learning rates after the last step() (at construction: the current ones).
  const std::vector<double>& get_last_lr() const { return last_lr_; }
  /// The best metric so far (+inf in Min mode, -inf in Max mode before the first step).
  double best() const { return best_; }
  /// Bad epochs counted since the last improvement or reduction.
  std::int64_t num_bad_epochs() const { return num_bad_epochs_; }
  /// The number of step() calls so far.
  std::int64_t last_epoch() const { return last_epoch_; }

  /// Progress as named float64 tensors ("last_epoch", "best", "num_bad_epochs",
  /// "cooldown_counter", "last_lr"), for `tg::save(scheduler, path)`.
  std::vector<std::pair<std::string, Tensor>> named_state() const;
  /// Restores what named_state() produced; checks every entry before changing anything.
  void load_named_state(const std::vector<std::pair<std::string, Tensor>>& state);
  /// The settings.
  const ReduceLROnPlateauOptions& options() const { return options_; }

 private:
  bool is_better(double metric) const;
  void reduce_lr();

  Optimizer& optimizer_;
  ReduceLROnPlateauOptions options_;
  std::vector<double> min_lrs_;
  std::vector<double> last_lr_;
  double best_;
  std::int64_t num_bad_epochs_ = 0;
  std::int64_t cooldown_counter_ = 0;
  std::int64_t last_epoch_ = 0;
};

}  // namespace optim
}  // namespace tapegrad
