#pragma once
/// Running a parser we cannot harden in a child process of its own.
#include <functional>
#include <string>

namespace tapegrad::data::detail {

/// Runs `work` in a forked child process and returns the bytes it returned there.
///
/// For file parsers inside libraries that are not safe on hostile input: libhdf5 1.10 trusts
/// the sizes and addresses in a file's metadata, and a corrupt file makes it read or copy past
/// its buffers (crashes found by fuzz/fuzz_hdf5). In a child, such a crash ends the child, and
/// here becomes a tapegrad::Error "<where>: <subject>: ..."; a tapegrad::Error that `work`
/// throws is rethrown here with its message. The child is one thread (the caller's), forked
/// while no other thread is inside the library (nothing but children call it); it leaves with
/// _exit, running no atexit handlers of the parent's.
std::string run_in_child_process(const std::function<std::string()>& work, const char* where,
                                 const std::string& subject);

}  // namespace tapegrad::data::detail
