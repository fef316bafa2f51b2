#pragma once
/// Internal: the subset of the ZIP format that .npz files use.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace tapegrad::serialize::detail {

/// One member of a zip archive: its name and its uncompressed bytes.
struct ZipEntry {
  std::string name;
  std::string data;
};

/// A zip archive of stored (uncompressed) members with CRC-32s, in the given order, with
/// fixed timestamps (1980-01-01) so equal inputs give byte-identical files. Zip64 records are
/// added when a member or the archive outgrows 32-bit sizes or 65535 members, or always with
/// `force_zip64` (for tests).
std::string write_zip(const std::vector<ZipEntry>& entries, bool force_zip64 = false);

/// Where one member of an archive lies, as its central directory says (validated against the
/// local header by read_zip_directory); no byte of its data has been read yet.
struct ZipMember {
  std::string name;
  std::uint64_t header_offset = 0;  // of the local file header
  std::uint64_t data_offset = 0;
  std::uint64_t compressed_size = 0;
  std::uint64_t size = 0;    // uncompressed
  std::uint16_t method = 0;  // 0 stored, 8 deflated
  std::uint32_t crc = 0;
};

/// The members of a zip archive, in central-directory order, without inflating any: checks
/// the end records, every directory entry against its local header, bounds, that names are
/// unique, that no two members share bytes, that a deflated member claims at most the 1032:1
/// deflate can reach, and that the sizes sum to at most `max_total_size`. So the work a later
/// read_zip_member does is bounded by the file's own size. Reads stored and deflated members,
/// zip64 records and data descriptors. Any problem throws tapegrad::Error starting with `where`.
std::vector<ZipMember> read_zip_directory(const std::string& bytes, const std::string& where,
                                          std::uint64_t max_total_size = std::numeric_limits<std::uint64_t>::max());

/// The uncompressed bytes of one member listed by read_zip_directory(bytes, ...), CRC-32
/// checked; throws tapegrad::Error "<where>: member '<name>': ..." if they are corrupt.
std::string read_zip_member(const std::string& bytes, const ZipMember& member, const std::string& where);

/// Every member of a zip archive with its bytes: read_zip_directory then read_zip_member.
std::vector<ZipEntry> read_zip(const std::string& bytes, const std::string& where);

}  // namespace tapegrad::serialize::detail
