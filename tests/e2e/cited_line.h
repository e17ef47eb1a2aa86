// The line a report cites, wherever it lives: a plain file, a compressed
// file (`x.log.gz`, cited by its decompressed lines), or a member of a tar
// archive (`bundle.tar.gz:dir/file.json`, kubesift's `archive:member` form).
// Compressed data is read back with the system's gzip and tar, so the check
// does not trust kubesift's own reader.
#pragma once

#include <cstdio>
#include <string>

#include "harness.h"

namespace e2e {

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// The bytes a shell command prints ("" when it fails).
inline std::string command_output(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[65536];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  ::pclose(p);
  return out;
}

inline std::string nth_line(const std::string& text, uint64_t n) {
  size_t begin = 0;
  for (uint64_t i = 1; i < n; ++i) {
    size_t nl = text.find('\n', begin);
    if (nl == std::string::npos) return {};
    begin = nl + 1;
  }
  size_t end = text.find('\n', begin);
  std::string line = text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The content of a cited path: the file, decompressed, or the archive member.
inline std::string cited_content(const std::string& path) {
  for (const char* ext : {".tar.gz:", ".tgz:", ".tar:"}) {
    size_t at = path.find(ext);
    if (at == std::string::npos) continue;
    size_t cut = at + std::string(ext).size();
    return command_output("tar -xOf " + shell_quote(path.substr(0, cut - 1)) + " " +
                          shell_quote(path.substr(cut)) + " 2>/dev/null");
  }
  if (path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0)
    return command_output("gzip -dc " + shell_quote(path) + " 2>/dev/null");
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string read_cited_line(const std::string& path, uint64_t n) {
  return nth_line(cited_content(path), n);
}

}  // namespace e2e
