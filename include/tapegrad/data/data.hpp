#pragma once
/// Everything in data/: datasets, transforms, samplers, the DataLoader and the file formats.
#include <tapegrad/data/array_ref.hpp>
#include <tapegrad/data/byte_array.hpp>
#include <tapegrad/data/csv.hpp>
#include <tapegrad/data/data_dir.hpp>
#include <tapegrad/data/dataloader.hpp>
#include <tapegrad/data/dataset.hpp>
#include <tapegrad/data/datasets/mnist.hpp>
#include <tapegrad/data/datasets/tensor_dataset.hpp>
#include <tapegrad/data/example.hpp>
#include <tapegrad/data/hdf5.hpp>
#include <tapegrad/data/idx.hpp>
#include <tapegrad/data/mat.hpp>
#include <tapegrad/data/samplers.hpp>
#include <tapegrad/data/transforms.hpp>
