#include <tapegrad/optim/lr_scheduler.hpp>

#include <tapegrad/optim/scheduler_state.hpp>

namespace tapegrad {
namespace optim {

LRScheduler::LRScheduler(Optimizer& optimizer) : optimizer_(optimizer), base_lrs_(current_lrs()), last_lr_(base_lrs_) {}

std::vector<double> LRScheduler::current_lrs() const {
  std::vector<double> lrs;
  for (const auto& group : optimizer_.param_groups()) lrs.push_back(group.options().get_lr());
  return lrs;
}

void LRScheduler::step() {
  auto& groups = optimizer_.param_groups();
  // a group added to the optimizer after the scheduler was made starts from its rate then
  for (std::size_t g = base_lrs_.size(); g < groups.size(); ++g) base_lrs_.push_back(groups[g].options().get_lr());
  ++last_epoch_;
  const std::vector<double> lrs = get_lr();
  for (std::size_t g = 0; g < groups.size(); ++g) groups[g].options().set_lr(lrs[g]);
  last_lr_ = current_lrs();
}

std::vector<std::pair<std::string, Tensor>> LRScheduler::named_state() const {
  return {{"last_epoch", detail::scalar_state(static_cast<double>(last_epoch_))},
          {"base_lrs", detail::vector_state(base_lrs_)},
          {"last_lr", detail::vector_state(last_lr_)}};
}

void LRScheduler::load_named_state(const std::vector<std::pair<std::string, Tensor>>& state) {
  detail::StateReader reader("LRScheduler", state);
  double epoch = reader.scalar("last_epoch");
  std::vector<double> base = reader.vector("base_lrs");
  std::vector<double> last = reader.vector("last_lr", static_cast<std::int64_t>(base.size()));
  reader.finish();
  TG_CHECK(base.size() <= optimizer_.param_groups().size(), "LRScheduler", "load_named_state: the checkpoint has ",
           base.size(), " parameter groups but the optimizer has ", optimizer_.param_groups().size());
  last_epoch_ = static_cast<std::int64_t>(epoch);
  base_lrs_ = std::move(base);
  last_lr_ = std::move(last);
}

}  // namespace optim
}  // namespace tapegrad
