// read_yaml_document() with yaml-cpp's event parser (YAML::Parser and an
// EventHandler: no YAML::Node tree is built).
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <istream>
#include <streambuf>
#include <string>

#include "yaml_events.h"
#include "yaml_reader.h"

namespace kubesift::parse {
namespace {

// An istream over the document's bytes, without copying them.
struct ViewBuf : std::streambuf {
  explicit ViewBuf(std::string_view s) {
    char* p = const_cast<char*>(s.data());
    setg(p, p, p + s.size());
  }
};

struct Stop {};  // thrown out of the handler once YamlEvents refused the document

class Handler : public YAML::EventHandler {
 public:
  Handler(YamlEvents& ev, std::string_view text) : ev_(ev), text_(text) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& m, YAML::anchor_t a) override {
    // yaml-cpp reports `~`/`null` and an empty node alike; the text at the
    // mark (after any anchor or tag) says which.
    size_t p = off(m);
    std::string_view word = null_word(p);
    check(word.empty()
              ? ev_.empty(anchor(a))
              : ev_.scalar(word, YamlEvents::Style::Plain, YamlEvents::Tag::None, p, anchor(a)));
  }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t a) override {
    check(ev_.alias(anchor(a), off(m)));
  }
  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a,
                const std::string& value) override {
    // yaml-cpp tags a plain scalar "?" and any other (quoted, block) "!".
    YamlEvents::Style style = YamlEvents::Style::Plain;
    YamlEvents::Tag t = YamlEvents::Tag::None;
    if (tag == "!")
      style = YamlEvents::Style::Quoted;
    else if (tag == "tag:yaml.org,2002:str")
      t = YamlEvents::Tag::Str;
    else if (tag != "?" && !tag.empty())
      t = YamlEvents::Tag::Other;
    check(ev_.scalar(value, style, t, off(m), anchor(a)));
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t a,
                       YAML::EmitterStyle::value) override {
    check(ev_.start_seq(off(m), anchor(a)));
  }
  void OnSequenceEnd() override { check(ev_.end()); }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t a,
                  YAML::EmitterStyle::value) override {
    check(ev_.start_map(off(m), anchor(a)));
  }
  void OnMapEnd() override { check(ev_.end()); }
  void OnAnchor(const YAML::Mark&, const std::string& name) override { pending_ = name; }

 private:
  static void check(bool ok) {
    if (!ok) throw Stop{};
  }
  size_t off(const YAML::Mark& m) const {
    return m.is_null() || m.pos < 0 ? YamlEvents::kNoOffset : static_cast<size_t>(m.pos);
  }
  // Anchor ids are given in order, each right after OnAnchor named it.
  std::string_view anchor(YAML::anchor_t a) {
    if (a == YAML::NullAnchor) return {};
    if (a >= names_.size()) names_.resize(a + 1);
    if (!pending_.empty()) {
      names_[a] = std::move(pending_);
      pending_.clear();
    }
    return names_[a];
  }
  // The null written at byte p ("~", "null", "Null", "NULL"), or "" when
  // what is there is something else (the node was empty).
  std::string_view null_word(size_t p) const {
    if (p == YamlEvents::kNoOffset) return {};
    std::string_view s = text_.substr(std::min(p, text_.size()));
    while (!s.empty() && (s.front() == '&' || s.front() == '!')) {  // properties
      size_t sp = s.find_first_of(" \t\r\n");
      s = sp == std::string_view::npos ? std::string_view() : s.substr(sp);
      size_t b = s.find_first_not_of(" \t");
      s = b == std::string_view::npos ? std::string_view() : s.substr(b);
    }
    for (std::string_view w : {"~", "null", "Null", "NULL"})
      if (s.starts_with(w)) {
        std::string_view rest = s.substr(w.size());
        if (rest.empty() || std::string_view(" \t\r\n,]}#:").find(rest.front()) != rest.npos)
          return w;
      }
    return {};
  }

  YamlEvents& ev_;
  std::string_view text_;
  std::vector<std::string> names_;
  std::string pending_;
};

}  // namespace

bool read_yaml_document_yamlcpp(std::string_view text, uint32_t first_line, model::TreeBuilder& b,
                                std::vector<TreeError>& errors) {
  YamlEvents ev(text, first_line, b, errors);
  ViewBuf buf(text);
  std::istream in(&buf);
  try {
    YAML::Parser parser(in);
    Handler h(ev, text);
    parser.HandleNextDocument(h);  // the first document; the splitter made one
  } catch (const Stop&) {
    return false;  // YamlEvents has the error
  } catch (const YAML::Exception& e) {
    if (e.mark.is_null() || e.mark.pos < 0)
      ev.syntax_error(e.msg, ev.last_offset());
    else
      ev.syntax_error(e.msg, static_cast<size_t>(e.mark.pos));
    return false;
  }
  return ev.finish();
}

}  // namespace kubesift::parse
