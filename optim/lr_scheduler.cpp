#include <tapegrad/optim/lr_scheduler.hpp>

namespace tapegrad {
namespace optim {

LRScheduler::LRScheduler(Optimizer& optimizer)
    : optimizer_(optimizer), base_lrs_(current_lrs()), last_lr_(base_lrs_) {}

std::vector<double> LRScheduler::current_lrs() const {
  std::vector<double> lrs;
  for (const auto& group : optimizer_.param_groups()) lrs.push_back(group.options().get_lr());
  return lrs;
}

void LRScheduler::step() {
  auto& groups = optimizer_.param_groups();
  // a group added to the optimizer after the scheduler was made starts from its rate then
  for (std::size_t g = base_lrs_.size(); g < groups.size(); ++g)
    base_lrs_.push_back(groups[g].options().get_lr());
  ++last_epoch_;
  const std::vector<double> lrs = get_lr();
  for (std::size_t g = 0; g < groups.size(); ++g) groups[g].options().set_lr(lrs[g]);
  last_lr_ = current_lrs();
}

}  // namespace optim
}  // namespace tapegrad
