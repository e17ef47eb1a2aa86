// The scan itself: blocks of lines through the block filter, then the
// signatures it names; pieces of long lines joined first (log_join.h).
#include <algorithm>
#include <cstring>

#include "kubesift/engine/unknown_errors.h"
#include "log_scan_state.h"

namespace kubesift::engine {

void LogScanner::Stream::State::feed(std::string_view text, bool last) {
  if (s.patterns_.empty()) return;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = std::min(text.size(), pos + kBlock);
    if (end < text.size()) {
      const void* nl = std::memchr(text.data() + end, '\n', text.size() - end);
      end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1 : text.size();
    }
    // A block read line by line only where pieces may be: a logical line is
    // open (its last piece carries no mark), its last line is long enough to
    // be a docker piece, or a CRI `P` is marked in it.
    if (joiner.open() || may_end_with_docker_piece(text, pos, end) ||
        scan_range(text, pos, end, opts.line_starts, last, true))
      join_block(text, pos, end, last);
    pos = end;
  }
  if (!text.empty()) open_line = !last && text.back() != '\n';
  if (!held.empty()) {
    // Only the lines kept hits still cite.
    std::vector<uint32_t> cited;
    for (const auto& [pattern, k] : kept) {
      for (const auto& h : k.head) cited.push_back(h.line);
      for (const auto& h : k.tail) cited.push_back(h.line);
    }
    std::sort(cited.begin(), cited.end());
    std::erase_if(held, [&](const auto& e) {
      return !std::binary_search(cited.begin(), cited.end(), e.first);
    });
  }
}

void LogScanner::Stream::State::join_block(std::string_view text, size_t pos, size_t end,
                                           bool last) {
  size_t run = pos;  // the first line not scanned yet
  uint32_t no = line;
  for (size_t at = pos; at < end;) {
    const void* nl = std::memchr(text.data() + at, '\n', end - at);
    size_t stop = nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) : end;
    size_t next = nl ? stop + 1 : end;
    size_t before = joined.size();
    if (joiner.add(text.substr(at, stop - at), no, joined)) {
      // The lines before it first, as a run; then what the piece completed.
      if (run < at) scan_range(text, run, at, opts.line_starts, false, false);
      line = no + 1;
      if (stats && !opts.line_starts && (nl || last)) ++stats->lines;
      run = next;
      if (joined.size() > before) scan_joined();
    }
    ++no;
    at = next;
  }
  if (run < end) scan_range(text, run, end, opts.line_starts, last, false);
  line = no;
}

void LogScanner::Stream::State::scan_joined() {
  std::vector<JoinedLine> done;
  done.swap(joined);
  for (const JoinedLine& j : done) {
    if (stats) ++stats->joined_lines;
    uint32_t saved = line;
    line = j.line;
    scan_range(j.text, 0, j.text.size(), nullptr, false, false);
    line = saved;
    // Streamed, its first piece may be gone by now: the text is held here.
    if (!opts.line_starts && !hit_lines_.empty()) held[j.line] = j.first;
  }
}

void LogScanner::Stream::State::finish_joins() {
  joiner.finish(joined);
  scan_joined();
}

bool LogScanner::Stream::State::scan_range(std::string_view text, size_t pos, size_t end,
                                           const std::vector<uint32_t>* starts, bool last,
                                           bool detect) {
  const auto& patterns_ = s.patterns_;
  const int errorish_id_ = s.errorish_id_;
  const size_t keep = opts.keep;
  auto& ids = ids_;
  auto& raw = raw_;
  auto& sub = sub_;
  auto& error_lines = error_lines_;
  auto& hit_lines = hit_lines_;
  re2::StringPiece block(text.data() + pos, end - pos);
  ids.clear();
  RE2::Set::ErrorInfo info{};
  bool any = false;
  if (prefilter) {
    s.hs_->candidates(std::string_view(block.data(), block.size()), pos, starts, scratch, ids);
    any = !ids.empty();
  } else {
    any = s.set_->set.Match(block, &ids, &info);
  }
  if (!any && info.kind == RE2::Set::kOutOfMemory) {
    // The Set gave up: fall back to every signature on this block.
    if (stats) ++stats->set_fallbacks;
    ids.resize(patterns_.size());
    for (size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<int>(i);
    ids.push_back(errorish_id_);
    ids.push_back(s.mark_id_);
    any = true;
  }
  std::sort(ids.begin(), ids.end());
  if (!ids.empty() && ids.back() == s.mark_id_) {
    if (detect) return true;
    ids.pop_back();
  }
  if (stats) {
    stats->bytes += block.size();
    ++stats->blocks;
  }
  raw.clear();
  error_lines.clear();
  bool errorish = false;
  if (any) {
    if (!ids.empty() && ids.back() == errorish_id_) {
      ids.pop_back();
      errorish = opts.unknown != nullptr;
    }
    if (stats && !ids.empty()) ++stats->candidate_blocks;
    for (int id : ids) {
      const Pattern& p = *patterns_[static_cast<size_t>(id)];
      int n = 1 + static_cast<int>(p.groups.empty() ? 0 : p.groups.back().first);
      sub.assign(static_cast<size_t>(n), re2::StringPiece());
      size_t at = 0;
      while (at < block.size() &&
             p.re->Match(block, at, block.size(), RE2::UNANCHORED, sub.data(), n)) {
        size_t off = static_cast<size_t>(sub[0].data() - block.data());
        Raw r{pos + off, static_cast<size_t>(id), {}};
        for (const auto& [idx, name] : p.groups) {
          const auto& g = sub[static_cast<size_t>(idx)];
          if (g.data()) r.captures.emplace_back(name, std::string(g.data(), g.size()));
        }
        raw.push_back(std::move(r));
        // Next search starts on the next line: one hit per line and rule.
        const void* nl = std::memchr(block.data() + off, '\n', block.size() - off);
        if (!nl) break;
        at = static_cast<size_t>(static_cast<const char*>(nl) - block.data()) + 1;
      }
    }
    std::sort(raw.begin(), raw.end(), [](const Raw& a, const Raw& b) {
      return a.offset != b.offset ? a.offset < b.offset : a.pattern < b.pattern;
    });
    if (errorish) {
      // One candidate per line: the line's start.
      size_t at = 0;
      re2::StringPiece m;
      while (at < block.size() &&
             s.errorish_->Match(block, at, block.size(), RE2::UNANCHORED, &m, 1)) {
        size_t off = static_cast<size_t>(m.data() - block.data());
        size_t start = off;
        while (start > 0 && block[start - 1] != '\n') --start;
        error_lines.push_back(pos + start);
        const void* nl = std::memchr(block.data() + off, '\n', block.size() - off);
        if (!nl) break;
        at = static_cast<size_t>(static_cast<const char*>(nl) - block.data()) + 1;
      }
    }
  }
  const uint32_t block_line = line;
  // Line numbers: from the caller's line index where it has one (no pass
  // over the text), else counted walking the block once.
  auto line_at = [&](size_t& cursor, uint32_t& l, size_t offset) {
    if (starts) {
      l = first_line - 1 +
          static_cast<uint32_t>(
              std::upper_bound(starts->begin(), starts->end(), static_cast<uint32_t>(offset)) -
              starts->begin());
    } else {
      l += static_cast<uint32_t>(std::count(text.data() + cursor, text.data() + offset, '\n'));
    }
    cursor = offset;
  };
  size_t cursor = pos;
  hit_lines.clear();
  for (auto& r : raw) {
    line_at(cursor, line, r.offset);
    if (hit_lines.empty() || hit_lines.back() != line) hit_lines.push_back(line);
    Kept& k = kept[r.pattern];
    // A line counts once per rule, whichever of its patterns matched.
    size_t rule = patterns_[r.pattern]->rule;
    if (rule_last.size() <= rule) rule_last.resize(rule + 1, 0);
    if (rule_last[rule] != line) {
      rule_last[rule] = line;
      ++k.lines;
    }
    ++k.total;
    LogHit h{patterns_[r.pattern]->rule, line, std::move(r.captures)};
    if (k.head.size() < keep) {
      k.head.push_back(std::move(h));
    } else if (k.tail.size() < keep) {
      k.tail.push_back(std::move(h));
    } else {
      k.tail[k.next] = std::move(h);
      k.next = (k.next + 1) % keep;
    }
  }
  if (starts) {
    if (end < text.size()) line_at(cursor, line, end);  // the next block's first line
  } else {
    line += static_cast<uint32_t>(std::count(text.data() + cursor, text.data() + end, '\n'));
  }
  if (stats) {
    if (!opts.line_starts)
      stats->lines +=
          line - block_line + (last && end == text.size() && end > pos && text[end - 1] != '\n');
    stats->matched_lines += hit_lines.size();
  }
  // Error lines no signature matched, by template.
  if (!error_lines.empty()) {
    uint32_t l = block_line;
    size_t c = pos;
    for (size_t off : error_lines) {
      line_at(c, l, off);
      if (std::binary_search(hit_lines.begin(), hit_lines.end(), l)) continue;
      const void* nl = std::memchr(text.data() + off, '\n', end - off);
      size_t stop = nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) : end;
      std::string_view ln = text.substr(off, stop - off);
      if (!ln.empty() && ln.back() == '\r') ln.remove_suffix(1);
      model::LogLineFields f = s.lines_.split(ln);
      bool error = f.level == model::LogLevel::Error || f.level == model::LogLevel::Fatal ||
                   (f.level == model::LogLevel::Unknown && looks_like_error(f.message));
      if (!error) continue;
      opts.unknown->add(f.message.empty() ? ln : f.message, opts.path, l, ln);
    }
  }
  return false;
}

}  // namespace kubesift::engine
