#pragma once
/// Everything in autograd/: Tensor, the tape, the ops, gradcheck.
#include <tapegrad/autograd/anomaly_mode.hpp>
#include <tapegrad/autograd/backward.hpp>
#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/dtype.hpp>
#include <tapegrad/autograd/error.hpp>
#include <tapegrad/autograd/function.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/gradcheck.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/floor_divide.hpp>
#include <tapegrad/autograd/ops/indexing.hpp>
#include <tapegrad/autograd/ops/linalg.hpp>
#include <tapegrad/autograd/ops/logical.hpp>
#include <tapegrad/autograd/ops/reduction.hpp>
#include <tapegrad/autograd/ops/shape.hpp>
#include <tapegrad/autograd/tensor.hpp>
