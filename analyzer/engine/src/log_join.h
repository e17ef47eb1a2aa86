// Pieces of long log lines, joined into the logical line the application
// wrote before the log scan matches it.
//
// A container runtime cuts a line longer than its buffer (16 KiB by
// default) into records:
// - CRI (containerd, CRI-O): `<time> <stream> P <piece>` records, then one
//   `<time> <stream> F <last piece>` (tags may carry `:`-separated extras);
// - docker json-file: `{"log":"<piece>","stream":"<stream>","time":"…"}`
//   records whose `log` lacks the final "\n", then one whose `log` ends in it.
//   Docker cuts at its copier's 16 KiB buffer, so a piece holds at least
//   16 KiB (kDockerPiece); a shorter record without "\n" is the last output
//   before the stream closed (or a shipper's record that dropped the "\n")
//   and is read as whole.
// Each stream (stdout, stderr) is cut on its own: pieces of one stream may
// be interleaved with records of the other, and join only with their own.
//
// The joined line is what the physical lines would have been uncut: the
// first record whole, then the payload of every later piece (CRI); the
// first record up to the end of its `log` value, every later piece's value,
// then the last record's rest from the closing quote (docker json-file).
// No newline is added or kept, so a match never spans two logical lines.
//
// Bounded: a logical line holds at most kMaxJoined bytes (1 MiB). A piece
// that would pass it closes the line joined so far, and starts the next one
// at its own physical line (a match across that cut is missed); a piece
// longer than the bound by itself is left to the scan as a line of its own.
// At most one open logical line per stream: memory is at most 2 MiB.
//
// Read by hand, like the envelope in log_prefilter.h (the engine may not see
// the parse layer), with the same rules as parse::split_log_line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kubesift::engine {

constexpr size_t kMaxJoined = size_t{1} << 20;
constexpr size_t kDockerPiece = 16384;  // the least a docker piece's `log` value holds

// May the last line of the block [pos, end) of `text` be a docker piece?
// A line of kDockerPiece bytes and more is always the last of its block
// (blocks are 16 KiB extended to the next newline): one look per block.
bool may_end_with_docker_piece(std::string_view text, size_t pos, size_t end);

// One physical line read as a record of a runtime's log file.
struct LogPiece {
  enum class Kind : uint8_t { None, Cri, Docker };
  Kind kind = Kind::None;
  bool partial = false;  // more of the line follows in a later record
  uint8_t stream = 0;    // 0 stdout, 1 stderr
  // CRI: the payload is [body, line end). Docker: the `log` value (still
  // JSON-escaped) is [body, tail), and the record's rest starts at `tail`
  // (its closing quote).
  size_t body = 0, tail = 0;
};

// `line` without its "\n" (a trailing "\r" is part of it and ignored).
LogPiece read_log_piece(std::string_view line);

// A logical line joined from pieces, cited by the physical line it starts on.
struct JoinedLine {
  std::string text;
  uint32_t line = 0;
  uint32_t pieces = 0;  // physical lines it was joined from
  std::string first;    // the physical line it starts on (what a finding quotes)
};

class LogJoiner {
 public:
  // One physical line (`line` without its "\n", `no` its number). False: no
  // piece of a longer line, the caller scans it as it is. True: taken in;
  // the logical lines it completes (or closes at the bound, or closes
  // because a record of another format came for its stream) go to `done`.
  bool add(std::string_view line, uint32_t no, std::vector<JoinedLine>& done);
  // The end of the text: lines still open (a `P` with no `F`, a docker piece
  // with no last one) go to `done` as far as they were joined.
  void finish(std::vector<JoinedLine>& done);
  bool open() const {
    return open_[0].kind != LogPiece::Kind::None || open_[1].kind != LogPiece::Kind::None;
  }

 private:
  struct Open {
    LogPiece::Kind kind = LogPiece::Kind::None;
    JoinedLine joined;
    std::string tail;  // docker: the latest record's rest, closing the joined text
  };
  void close(Open& o, std::vector<JoinedLine>& done);
  Open open_[2];
};

}  // namespace kubesift::engine
