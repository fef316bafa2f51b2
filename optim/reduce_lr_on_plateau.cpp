#include <algorithm>
#include <limits>
#include <tapegrad/optim/reduce_lr_on_plateau.hpp>
#include <tapegrad/optim/scheduler_state.hpp>

namespace tapegrad {
namespace optim {

ReduceLROnPlateau::ReduceLROnPlateau(Optimizer& optimizer, ReduceLROnPlateauOptions options)
    : optimizer_(optimizer), options_(std::move(options)) {
  const char* where = "ReduceLROnPlateau";
  const auto& o = options_;
  TG_CHECK(o.factor() >= 0 && o.factor() < 1, where, "factor must be in [0, 1), got ", o.factor());
  TG_CHECK(o.patience() >= 0, where, "patience must be >= 0, got ", o.patience());
  TG_CHECK(o.threshold() >= 0, where, "threshold must be >= 0, got ", o.threshold());
  TG_CHECK(o.cooldown() >= 0, where, "cooldown must be >= 0, got ", o.cooldown());
  TG_CHECK(o.eps() >= 0, where, "eps must be >= 0, got ", o.eps());
  const std::size_t groups = optimizer_.param_groups().size();
  TG_CHECK(!o.min_lr_per_group() || o.min_lr().size() == groups, where, "expected ", groups,
           " min_lr values (one per parameter group), got ", o.min_lr().size());
  min_lrs_ = o.min_lr_per_group() ? o.min_lr() : std::vector<double>(groups, o.min_lr().at(0));
  for (double min_lr : min_lrs_) TG_CHECK(min_lr >= 0, where, "min_lr must be >= 0, got ", min_lr);
  best_ =
      o.mode() == PlateauMode::Min ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
  for (const auto& group : optimizer_.param_groups()) last_lr_.push_back(group.options().get_lr());
}

bool ReduceLROnPlateau::is_better(double metric) const {
  const double threshold = options_.threshold();
  const bool relative = options_.threshold_mode() == ThresholdMode::Rel;
  if (options_.mode() == PlateauMode::Min)
    return relative ? metric < best_ * (1.0 - threshold) : metric < best_ - threshold;
  return relative ? metric > best_ * (threshold + 1.0) : metric > best_ + threshold;
}

void ReduceLROnPlateau::step(double metric) {
  ++last_epoch_;
  if (is_better(metric)) {
    best_ = metric;
    num_bad_epochs_ = 0;
  } else {
    ++num_bad_epochs_;
  }
  if (cooldown_counter_ > 0) {
    --cooldown_counter_;
    num_bad_epochs_ = 0;  // bad epochs during the cooldown do not count
  }
  if (num_bad_epochs_ > options_.patience()) {
    reduce_lr();
    cooldown_counter_ = options_.cooldown();
    num_bad_epochs_ = 0;
  }
  last_lr_.clear();
  for (const auto& group : optimizer_.param_groups()) last_lr_.push_back(group.options().get_lr());
}

void ReduceLROnPlateau::reduce_lr() {
  auto& groups = optimizer_.param_groups();
  if (!options_.min_lr_per_group()) min_lrs_.resize(groups.size(), options_.min_lr().at(0));
  TG_CHECK(groups.size() == min_lrs_.size(), "ReduceLROnPlateau", "the optimizer has ", groups.size(),
           " parameter groups but min_lr was set for ", min_lrs_.size());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const double old_lr = groups[g].options().get_lr();
    const double new_lr = std::max(old_lr * options_.factor(), min_lrs_[g]);
    if (old_lr - new_lr > options_.eps()) groups[g].options().set_lr(new_lr);
  }
}

std::vector<std::pair<std::string, Tensor>> ReduceLROnPlateau::named_state() const {
  return {{"last_epoch", detail::scalar_state(static_cast<double>(last_epoch_))},
          {"best", detail::scalar_state(best_)},
          {"num_bad_epochs", detail::scalar_state(static_cast<double>(num_bad_epochs_))},
          {"cooldown_counter", detail::scalar_state(static_cast<double>(cooldown_counter_))},
          {"last_lr", detail::vector_state(last_lr_)}};
}

void ReduceLROnPlateau::load_named_state(const std::vector<std::pair<std::string, Tensor>>& state) {
  detail::StateReader reader("ReduceLROnPlateau", state);
  double epoch = reader.scalar("last_epoch"), best = reader.scalar("best");
  double bad = reader.scalar("num_bad_epochs"), cooldown = reader.scalar("cooldown_counter");
  std::vector<double> last = reader.vector("last_lr");
  reader.finish();
  last_epoch_ = static_cast<std::int64_t>(epoch);
  best_ = best;
  num_bad_epochs_ = static_cast<std::int64_t>(bad);
  cooldown_counter_ = static_cast<std::int64_t>(cooldown);
  last_lr_ = std::move(last);
}

}  // namespace optim
}  // namespace tapegrad
