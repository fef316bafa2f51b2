#pragma once
/// The whole library: `#include <tapegrad/tapegrad.hpp>` and `namespace tg = tapegrad;`.
#include <tapegrad/autograd/autograd.hpp>
#include <tapegrad/data/data.hpp>
#include <tapegrad/nn/nn.hpp>
#include <tapegrad/optim/optim.hpp>
#include <tapegrad/serialize/serialize.hpp>
