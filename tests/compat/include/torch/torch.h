// Forwarding header for tests/compat only: these programs are plain LibTorch code that
// includes <torch/torch.h>; built against tapegrad, this directory is on their include path
// and the include becomes tapegrad's shim. bench/compat_libtorch.sh builds the same files
// against the real LibTorch.
#pragma once
#include <tapegrad/torch.hpp>
