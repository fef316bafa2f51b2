#pragma once
/// Checkpoints of a module's parameters and buffers, as torch::save / torch::load of a model
/// (format: docs/checkpoint-format.md; each tensor is "<dotted name>.npy" in an .npz).
///
///     tg::save(*net, "net.npz");
///     auto fresh = std::make_shared<Net>();
///     tg::load(*fresh, "net.npz");  // same parameters as net
#include <memory>
#include <string>
#include <type_traits>

#include <tapegrad/nn/module.hpp>
#include <tapegrad/serialize/tensors.hpp>

namespace tapegrad {

/// Saves every named parameter and buffer of `module` (recursively, dotted names such as
/// "fc1.weight") to `path`, atomically (see save_tensors). Throws tapegrad::Error ("save: ...").
void save(const nn::Module& module, const std::string& path);

/// Loads a checkpoint written by save(module, path) into `module`'s own parameter and buffer
/// tensors (in place, so optimizers holding them see the new values). The file must hold
/// exactly the module's names, with the same shapes and dtypes; otherwise tapegrad::Error lists
/// every problem (missing 'x', unexpected 'y', 'w' has shape [8,2] in the file but [4,2] in the
/// module, 'b' is float64 in the file but float32 in the module) and nothing is modified.
void load(nn::Module& module, const std::string& path);

/// `tg::save(net, path)` for a `std::shared_ptr<Net>`, as in LibTorch.
template <typename M>
std::enable_if_t<std::is_base_of_v<nn::Module, M>> save(const std::shared_ptr<M>& module, const std::string& path) {
  TG_CHECK(module != nullptr, "save", "null module pointer");
  save(static_cast<const nn::Module&>(*module), path);
}

/// `tg::load(net, path)` for a `std::shared_ptr<Net>`, as in LibTorch.
template <typename M>
std::enable_if_t<std::is_base_of_v<nn::Module, M>> load(const std::shared_ptr<M>& module, const std::string& path) {
  TG_CHECK(module != nullptr, "load", "null module pointer");
  load(static_cast<nn::Module&>(*module), path);
}

/// The same for a module holder: `tg::save(tg::nn::Linear(2, 8), "fc.npz")`.
template <typename M>
void save(const nn::ModuleHolder<M>& module, const std::string& path) {
  save(module.ptr(), path);
}

/// The same for a module holder: `tg::load(model, "model.npz")` with `tg::nn::Sequential model`.
template <typename M>
void load(const nn::ModuleHolder<M>& module, const std::string& path) {
  load(module.ptr(), path);
}

}  // namespace tapegrad
