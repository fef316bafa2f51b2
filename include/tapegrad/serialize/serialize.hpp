#pragma once
/// Everything in serialize/: checkpoints as NumPy .npz files (docs/checkpoint-format.md).
///   tg::save_tensors / tg::load_tensors   named tensors
///   tg::save / tg::load                   a module's parameters and buffers, an optimizer's state
#include <tapegrad/serialize/module.hpp>
#include <tapegrad/serialize/optimizer.hpp>
#include <tapegrad/serialize/scheduler.hpp>
#include <tapegrad/serialize/tensors.hpp>
