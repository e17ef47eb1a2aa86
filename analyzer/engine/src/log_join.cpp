#include "log_join.h"

#include <cstring>

#include "log_prefilter.h"

namespace kubesift::engine {

namespace {

// `stdout ` or `stderr ` at `q`: the stream's index, or -1.
int stream_at(std::string_view l, size_t q) {
  std::string_view s = l.substr(q, 6);
  return s == "stdout" ? 0 : s == "stderr" ? 1 : -1;
}

// The docker json-file `log` value ends in the "\n" escape: a backslash
// that is not itself escaped, then `n`.
bool ends_in_newline(std::string_view v) {
  if (v.size() < 2 || v.back() != 'n' || v[v.size() - 2] != '\\') return false;
  size_t slashes = 0;
  for (size_t i = v.size() - 1; i-- > 0 && v[i] == '\\';) ++slashes;
  return slashes % 2 == 1;
}

}  // namespace

LogPiece read_log_piece(std::string_view l) {
  LogPiece p;
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  if (l.empty()) return p;
  if (l[0] >= '0' && l[0] <= '9') {
    // CRI: `<RFC 3339 time> <stream> <P|F>[:extra] <payload>`.
    size_t i = envelope_timestamp(l, 0);
    if (i == 0 || i + 8 > l.size()) return p;
    int s = stream_at(l, i);
    if (s < 0 || l[i + 6] != ' ' || (l[i + 7] != 'P' && l[i + 7] != 'F')) return p;
    bool partial = l[i + 7] == 'P';
    i += 8;
    if (i < l.size() && l[i] == ':')
      while (i < l.size() && l[i] != ' ') ++i;
    if (i < l.size() && l[i] != ' ') return p;
    p.kind = LogPiece::Kind::Cri;
    p.partial = partial;
    p.stream = static_cast<uint8_t>(s);
    p.body = p.tail = i < l.size() ? i + 1 : i;
    return p;
  }
  // docker json-file: `{"log":"<value>","stream":"<stream>",…}`, in the
  // order docker writes the keys.
  constexpr std::string_view kHead = R"({"log":")";
  if (!l.starts_with(kHead) || l.back() != '}') return p;
  size_t q = kHead.size();
  while (true) {
    const void* hit = std::memchr(l.data() + q, '"', l.size() - q);
    if (!hit) return p;
    q = static_cast<size_t>(static_cast<const char*>(hit) - l.data());
    size_t slashes = 0;
    while (q - slashes > kHead.size() && l[q - slashes - 1] == '\\') ++slashes;
    if (slashes % 2 == 0) break;
    ++q;
  }
  constexpr std::string_view kStream = R"(","stream":")";
  if (l.compare(q, kStream.size(), kStream) != 0) return p;
  int s = stream_at(l, q + kStream.size());
  if (s < 0 || l.substr(q + kStream.size() + 6, 1) != "\"") return p;
  p.kind = LogPiece::Kind::Docker;
  p.stream = static_cast<uint8_t>(s);
  p.body = kHead.size();
  p.tail = q;
  p.partial = q - p.body >= kDockerPiece && !ends_in_newline(l.substr(p.body, q - p.body));
  return p;
}

bool may_end_with_docker_piece(std::string_view text, size_t pos, size_t end) {
  if (end - pos < kDockerPiece) return false;
  size_t stop = text[end - 1] == '\n' ? end - 1 : end;
  const void* nl = memrchr(text.data() + pos, '\n', stop - pos);
  size_t start = nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1 : pos;
  return stop - start > kDockerPiece && text.substr(start, 8) == R"({"log":")";
}

void LogJoiner::close(Open& o, std::vector<JoinedLine>& done) {
  if (o.kind == LogPiece::Kind::Docker) o.joined.text += o.tail;
  done.push_back(std::move(o.joined));
  o = Open{};
}

bool LogJoiner::add(std::string_view line, uint32_t no, std::vector<JoinedLine>& done) {
  LogPiece p = read_log_piece(line);
  if (p.kind == LogPiece::Kind::None) return false;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  Open& o = open_[p.stream];
  if (o.kind != LogPiece::Kind::None && o.kind != p.kind) close(o, done);
  const bool cri = p.kind == LogPiece::Kind::Cri;
  std::string_view more = cri ? line.substr(p.body) : line.substr(p.body, p.tail - p.body);
  if (o.kind != LogPiece::Kind::None && o.joined.text.size() + more.size() > kMaxJoined)
    close(o, done);
  if (o.kind == LogPiece::Kind::None) {
    // A whole record, or a first piece too long to join: a line as it is.
    if (!p.partial || line.size() > kMaxJoined) return false;
    o.kind = p.kind;
    o.joined.text.assign(cri ? line : line.substr(0, p.tail));
    o.joined.line = no;
    o.joined.pieces = 1;
    o.joined.first.assign(line);
    if (!cri) o.tail.assign(line.substr(p.tail));
    return true;
  }
  o.joined.text.append(more);
  ++o.joined.pieces;
  if (!cri) o.tail.assign(line.substr(p.tail));
  if (!p.partial) close(o, done);
  return true;
}

void LogJoiner::finish(std::vector<JoinedLine>& done) {
  // By the line each starts on, whatever the stream.
  int first = open_[0].kind == LogPiece::Kind::None          ? 1
              : open_[1].kind == LogPiece::Kind::None        ? 0
              : open_[0].joined.line <= open_[1].joined.line ? 0
                                                             : 1;
  for (int k : {first, 1 - first})
    if (open_[k].kind != LogPiece::Kind::None) close(open_[k], done);
}

}  // namespace kubesift::engine
