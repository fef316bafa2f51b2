#pragma once
/// Internal: reading a whole file, and replacing a file atomically.
#include <string>

namespace tapegrad::serialize::detail {

/// The whole content of `path`; throws tapegrad::Error "<where>: cannot open '<path>': <reason>".
std::string read_file(const std::string& path, const std::string& where);

/// Writes `bytes` to `<path>.tmp-<pid>`, fsyncs it, renames it over `path` and fsyncs the
/// folder, so `path` holds either its old content or all of `bytes`, never a mix. On any
/// failure the temporary file is removed, `path` is untouched, and tapegrad::Error is thrown.
void write_file_atomically(const std::string& path, const std::string& bytes, const std::string& where);

}  // namespace tapegrad::serialize::detail
