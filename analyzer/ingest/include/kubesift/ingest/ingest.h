// Ingest: paths on the command line → documents in the store.
//
// Directories are walked recursively in byte order of their entry names, so
// the same input always yields the same document order. "-" reads stdin.
// Nothing here parses; unreadable inputs become documents that carry an
// error, so the report can list them with everything else.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kubesift/model/store.h"

namespace kubesift::ingest {

struct Options {
  // Files larger than this are refused with an error (not read).
  uint64_t max_file_bytes = 2ull << 30;  // 2 GiB
};

// Adds one document per file found under `paths`. Returns false if any
// path could not be read at all (the store then holds a document with the
// error for it).
bool ingest_paths(const std::vector<std::string>& paths, model::Store& store,
                  const Options& opts = {});

}  // namespace kubesift::ingest
