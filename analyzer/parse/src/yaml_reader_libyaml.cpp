// read_yaml_document() with libyaml's event parser.
#include <yaml.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "yaml_events.h"
#include "yaml_reader.h"

namespace kubesift::parse {
namespace {

// libyaml's marks count characters (code points; a CR LF is two), from
// after a byte order mark. Turns them into byte offsets, walking forward.
class CharOffsets {
 public:
  explicit CharOffsets(std::string_view text) : text_(text) {
    if (text.starts_with("\xEF\xBB\xBF")) start_ = byte_ = 3;
  }

  size_t at(size_t index) {
    if (index < chars_) {  // behind: walk again from the start (errors only)
      chars_ = 0;
      byte_ = start_;
    }
    const unsigned char* p = reinterpret_cast<const unsigned char*>(text_.data());
    size_t n = text_.size();
    // Eight ASCII bytes at a time, then one character at a time.
    while (chars_ + 8 <= index && byte_ + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + byte_, 8);
      if (w & 0x8080808080808080ULL) break;
      byte_ += 8;
      chars_ += 8;
    }
    while (chars_ < index && byte_ < n) {
      unsigned char c = p[byte_];
      byte_ += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      ++chars_;
    }
    if (byte_ > n) byte_ = n;
    return byte_;
  }

 private:
  std::string_view text_;
  size_t start_ = 0, byte_ = 0, chars_ = 0;
};

YamlEvents::Tag tag_of(const yaml_char_t* tag) {
  if (!tag) return YamlEvents::Tag::None;
  std::string_view t(reinterpret_cast<const char*>(tag));
  if (t == "!" || t == "tag:yaml.org,2002:str") return YamlEvents::Tag::Str;
  return YamlEvents::Tag::Other;
}

std::string_view name_of(const yaml_char_t* anchor) {
  return anchor ? std::string_view(reinterpret_cast<const char*>(anchor)) : std::string_view();
}

struct Parser {
  yaml_parser_t p;
  bool ok;
  Parser() { ok = yaml_parser_initialize(&p) != 0; }
  ~Parser() {
    if (ok) yaml_parser_delete(&p);
  }
};

struct Event {
  yaml_event_t e;
  ~Event() { yaml_event_delete(&e); }
};

}  // namespace

bool read_yaml_document_libyaml(std::string_view text, uint32_t first_line, model::TreeBuilder& b,
                                std::vector<TreeError>& errors) {
  YamlEvents ev(text, first_line, b, errors);
  Parser parser;
  if (!parser.ok) return ev.fail("out of memory", 0);
  yaml_parser_t& p = parser.p;
  yaml_parser_set_input_string(&p, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  CharOffsets offsets(text);
  bool done = false, ok = true;
  while (!done && ok) {
    Event event;
    if (!yaml_parser_parse(&p, &event.e)) {
      std::string problem = p.problem ? p.problem : "unreadable input";
      if (p.error == YAML_READER_ERROR) {
        // Bytes that are not UTF-8: the offset is in bytes.
        ev.syntax_error(problem, p.problem_offset);
        return false;
      }
      if (p.context) {
        size_t cat = offsets.at(p.context_mark.index);
        problem +=
            " (" + std::string(p.context) + " at line " + std::to_string(ev.where(cat).first) + ")";
      }
      ev.syntax_error(problem, offsets.at(p.problem_mark.index));
      return false;
    }
    const yaml_event_t& e = event.e;
    switch (e.type) {
      case YAML_SCALAR_EVENT: {
        const auto& s = e.data.scalar;
        std::string_view anchor = name_of(s.anchor);
        if (s.length == 0 && s.style == YAML_PLAIN_SCALAR_STYLE && !s.tag) {
          ok = ev.empty(anchor);  // a node with no content
          break;
        }
        ok = ev.scalar(std::string_view(reinterpret_cast<const char*>(s.value), s.length),
                       s.style == YAML_PLAIN_SCALAR_STYLE ? YamlEvents::Style::Plain
                                                          : YamlEvents::Style::Quoted,
                       tag_of(s.tag), offsets.at(e.start_mark.index), anchor);
        break;
      }
      case YAML_SEQUENCE_START_EVENT:
        ok = ev.start_seq(offsets.at(e.start_mark.index), name_of(e.data.sequence_start.anchor));
        break;
      case YAML_MAPPING_START_EVENT:
        ok = ev.start_map(offsets.at(e.start_mark.index), name_of(e.data.mapping_start.anchor));
        break;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: ok = ev.end(); break;
      case YAML_ALIAS_EVENT:
        ok = ev.alias(name_of(e.data.alias.anchor), offsets.at(e.start_mark.index));
        break;
      case YAML_DOCUMENT_END_EVENT:  // the first document; the splitter made one
      case YAML_STREAM_END_EVENT: done = true; break;
      default: break;
    }
  }
  return ok && ev.finish();
}

}  // namespace kubesift::parse
