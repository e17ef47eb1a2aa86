// The registry of YAML readers; KUBESIFT_YAML_DEFAULT (the CMake option
// KUBESIFT_YAML) names the default, and the environment variable
// KUBESIFT_YAML_READER overrides it for one process (bench/lint-speed.sh
// compares the readers with one binary).
#include "yaml_reader.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>

#ifndef KUBESIFT_YAML_DEFAULT
#define KUBESIFT_YAML_DEFAULT "libyaml"
#endif

namespace kubesift::parse {
namespace {

std::vector<YamlReader> make_readers() {
  std::vector<YamlReader> all = {
      {"yaml-cpp", &read_yaml_document_yamlcpp},
      {"libyaml", &read_yaml_document_libyaml},
      {"libfyaml", &read_yaml_document_libfyaml},
  };
  std::string_view def = KUBESIFT_YAML_DEFAULT;
  std::stable_partition(all.begin(), all.end(), [&](const YamlReader& r) { return r.name == def; });
  return all;
}

const YamlReader* initial() {
  const char* env = std::getenv("KUBESIFT_YAML_READER");
  for (const auto& r : yaml_readers())
    if (env && r.name == env) return &r;
  return &yaml_readers().front();
}

std::atomic<const YamlReader*>& current() {
  static std::atomic<const YamlReader*> r{initial()};
  return r;
}

}  // namespace

const std::vector<YamlReader>& yaml_readers() {
  static const std::vector<YamlReader> readers = make_readers();
  return readers;
}

bool set_yaml_reader(std::string_view name) {
  for (const auto& r : yaml_readers())
    if (r.name == name) {
      current().store(&r, std::memory_order_relaxed);
      return true;
    }
  return false;
}

std::string_view yaml_reader() {
  return current().load(std::memory_order_relaxed)->name;
}

bool read_yaml_document(std::string_view text, uint32_t first_line, model::TreeBuilder& b,
                        std::vector<TreeError>& errors) {
  return current().load(std::memory_order_relaxed)->read(text, first_line, b, errors);
}

}  // namespace kubesift::parse
