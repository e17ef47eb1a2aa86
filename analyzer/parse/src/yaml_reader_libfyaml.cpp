// read_yaml_document() with libfyaml's event parser.
//
// libfyaml's marks are byte offsets of tokens: a scalar's is after its
// opening quote, a block scalar's is where its content starts, an anchor's
// and an alias's after `&`/`*`. They are moved here to where the other
// readers put a node: its anchor or tag, its quote or block indicator.
#include <libfyaml.h>

#include <algorithm>
#include <string>

#include "kubesift/core/text.h"
#include "yaml_events.h"
#include "yaml_reader.h"

namespace kubesift::parse {
namespace {

// The byte offset of (line, col), 1-based, as YAML counts lines: a lone
// "\r" breaks a line too, where the documents' line index (and so every
// citation) counts "\n" only. The column counts bytes, clipped to the line.
size_t yaml_offset(std::string_view text, uint32_t line, uint32_t col) {
  size_t off = 0;
  for (uint32_t l = 1; l < line && off < text.size(); ++l) {
    size_t brk = text.find_first_of("\r\n", off);
    if (brk == std::string_view::npos) return text.size();
    off = brk + 1;
    if (text[brk] == '\r' && off < text.size() && text[off] == '\n') ++off;
  }
  size_t end = std::min(text.find_first_of("\r\n", off), text.size());
  return std::min(off + (col > 0 ? col - 1 : 0), end);
}

// libfyaml 0.7 never returns from a directive line it does not know
// (`%FOO`, not `%YAML` or `%TAG`) that holds bytes which are not UTF-8:
// the scanner loops on them. The offset of such a line (a lone "\r" breaks
// lines too, for libfyaml), or npos.
size_t unreadable_directive(std::string_view text) {
  for (size_t off = 0; off < text.size();) {
    size_t nl = std::min(text.find_first_of("\r\n", off), text.size());
    std::string_view line = text.substr(off, nl - off);
    if (line.starts_with("\xef\xbb\xbf")) line.remove_prefix(3);  // a byte-order mark
    if (line.starts_with('%') && !text::valid_utf8(line)) return off;
    off = nl + 1;
  }
  return std::string_view::npos;
}

constexpr unsigned kFlags = FYPCF_QUIET | FYPCF_DISABLE_DEPTH_LIMIT | FYPCF_DEFAULT_VERSION_1_1 |
                            FYPCF_ALLOW_DUPLICATE_KEYS | FYPCF_JSON_NONE;

void no_output(struct fy_diag*, void*, const char*, size_t) {}

// A parser and its diagnostics (printing nothing; collecting them when
// asked). libfyaml 0.7's fy_parser_reset() does not make a parser reusable
// for another string (a double free when it is destroyed): one a document.
struct FyParser {
  fy_diag* diag = nullptr;
  fy_parser* parser = nullptr;
  explicit FyParser(bool collect) {
    fy_diag_cfg dc;
    fy_diag_cfg_default(&dc);
    dc.fp = nullptr;
    dc.output_fn = no_output;
    dc.colorize = false;
    diag = fy_diag_create(&dc);
    if (diag && collect) fy_diag_set_collect_errors(diag, true);
    fy_parse_cfg cfg{};
    cfg.flags = static_cast<fy_parse_cfg_flags>(kFlags);
    cfg.diag = diag;
    parser = fy_parser_create(&cfg);
  }
  ~FyParser() {
    if (parser) fy_parser_destroy(parser);
    if (diag) fy_diag_unref(diag);
  }
  FyParser(const FyParser&) = delete;
  FyParser& operator=(const FyParser&) = delete;
};

struct FyEvent {
  fy_parser* p;
  fy_event* e;
  ~FyEvent() {
    if (e) fy_parser_event_free(p, e);
  }
};

size_t start_of(fy_token* t) {
  if (!t) return YamlEvents::kNoOffset;
  const fy_mark* m = fy_token_start_mark(t);
  return m ? m->input_pos : YamlEvents::kNoOffset;
}

size_t end_of(fy_token* t) {
  if (!t) return 0;
  const fy_mark* m = fy_token_end_mark(t);
  return m ? m->input_pos : 0;
}

std::string_view text_of(fy_token* t) {
  if (!t) return {};
  size_t n = 0;
  const char* s = fy_token_get_text(t, &n);
  return s ? std::string_view(s, n) : std::string_view();
}

class Reader {
 public:
  Reader(std::string_view text, YamlEvents& ev) : text_(text), ev_(ev) {}

  // Where a node with these properties and main token starts.
  size_t node_start(size_t main, fy_token* anchor, fy_token* tag) {
    size_t off = main;
    if (size_t a = start_of(anchor); a != YamlEvents::kNoOffset) off = std::min(off, a - 1);
    if (size_t t = start_of(tag); t != YamlEvents::kNoOffset) off = std::min(off, t);
    seen(anchor);
    seen(tag);
    return off;
  }

  void seen(fy_token* t) { last_end_ = std::max(last_end_, end_of(t)); }

  // The `|` or `>` that opens a block scalar whose content starts at
  // `content`: the first one after the last token, outside comments.
  size_t block_indicator(size_t content) const {
    size_t i = std::min(last_end_, text_.size());
    size_t end = std::min(content, text_.size());
    for (; i < end; ++i) {
      char c = text_[i];
      if (c == '|' || c == '>') return i;
      if (c == '#') {
        size_t nl = text_.find('\n', i);
        if (nl == std::string_view::npos || nl >= end) break;
        i = nl;
      }
    }
    return content;
  }

  bool event(fy_event* e) {
    switch (e->type) {
      case FYET_SCALAR: {
        fy_token* v = e->scalar.value;
        fy_token* anchor = e->scalar.anchor;
        fy_token* tag = e->scalar.tag;
        std::string_view name = text_of(anchor);
        size_t vs = start_of(v);
        if (!v || vs == YamlEvents::kNoOffset) {
          if (!tag) {
            seen(anchor);
            return ev_.empty(name);
          }
          vs = end_of(tag);
        }
        enum fy_scalar_style st = fy_token_scalar_style(v);
        size_t main = vs;
        if (st == FYSS_SINGLE_QUOTED || st == FYSS_DOUBLE_QUOTED) {
          main = vs > 0 ? vs - 1 : 0;
        } else if (st == FYSS_LITERAL || st == FYSS_FOLDED) {
          seen(anchor);
          seen(tag);
          main = block_indicator(vs);
        }
        size_t off = node_start(main, anchor, tag);
        seen(v);
        YamlEvents::Tag t = YamlEvents::Tag::None;
        if (tag) {
          std::string_view tt = text_of(tag);
          t = tt == "!" || tt == "tag:yaml.org,2002:str" ? YamlEvents::Tag::Str
                                                         : YamlEvents::Tag::Other;
        }
        return ev_.scalar(text_of(v),
                          st == FYSS_PLAIN || st == FYSS_ANY ? YamlEvents::Style::Plain
                                                             : YamlEvents::Style::Quoted,
                          t, off, name);
      }
      case FYET_SEQUENCE_START:
      case FYET_MAPPING_START: {
        bool map = e->type == FYET_MAPPING_START;
        fy_token* anchor = map ? e->mapping_start.anchor : e->sequence_start.anchor;
        fy_token* tag = map ? e->mapping_start.tag : e->sequence_start.tag;
        fy_token* start = map ? e->mapping_start.mapping_start : e->sequence_start.sequence_start;
        size_t main = start_of(start);
        if (main == YamlEvents::kNoOffset) main = last_end_;
        size_t off = node_start(main, anchor, tag);
        seen(start);
        std::string_view name = text_of(anchor);
        return map ? ev_.start_map(off, name) : ev_.start_seq(off, name);
      }
      case FYET_SEQUENCE_END:
      case FYET_MAPPING_END: return ev_.end();
      case FYET_ALIAS: {
        fy_token* a = e->alias.anchor;
        size_t s = start_of(a);
        seen(a);
        return ev_.alias(text_of(a), s == YamlEvents::kNoOffset || s == 0 ? s : s - 1);
      }
      default: return true;
    }
  }

 private:
  std::string_view text_;
  YamlEvents& ev_;
  size_t last_end_ = 0;
};

// The first problem libfyaml reports for `text`, parsed again with a
// parser that collects its diagnostics (errors only: the fast path has
// none).
void report_error(std::string_view text, YamlEvents& ev) {
  FyParser fp(true);
  std::string message = "the input is not YAML";
  uint32_t line = 0, col = 0;
  if (fp.parser && fy_parser_set_string(fp.parser, text.data(), text.size()) == 0) {
    while (fy_event* e = fy_parser_parse(fp.parser)) {
      bool end = e->type == FYET_DOCUMENT_END || e->type == FYET_STREAM_END;
      fy_parser_event_free(fp.parser, e);
      if (end) break;
    }
    void* it = nullptr;
    if (fy_diag_error* d = fy_diag_errors_iterate(fp.diag, &it)) {
      if (d->msg) message = d->msg;
      line = d->line > 0 ? static_cast<uint32_t>(d->line) : 0;
      col = d->column > 0 ? static_cast<uint32_t>(d->column) : 0;
    }
  }
  if (line == 0)
    ev.syntax_error(message, ev.last_offset());
  else
    ev.syntax_error(message, yaml_offset(text, line, col));
}

}  // namespace

bool read_yaml_document_libfyaml(std::string_view text, uint32_t first_line, model::TreeBuilder& b,
                                 std::vector<TreeError>& errors) {
  YamlEvents ev(text, first_line, b, errors);
  FyParser fp(false);
  if (!fp.parser) return ev.fail("cannot create a libfyaml parser", 0);
  if (size_t at = unreadable_directive(text); at != std::string_view::npos)
    return ev.fail("a directive holds bytes that are not UTF-8", at);
  if (fy_parser_set_string(fp.parser, text.data(), text.size()) != 0)
    return ev.fail("cannot read the document", 0);
  Reader r(text, ev);
  bool ok = true;
  for (;;) {
    FyEvent e{fp.parser, fy_parser_parse(fp.parser)};
    if (!e.e) {
      if (fy_parser_get_stream_error(fp.parser)) {
        report_error(text, ev);
        ok = false;
      }
      break;
    }
    if (e.e->type == FYET_DOCUMENT_END || e.e->type == FYET_STREAM_END) break;
    if (!r.event(e.e)) {
      ok = false;
      break;
    }
  }
  return ok && ev.finish();
}

}  // namespace kubesift::parse
