// The built-in catalog: rules/*.yaml compiled into the binary.
#pragma once

#include <string_view>
#include <vector>

namespace kubesift::engine {

struct EmbeddedRuleFile {
  std::string_view path;     // "rules/<file>.yaml"
  std::string_view content;  // the file's text
};

const std::vector<EmbeddedRuleFile>& embedded_rule_files();

}  // namespace kubesift::engine
