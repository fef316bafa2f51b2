#pragma once
/// Internal: the subset of the ZIP format that .npz files use.
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

/// Every member of a zip archive, in central-directory order. Reads stored and deflated
/// members, zip64 records and data descriptors; checks signatures, bounds, sizes and CRC-32.
/// Any problem throws tapegrad::Error whose message starts with `where`.
std::vector<ZipEntry> read_zip(const std::string& bytes, const std::string& where);

}  // namespace tapegrad::serialize::detail
