#pragma once
/// Checkpoints of a learning-rate scheduler's progress, next to the optimizer's:
///
///     tg::save(optimizer, "opt.npz");
///     tg::save(scheduler, "sched.npz");
///     ...
///     tg::load(optimizer, "opt.npz");
///     tg::load(scheduler, "sched.npz");  // the next step() continues where it stopped
#include <string>

#include <tapegrad/optim/lr_scheduler.hpp>
#include <tapegrad/optim/reduce_lr_on_plateau.hpp>

namespace tapegrad {

/// Writes the scheduler's named_state() to `path` as .npz, atomically.
void save(const optim::LRScheduler& scheduler, const std::string& path);
/// Restores a scheduler saved by save(); throws tapegrad::Error naming the file and the entry.
void load(optim::LRScheduler& scheduler, const std::string& path);
/// The same for ReduceLROnPlateau (best value, bad-epoch and cooldown counters).
void save(const optim::ReduceLROnPlateau& scheduler, const std::string& path);
void load(optim::ReduceLROnPlateau& scheduler, const std::string& path);

}  // namespace tapegrad
