#pragma once
/// Image grids as PNG files (stb_image_write), each tile with an optional caption drawn by
/// stb_easy_font under it: misclassified digits, first-layer weights, mislabelled cats.
#include <string>
#include <vector>

namespace examples {

/// One picture: `pixels` row-major [height][width][channels], values in [0,1].
struct Tile {
  std::vector<float> pixels;
  std::string caption;  ///< may hold '\n' for two lines; empty: no caption strip
};

/// Layout of a grid.
struct GridOptions {
  int height = 28, width = 28, channels = 1;  ///< every tile's size
  int columns = 10;
  int scale = 2;    ///< each pixel drawn scale x scale
  int padding = 2;  ///< white pixels between tiles
};

/// Writes `tiles` as one PNG grid; throws std::runtime_error when the file cannot be written.
void write_image_grid(const std::string& path, const std::vector<Tile>& tiles, const GridOptions& options);

/// Rescales `values` to [0,1] (min to 0, max to 1), as weight pictures are drawn.
std::vector<float> min_max_scaled(std::vector<float> values);

}  // namespace examples
