#pragma once
/// The IDX format of MNIST and Fashion-MNIST, gzipped or raw.
#include <cstdint>
#include <string>

#include <tapegrad/data/byte_array.hpp>

namespace tapegrad::data {

/// One IDX file: its magic number and its uint8 array.
struct IdxFile {
  /// The big-endian magic: 0x00000803 (2051) for images [N,rows,cols], 0x00000801 (2049) for
  /// labels [N].
  std::uint32_t magic = 0;
  ByteArray array;
};

/// Reads an IDX file of unsigned bytes (element type 0x08, 1 to 4 dimensions), gzip-compressed
/// (zlib) or raw: the header's big-endian sizes give the shape, and the payload must hold
/// exactly that many bytes. Throws tapegrad::Error "read_idx: '<path>': ..." for a missing file
/// (with the command that fetches it), a bad magic, another element type, a count larger than
/// the file (truncated), trailing bytes or a corrupt gzip stream.
///
///     tg::data::IdxFile labels = tg::data::read_idx("mnist/train-labels-idx1-ubyte.gz");
///     // labels.magic == 2049, labels.array.shape == {60000}
IdxFile read_idx(const std::string& path);

}  // namespace tapegrad::data
