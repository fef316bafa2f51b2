#pragma once
/// Everything in optim/: the optimizers, the learning-rate schedulers and gradient clipping.
#include <tapegrad/optim/adagrad.hpp>
#include <tapegrad/optim/adam.hpp>
#include <tapegrad/optim/adamw.hpp>
#include <tapegrad/optim/clip_grad.hpp>
#include <tapegrad/optim/cosine_annealing_lr.hpp>
#include <tapegrad/optim/exponential_lr.hpp>
#include <tapegrad/optim/lbfgs.hpp>
#include <tapegrad/optim/lr_scheduler.hpp>
#include <tapegrad/optim/optimizer.hpp>
#include <tapegrad/optim/reduce_lr_on_plateau.hpp>
#include <tapegrad/optim/rmsprop.hpp>
#include <tapegrad/optim/sgd.hpp>
#include <tapegrad/optim/step_lr.hpp>
