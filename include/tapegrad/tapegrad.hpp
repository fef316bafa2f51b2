#pragma once
/// The whole library: `#include <tapegrad/tapegrad.hpp>` and `namespace tg = tapegrad;`.
#include <tapegrad/autograd/autograd.hpp>
#if __has_include(<tapegrad/nn/nn.hpp>)
#include <tapegrad/nn/nn.hpp>
#endif
#if __has_include(<tapegrad/optim/optim.hpp>)
#include <tapegrad/optim/optim.hpp>
#endif
#if __has_include(<tapegrad/serialize/serialize.hpp>)
#include <tapegrad/serialize/serialize.hpp>
#endif
