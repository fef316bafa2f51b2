#pragma once
/// Everything in nn/: Module, the holders, the layers, the initialisers, the losses and the
/// functional API.
#include <tapegrad/nn/activation.hpp>
#include <tapegrad/nn/activation_options.hpp>
#include <tapegrad/nn/any_module.hpp>
#include <tapegrad/nn/arg.hpp>
#include <tapegrad/nn/cloneable.hpp>
#include <tapegrad/nn/convert_parameters.hpp>
#include <tapegrad/nn/distance.hpp>
#include <tapegrad/nn/dropout.hpp>
#include <tapegrad/nn/flatten.hpp>
#include <tapegrad/nn/functional.hpp>
#include <tapegrad/nn/identity.hpp>
#include <tapegrad/nn/init.hpp>
#include <tapegrad/nn/linear.hpp>
#include <tapegrad/nn/loss.hpp>
#include <tapegrad/nn/loss_options.hpp>
#include <tapegrad/nn/module.hpp>
#include <tapegrad/nn/ordered_dict.hpp>
#include <tapegrad/nn/pimpl.hpp>
#include <tapegrad/nn/reduction.hpp>
#include <tapegrad/nn/sequential.hpp>
