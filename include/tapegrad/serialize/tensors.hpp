#pragma once
/// Saving and loading named tensors as a NumPy .npz archive (see docs/checkpoint-format.md):
/// one `<name>.npy` member per tensor, so `numpy.load(path)[name]` reads it back in Python.
///
///     tg::save_tensors({{"w", w}, {"step", tg::scalar_tensor(10, tg::kInt64)}}, "ckpt.npz");
///     auto tensors = tg::load_tensors("ckpt.npz");  // [("w", ...), ("step", ...)]
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

/// Tensors with their names, in order: what a checkpoint holds.
using NamedTensors = std::vector<std::pair<std::string, Tensor>>;

/// Writes `tensors` (float32 "<f4", float64 "<f8", int64 "<i8"; any rank, 0-d included) to
/// `path` as an uncompressed .npz. The file is replaced atomically: it is written to a
/// temporary file in the same folder, synced and renamed, so a failed or killed save leaves any
/// old file intact, and concurrent saves leave one of them whole.
/// Names must be non-empty and unique; tensors must be defined. Values only: requires_grad
/// and gradients are not saved. Throws tapegrad::Error ("save_tensors: ...").
void save_tensors(const NamedTensors& tensors, const std::string& path);

/// Reads every array of a .npz (written by save_tensors, numpy.savez or
/// numpy.savez_compressed), in archive order, as new tensors that do not require grad.
/// The whole file is validated (zip structure, CRC-32, .npy headers, dtypes '<f4' '<f8' '<i8',
/// payload sizes) before anything is returned; a problem throws tapegrad::Error naming the
/// file, the member and what is wrong ("load_tensors: 'ckpt.npz': member 'w.npy': ...").
NamedTensors load_tensors(const std::string& path);

/// LibTorch's torch::save(tensor, path): one array named "tensor" (numpy.load(path)["tensor"]).
void save(const Tensor& tensor, const std::string& path);
/// LibTorch's torch::load(tensor, path): `tensor` becomes the saved tensor (a new tensor that
/// does not require grad). A file without exactly the one array "tensor" throws
/// tapegrad::Error naming the file and what it holds instead.
void load(Tensor& tensor, const std::string& path);
/// torch::save(std::vector<Tensor>, path): arrays named "0", "1", ... in order.
void save(const std::vector<Tensor>& tensors, const std::string& path);
/// torch::load(std::vector<Tensor>&, path): the arrays "0", "1", ... of a file written by
/// save(std::vector<Tensor>); any other name is an error naming it.
void load(std::vector<Tensor>& tensors, const std::string& path);

namespace serialize::detail {
/// save_tensors / load_tensors with the function name used in error messages, for the
/// module and optimizer overloads.
void save_named(const NamedTensors& tensors, const std::string& path, const char* function);
NamedTensors load_named(const std::string& path, const char* function);
/// The tensors of an .npz image (load_named without the file): errors start with `where`;
/// archives whose members declare more than `max_total_size` bytes in total are refused before
/// anything is inflated.
NamedTensors tensors_from_npz(const std::string& bytes, const std::string& where, std::uint64_t max_total_size);
/// The tensor of one .npy image (a member of an .npz, or a whole .npy file); errors start with `where`.
Tensor tensor_from_npy(const std::string& bytes, const std::string& where);
}  // namespace serialize::detail

}  // namespace tapegrad
