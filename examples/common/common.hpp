#pragma once
/// The helper library every example links: options, progress, metrics/plots, image grids, data.
#include "cli.hpp"
#include "data_paths.hpp"
#include "images.hpp"
#include "progress.hpp"
#include "report.hpp"
