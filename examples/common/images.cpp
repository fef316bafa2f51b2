#include "images.hpp"

#include <stb_easy_font.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace examples {

namespace {

// Fills the quads stb_easy_font produces for `text` (black) into an RGB canvas.
void draw_text(std::vector<unsigned char>& canvas, int canvas_width, int canvas_height, int x, int y,
               const std::string& text) {
  std::vector<char> buffer(text.begin(), text.end());
  buffer.push_back('\0');
  std::vector<float> vertices(4 * 4 * 1000);  // 4 vertices of 16 bytes per quad
  const int quads = stb_easy_font_print(static_cast<float>(x), static_cast<float>(y), buffer.data(), nullptr,
                                        vertices.data(), static_cast<int>(vertices.size() * sizeof(float)));
  for (int q = 0; q < quads; ++q) {
    const float* v = &vertices[q * 16];  // vertex k: v[4k] = x, v[4k+1] = y
    const int x0 = static_cast<int>(std::floor(std::min(v[0], v[8])));
    const int x1 = static_cast<int>(std::ceil(std::max(v[0], v[8])));
    const int y0 = static_cast<int>(std::floor(std::min(v[1], v[9])));
    const int y1 = static_cast<int>(std::ceil(std::max(v[1], v[9])));
    for (int yy = std::max(0, y0); yy < std::min(canvas_height, y1); ++yy)
      for (int xx = std::max(0, x0); xx < std::min(canvas_width, x1); ++xx)
        for (int c = 0; c < 3; ++c) canvas[(static_cast<std::size_t>(yy) * canvas_width + xx) * 3 + c] = 0;
  }
}

}  // namespace

void write_image_grid(const std::string& path, const std::vector<Tile>& tiles, const GridOptions& o) {
  if (tiles.empty()) throw std::runtime_error("write_image_grid: no tiles for '" + path + "'");
  if (o.channels != 1 && o.channels != 3) throw std::runtime_error("write_image_grid: 1 or 3 channels");
  int caption_lines = 0;
  for (const auto& tile : tiles) {
    if (tile.caption.empty()) continue;
    caption_lines =
        std::max<int>(caption_lines, 1 + static_cast<int>(std::count(tile.caption.begin(), tile.caption.end(), '\n')));
  }
  const int caption_height = caption_lines * 10 + (caption_lines ? 2 : 0);
  const int columns = std::min<int>(o.columns, static_cast<int>(tiles.size()));
  const int rows = static_cast<int>((tiles.size() + columns - 1) / columns);
  int caption_width = 0;
  for (const auto& tile : tiles) {
    std::vector<char> text(tile.caption.begin(), tile.caption.end());
    text.push_back('\0');
    caption_width = std::max(caption_width, stb_easy_font_width(text.data()) + 2);
  }
  const int cell_w = std::max(o.width * o.scale, caption_width) + o.padding,
            cell_h = o.height * o.scale + caption_height + o.padding;
  const int width = columns * cell_w + o.padding, height = rows * cell_h + o.padding;
  std::vector<unsigned char> canvas(static_cast<std::size_t>(width) * height * 3, 255);
  for (std::size_t t = 0; t < tiles.size(); ++t) {
    const Tile& tile = tiles[t];
    if (tile.pixels.size() != static_cast<std::size_t>(o.height) * o.width * o.channels)
      throw std::runtime_error("write_image_grid: a tile has " + std::to_string(tile.pixels.size()) +
                               " values, expected " + std::to_string(o.height * o.width * o.channels));
    const int left = o.padding + static_cast<int>(t % columns) * cell_w;
    const int top = o.padding + static_cast<int>(t / columns) * cell_h;
    for (int y = 0; y < o.height * o.scale; ++y)
      for (int x = 0; x < o.width * o.scale; ++x)
        for (int c = 0; c < 3; ++c) {
          const int channel = o.channels == 1 ? 0 : c;
          const float v =
              tile.pixels[(static_cast<std::size_t>(y / o.scale) * o.width + x / o.scale) * o.channels + channel];
          canvas[(static_cast<std::size_t>(top + y) * width + left + x) * 3 + c] =
              static_cast<unsigned char>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255));
        }
    if (!tile.caption.empty()) draw_text(canvas, width, height, left, top + o.height * o.scale + 2, tile.caption);
  }
  int out_channels = 3;
  if (o.channels == 1) {  // grey pictures stay grey: a third of the bytes
    for (std::size_t i = 0; i < canvas.size() / 3; ++i) canvas[i] = canvas[i * 3];
    canvas.resize(canvas.size() / 3);
    out_channels = 1;
  }
  if (stbi_write_png(path.c_str(), width, height, out_channels, canvas.data(), width * out_channels) == 0)
    throw std::runtime_error("write_image_grid: cannot write '" + path + "'");
}

std::vector<float> min_max_scaled(std::vector<float> values) {
  if (values.empty()) return values;
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  const float low = *lo, range = *hi - *lo;
  for (float& v : values) v = range > 0 ? (v - low) / range : 0.5f;
  return values;
}

}  // namespace examples
