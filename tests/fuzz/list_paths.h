// The ways a List is read (JSON: an item at a time, in pieces of items, or
// as one tree; YAML: a piece of items at a time or as one document) must
// agree: same facts, same places, same errors. Used by the parse unit tests
// and the JSON and YAML fuzz targets.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parse/src/object_stream.h"

namespace kubesift::fuzz {

// What the facts say, with the places they cite, as text.
inline std::string facts_digest(const model::Facts& f) {
  std::string s;
  auto at = [&](const model::SourceRef& r) {
    s += "@" + std::to_string(r.line) + ":" + std::to_string(r.col) + " ";
  };
  auto meta = [&](const model::ObjectMeta& m) {
    s += m.kind + " " + m.ns + "/" + m.name + " " + m.uid + " ";
    at(m.at);
    for (const auto& [k, v] : m.labels) s += k + "=" + v + " ";
  };
  for (const auto& p : f.pods) {
    s += "pod ";
    meta(p.meta);
    s += p.phase.value + " ";
    at(p.phase.at);
    for (const auto& c : p.containers) {
      s += "c:" + c.name + " " + c.image.value + " ";
      at(c.image.at);
    }
    for (const auto& c : p.statuses) {
      s += "s:" + c.name + " " + std::to_string(c.restart_count.value) + " ";
      at(c.restart_count.at);
    }
    s += "\n";
  }
  for (const auto& w : f.workloads) {
    s += "workload ";
    meta(w.meta);
    s += "\n";
  }
  for (const auto& e : f.events) {
    s += "event " + e.reason + " " + e.involved_name + " ";
    at(e.at);
    s += "\n";
  }
  for (const auto& o : f.others) {
    s += "other ";
    meta(o.meta);
    s += "\n";
  }
  for (const auto& o : f.objects) {
    s += "object ";
    meta(o.meta);
    s += std::to_string(o.observed) + std::to_string(o.kind_inferred) + " " +
         std::to_string(o.pod) + " " + std::to_string(o.workload) + " " +
         (o.root ? std::to_string(o.root.line()) + ":" + std::to_string(o.root.col()) : "-") + "\n";
  }
  s += std::to_string(f.nodes.size()) + " nodes " + std::to_string(f.claims.size()) + " claims " +
       std::to_string(f.configmaps.size()) + " configmaps " + std::to_string(f.secrets.size()) +
       " secrets\n";
  return s;
}

// What a decode gave: counts, errors and problems with their places, facts.
inline std::string decode_digest(const parse::Decoded& d,
                                 const std::vector<parse::TreeError>& errors,
                                 const model::Facts& facts) {
  std::string s = std::to_string(d.objects) + " objects, kube " + std::to_string(d.kube) + "\n";
  auto place = [&](std::string_view what, const parse::TreeError& e) {
    s += std::string(what) + " " + e.message + " @" + std::to_string(e.line) + ":" +
         std::to_string(e.col) + "\n";
  };
  for (const auto& e : errors) place("error", e);
  for (const auto& e : d.problems) place("problem", e);
  return s + facts_digest(facts);
}

// `how`: 0 an item at a time, 1 in pieces of items (ItemPieces), 2 as one
// tree.
inline std::string decoded_digest(std::string_view text, size_t readable_after, int how,
                                  bool observed_trees) {
  parse::DecodeOptions opt;
  opt.list_by_items_from = how == 0 ? 0 : SIZE_MAX;
  opt.observed_trees = observed_trees;
  model::Facts facts;
  std::vector<parse::TreeError> errors;
  parse::Decoded d;
  if (how < 2) {
    d = parse::decode_json(text, readable_after, 0, 0, opt, facts, errors);
  } else {
    std::vector<std::shared_ptr<model::Tree>> trees{std::make_shared<model::Tree>()};
    std::vector<parse::Root> roots;
    parse::json_to_tree(text, *trees.front(), roots, errors, 0, readable_after);
    d = parse::decode_roots(trees, roots, 0, opt, facts);
  }
  return decode_digest(d, errors, facts);
}

// "" when reading `text` an item at a time and in pieces gives what parsing
// it as one tree gives; else the digests that differ.
inline std::string compare_json_paths(std::string_view text, size_t readable_after) {
  for (bool observed : {true, false}) {
    std::string whole = decoded_digest(text, readable_after, 2, observed);
    for (int how : {0, 1}) {
      std::string other = decoded_digest(text, readable_after, how, observed);
      if (other != whole)
        return std::string(how == 0 ? "by items" : "in pieces") + ":\n" + other + "as one tree:\n" +
               whole;
    }
  }
  return {};
}

// The same for YAML: `by_items` reads a List a piece of items at a time
// (DecodeOptions::list_by_items_from 0), else the stream is read whole.
inline std::string yaml_digest(std::string_view text, bool by_items, bool observed_trees) {
  parse::DecodeOptions opt;
  opt.list_by_items_from = by_items ? 0 : SIZE_MAX;
  opt.observed_trees = observed_trees;
  model::Facts facts;
  std::vector<parse::TreeError> errors;
  parse::Decoded d = parse::decode_yaml(text, 0, opt, facts, errors);
  return decode_digest(d, errors, facts);
}

inline std::string compare_yaml_paths(std::string_view text) {
  for (bool observed : {true, false}) {
    std::string whole = yaml_digest(text, false, observed);
    std::string by_items = yaml_digest(text, true, observed);
    if (by_items != whole) return "by items:\n" + by_items + "as one document:\n" + whole;
  }
  return {};
}

}  // namespace kubesift::fuzz
