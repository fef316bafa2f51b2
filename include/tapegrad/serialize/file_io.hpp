#pragma once
/// Internal: reading a whole file, and replacing a file atomically.
#include <cstdint>
#include <string>

namespace tapegrad::serialize::detail {

/// The whole content of `path`; throws tapegrad::Error "<where>: cannot open '<path>': <reason>".
std::string read_file(const std::string& path, const std::string& where);

/// How many bytes this process can hope to allocate: physical memory, or less under an
/// address-space or data-size limit (ulimit -v, -d). Loading refuses archives that declare more.
std::uint64_t loadable_bytes();

/// Replaces `path` by `bytes` so that `path` holds either its old content or all of `bytes`,
/// never a mix, even when the process is killed or several threads or processes save to `path`
/// at once (the last rename wins). The bytes go to an unnamed file in the same folder
/// (O_TMPFILE; where the file system lacks it, `<path>.tmp-<pid>-<n>`), which is fsynced,
/// named `<path>.tmp-<pid>-<n>`, renamed over `path`, and the folder fsynced. Temporaries that
/// killed saves left behind (their pid no longer exists) are removed first. SIGXFSZ is blocked
/// in the calling thread meanwhile, so exceeding `ulimit -f` is an error ("File too large"), not
/// death. On any failure the temporary is removed, `path` is untouched, and tapegrad::Error is
/// thrown.
void write_file_atomically(const std::string& path, const std::string& bytes, const std::string& where);

}  // namespace tapegrad::serialize::detail
