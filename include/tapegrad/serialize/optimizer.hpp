#pragma once
/// Checkpoints of an optimizer's state (Adam's moments, momentum buffers, step counts,
/// learning rates), so training can stop and resume bit for bit:
///
///     tg::save(*net, "net.npz");
///     tg::save(opt, "opt.npz");
///     // later, in a fresh process, after building the same net and optimizer:
///     tg::load(*net, "net.npz");
///     tg::load(opt, "opt.npz");
#include <memory>
#include <string>
#include <type_traits>

#include <tapegrad/optim/optimizer.hpp>
#include <tapegrad/serialize/tensors.hpp>

namespace tapegrad {

/// Saves `optimizer.named_state()` ("<group>.<index>.<buffer>", "<group>.lr", ...; see
/// docs/checkpoint-format.md) to `path`, atomically. Throws tapegrad::Error ("save: ...").
void save(const optim::Optimizer& optimizer, const std::string& path);

/// Reads the whole file, then hands it to `optimizer.load_named_state()`, which checks every
/// name, shape and dtype before changing anything. Any problem throws tapegrad::Error
/// starting with "load: '<path>': ". Load the model's parameters separately (load(module)).
void load(optim::Optimizer& optimizer, const std::string& path);

/// `tg::save(opt, path)` for a `std::shared_ptr<Adam>` and the like.
template <typename O>
std::enable_if_t<std::is_base_of_v<optim::Optimizer, O>> save(const std::shared_ptr<O>& optimizer,
                                                              const std::string& path) {
  TG_CHECK(optimizer != nullptr, "save", "null optimizer pointer");
  save(static_cast<const optim::Optimizer&>(*optimizer), path);
}

/// `tg::load(opt, path)` for a `std::shared_ptr<Adam>` and the like.
template <typename O>
std::enable_if_t<std::is_base_of_v<optim::Optimizer, O>> load(const std::shared_ptr<O>& optimizer,
                                                              const std::string& path) {
  TG_CHECK(optimizer != nullptr, "load", "null optimizer pointer");
  load(static_cast<optim::Optimizer&>(*optimizer), path);
}

}  // namespace tapegrad
