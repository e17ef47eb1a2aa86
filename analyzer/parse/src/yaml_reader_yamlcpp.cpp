// read_yaml_document() with yaml-cpp.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <string>
#include <unordered_set>

#include "positions.h"
#include "yaml_reader.h"

namespace kubesift::parse {
namespace {

constexpr int kMaxDepth = 256;

struct Budget {
  size_t left;
};

struct YamlBuilder {
  Positions& pos;
  model::TreeBuilder& b;
  std::vector<TreeError>& errors;
  uint32_t line_offset;
  Budget budget;

  std::pair<uint32_t, uint32_t> where(const YAML::Mark& m) {
    if (m.is_null()) return {0, 0};
    auto [l, c] = pos.at(static_cast<size_t>(m.pos));
    return {l + line_offset, c};
  }

  void build(const YAML::Node& y, int depth) {
    auto at = where(y.Mark());
    if (depth > kMaxDepth)
      throw YAML::Exception(y.Mark(), "nested too deeply (more than 256 levels)");
    if (budget.left == 0)
      throw YAML::Exception(y.Mark(),
                            "the document expands to too many values (aliases that repeat "
                            "each other: a \"billion laughs\" document?)");
    --budget.left;
    switch (y.Type()) {
      case YAML::NodeType::Map: {
        b.open_map(at.first, at.second);
        std::unordered_set<std::string> seen;
        for (const auto& kv : y) {
          auto kat = where(kv.first.Mark());
          std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
          bool dup = !seen.insert(key).second;
          b.key(key, kat.first, kat.second);
          uint32_t member = b.next_index();
          build(kv.second, depth + 1);
          if (dup) b.mark_duplicate_key(member);
        }
        b.close();
        break;
      }
      case YAML::NodeType::Sequence:
        b.open_seq(at.first, at.second);
        for (const auto& e : y) build(e, depth + 1);
        b.close();
        break;
      case YAML::NodeType::Scalar:
        // yaml-cpp tags a quoted scalar "!" and a plain one "?".
        b.scalar(y.Scalar(), y.Tag() == "!", at.first, at.second);
        break;
      default: b.null(at.first, at.second);
    }
  }
};

}  // namespace

bool read_yaml_document(std::string_view text, uint32_t first_line, model::TreeBuilder& b,
                        std::vector<TreeError>& errors) {
  Positions pos(text);
  YamlBuilder yb{pos, b, errors, first_line - 1, {1'000'000 + 20 * text.size()}};
  try {
    YAML::Node d = YAML::Load(std::string(text));
    if (!d || d.IsNull()) return false;
    yb.build(d, 0);
    return true;
  } catch (const YAML::Exception& e) {
    auto at = yb.where(e.mark);
    if (at.first == 0) at = {first_line, 1};
    errors.push_back({"invalid YAML: " + e.msg, at.first, at.second});
    return false;  // a half-built value is left unreferenced
  }
}

}  // namespace kubesift::parse
