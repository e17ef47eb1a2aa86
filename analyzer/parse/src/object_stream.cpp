#include "object_stream.h"

#include <algorithm>
#include <thread>

#include "json_list_scan.h"
#include "kube_decode.h"
#include "kubesift/core/parallel.h"
#include "layout.h"
#include "yaml_list_scan.h"

namespace kubesift::parse {
namespace {

constexpr size_t kRootsPerPiece = 512;

// A document that means to be a Kubernetes object (it names an apiVersion
// or a kind) but lacks the other, or leaves one empty: what is wrong, or "".
// Documents with neither are other data (a chart's values.yaml) and fine.
std::string object_head_problem(model::Value v) {
  if (!v.is_map() || v.get("items")) return {};
  model::Value api = v.get("apiVersion"), kind = v.get("kind");
  if (!api && !kind) return {};
  // A Helm Chart.yaml names an apiVersion and nothing an object has.
  if (!kind && !v.get("metadata") && !v.get("spec")) return {};
  bool has_api = api.is_scalar() && !api.scalar().empty();
  bool has_kind = kind.is_scalar() && !kind.scalar().empty();
  if (has_api && has_kind) return {};
  if (!has_kind)
    return kind ? "the object's kind is empty" : "the object has an apiVersion but no kind";
  return api ? "the object's apiVersion is empty" : "the object has a kind but no apiVersion";
}

void settle(model::Facts& facts, const DecodeOptions& opt) {
  if (!opt.observed_trees) facts.drop_observed_objects();
}

// A List read an item at a time (scan_list). False, with nothing added to
// `out`, when the text is not one well-formed List: the caller parses it
// whole.
bool decode_list(std::string_view text, size_t readable_after, uint32_t line_offset,
                 model::DocId doc, const DecodeOptions& opt, const KindHints& hints,
                 model::Facts& out, Decoded& d) {
  ListLayout layout;
  std::function<void(size_t)> scanned;
  if (opt.release) scanned = [&](size_t at) { opt.release(0, at); };
  if (!scan_list(text, layout, scanned)) return false;
  std::string item_kind;
  if (!list_item_kind(layout.kind.value_or(""), opt.kind_hint, item_kind)) return false;
  KindTally tally;  // the caller's only when the List is read this way
  KindHints item_hints = list_hints(&hints, layout.kind.value_or(""));
  item_hints.tally = &tally;
  JsonValueReader reader(text, readable_after, line_offset);
  // The List's own objects and arrays (its metadata) are read to be
  // validated, in the order of the text, as are the items.
  size_t other = 0;
  auto others_before = [&](size_t at) {
    for (; other < layout.others.size() && layout.others[other].first < at; ++other) {
      model::Tree scratch;
      model::TreeBuilder b(scratch);
      if (!reader.read(layout.others[other].first, layout.others[other].second, 1, b)) return false;
    }
    return true;
  };
  std::vector<model::Facts> pieces;
  size_t done = 0;  // the text before this is read
  std::shared_ptr<model::Tree> tree;
  for (size_t i = 0; i < layout.items.size();) {
    if (!others_before(layout.items[i].first)) return false;
    // A piece no object kept is built over again: its memory is reused.
    if (tree && tree.use_count() == 1)
      tree->clear();
    else
      tree = std::make_shared<model::Tree>();
    model::TreeBuilder b(*tree);
    b.open_seq(0, 0);
    size_t first = i;
    for (; i < layout.items.size() && i - first < kPieceItems && tree->node_count() < kPieceNodes;
         ++i)
      if (!reader.read(layout.items[i].first, layout.items[i].second, 2, b)) return false;
    b.close();
    model::Facts& facts = pieces.emplace_back();
    d.objects += decode_items(tree, tree->value(0), item_kind, 0, doc, facts, &item_hints);
    settle(facts, opt);
    if (opt.release) opt.release(done, layout.items[i - 1].second);
    done = layout.items[i - 1].second;
  }
  if (!others_before(text.size())) return false;
  d.kube = !layout.kind.value_or("").empty() || !opt.kind_hint.empty();
  append_pieces(out, pieces);
  if (hints.tally) hints.tally->merge(tally);
  return true;
}

// A YAML List read a piece of items at a time (scan_yaml_list). False, with
// nothing added to `out`, when it is not one well-formed List: the caller
// parses it whole.
bool decode_yaml_list(std::string_view text, model::DocId doc, const DecodeOptions& opt,
                      const KindHints& hints, model::Facts& out, Decoded& d) {
  YamlListLayout layout;
  if (!scan_yaml_list(text, layout)) return false;
  // The List's own members, before and after its items: each read alone,
  // maps with no key in common and none named items.
  std::string scratch;
  std::vector<model::Tree> ends(2);
  std::vector<model::Value> maps;
  for (int k = 0; k < 2; ++k) {
    const YamlListLayout::Range& r = k == 0 ? layout.head : layout.tail;
    std::string_view part = text.substr(r.begin, r.end - r.begin);
    if (part.find_first_not_of(" \t\r\n") == std::string_view::npos) continue;
    model::TreeBuilder b(ends[k]);
    std::vector<TreeError> errs;
    bool built = read_stream_document(part, r.first_line, b, errs, scratch);
    if (!errs.empty()) return false;
    if (!built || ends[k].node_count() == 0) continue;  // comments only
    if (!ends[k].value(0).is_map()) return false;
    maps.push_back(ends[k].value(0));
  }
  std::string_view kind;
  for (size_t a = 0; a < maps.size(); ++a)
    for (model::Value m : maps[a]) {
      if (m.key() == "items") return false;
      if (m.key() == "kind") kind = m.scalar();
      for (size_t b = a + 1; b < maps.size(); ++b)
        if (maps[b].get(m.key())) return false;
    }
  std::string item_kind;
  if (!list_item_kind(kind, opt.kind_hint, item_kind)) return false;
  uint32_t source = helm_source_line(text, 1);
  // Pieces of items, read and decoded on all threads a batch at a time.
  struct Piece {
    size_t from, to;  // items
    model::Facts facts;
    size_t objects = 0;
    bool ok = false;
    KindTally tally;
  };
  std::vector<Piece> pieces;
  for (size_t i = 0; i < layout.items.size();) {
    size_t j = i, bytes = 0;
    while (j < layout.items.size() && j - i < kPieceItems && bytes < (size_t{4} << 20)) {
      bytes += layout.items[j].end - layout.items[j].begin;
      ++j;
    }
    pieces.push_back({i, j, {}, 0, false, {}});
    i = j;
  }
  const size_t batch = 4 * std::max<size_t>(1, std::thread::hardware_concurrency());
  for (size_t p0 = 0; p0 < pieces.size(); p0 += batch) {
    size_t p1 = std::min(pieces.size(), p0 + batch);
    parallel_for(p1 - p0, [&](size_t k) {
      Piece& p = pieces[p0 + k];
      const auto& first = layout.items[p.from];
      std::string_view part = text.substr(first.begin, layout.items[p.to - 1].end - first.begin);
      auto tree = std::make_shared<model::Tree>();
      model::TreeBuilder b(*tree);
      std::vector<TreeError> errs;
      std::string unhidden;
      if (!read_stream_document(part, first.first_line, b, errs, unhidden) || !errs.empty()) return;
      model::Value items = tree->value(0);
      if (!items.is_seq() || items.size() != p.to - p.from) return;
      KindHints h = list_hints(&hints, kind);
      h.tally = &p.tally;
      p.objects = decode_items(tree, items, item_kind, source, doc, p.facts, &h);
      settle(p.facts, opt);
      p.ok = true;
    });
    for (size_t k = p0; k < p1; ++k)
      if (!pieces[k].ok) return false;
    if (opt.release) opt.release(0, layout.items[pieces[p1 - 1].to - 1].end);
  }
  std::vector<model::Facts> facts;
  for (Piece& p : pieces) {
    d.objects += p.objects;
    facts.push_back(std::move(p.facts));
    if (hints.tally) hints.tally->merge(p.tally);
  }
  d.kube = !kind.empty() || !opt.kind_hint.empty();
  append_pieces(out, facts);
  return true;
}

Decoded roots_with(const std::vector<std::shared_ptr<model::Tree>>& trees,
                   const std::vector<Root>& roots, model::DocId doc, const DecodeOptions& opt,
                   const KindHints& hints, model::Facts& out) {
  // The documents of a large stream are decoded in pieces on all threads;
  // facts and problems are appended in document order.
  struct Piece {
    Decoded d;
    model::Facts facts;
    KindTally tally;
  };
  std::vector<Piece> pieces((roots.size() + kRootsPerPiece - 1) / kRootsPerPiece);
  parallel_for(pieces.size(), [&](size_t p) {
    Piece& piece = pieces[p];
    size_t end = std::min(roots.size(), (p + 1) * kRootsPerPiece);
    for (size_t i = p * kRootsPerPiece; i < end; ++i) {
      const std::shared_ptr<model::Tree>& tree = trees[roots[i].tree];
      model::Value v = tree->value(roots[i].node);
      KindHints h = hints;
      h.tally = &piece.tally;
      piece.d.objects +=
          decode_objects(tree, v, roots[i].source_line, doc, piece.facts, opt.kind_hint, &h);
      piece.d.kube |= is_kube_value(v) || !opt.kind_hint.empty();
      if (opt.head_problems && opt.kind_hint.empty())
        if (std::string problem = object_head_problem(v); !problem.empty())
          piece.d.problems.push_back({problem, v.line(), v.col()});
    }
    settle(piece.facts, opt);
  });
  std::vector<model::Facts> facts;
  facts.reserve(pieces.size());
  Decoded all;
  for (Piece& piece : pieces) {
    facts.push_back(std::move(piece.facts));
    all.objects += piece.d.objects;
    all.kube |= piece.d.kube;
    for (auto& e : piece.d.problems) all.problems.push_back(std::move(e));
    if (hints.tally) hints.tally->merge(piece.tally);
  }
  append_pieces(out, facts);
  return all;
}

Decoded json_with(std::string_view text, size_t readable_after, uint32_t line_offset,
                  model::DocId doc, const DecodeOptions& opt, const KindHints& hints,
                  model::Facts& out, std::vector<TreeError>& errors) {
  if (text.size() >= opt.list_by_items_from) {
    Decoded d;
    if (decode_list(text, readable_after, line_offset, doc, opt, hints, out, d)) return d;
  }
  std::vector<std::shared_ptr<model::Tree>> trees{std::make_shared<model::Tree>()};
  std::vector<Root> roots;
  // A piece of a List's items: decoded as soon as built when the kind of
  // its items is known (they name it, or the List's kind came first), else
  // once the List's kind is read (deferred). Its tree then stays only
  // through the objects that keep it.
  struct Piece {
    size_t root;
    std::shared_ptr<model::Tree> tree;
    model::Facts facts;
    size_t objects = 0;
    KindTally tally;  // counted only if the piece is kept
  };
  std::vector<Piece> pieces;
  bool misread = false;  // a root with items turned out not to be a List
  auto decode_piece = [&](Piece& p, std::string_view item_kind, std::string_view list_kind) {
    KindHints h = list_hints(&hints, list_kind);
    h.tally = &p.tally;
    p.objects = decode_items(p.tree, p.tree->value(0), item_kind, 0, doc, p.facts, &h);
    settle(p.facts, opt);
    p.tree.reset();
  };
  ItemPieces split;
  split.take = [&](size_t root, const std::string* list_kind, std::shared_ptr<model::Tree> tree) {
    if (misread) return;
    Piece& p = pieces.emplace_back(Piece{root, std::move(tree), {}, 0, {}});
    model::Value items = p.tree->value(0);
    if (list_kind) {
      std::string item_kind;
      if (list_item_kind(*list_kind, opt.kind_hint, item_kind))
        decode_piece(p, item_kind, *list_kind);
      else
        misread = true;
      return;
    }
    bool named = true;
    for (model::Value item : items) named &= !item.is_map() || !item.str("kind").empty();
    if (named) decode_piece(p, {}, {});
  };
  json_to_tree(text, *trees.front(), roots, errors, line_offset, readable_after, &split);
  // Each List's own kind, now read: the deferred pieces are decoded with it.
  for (Piece& p : pieces) {
    if (misread || p.root >= roots.size()) break;  // a root that failed: dropped below
    if (!p.tree) continue;
    std::string item_kind;
    model::Value list = trees.front()->value(roots[p.root].node);
    if (list_item_kind(list, opt.kind_hint, item_kind))
      decode_piece(p, item_kind, list.str("kind"));
    else
      misread = true;
  }
  if (misread) {
    // Rare (an object of another kind with top-level items): read whole.
    std::vector<TreeError> again;
    trees.front() = std::make_shared<model::Tree>();
    roots.clear();
    json_to_tree(text, *trees.front(), roots, again, line_offset, readable_after);
    return roots_with(trees, roots, doc, opt, hints, out);
  }
  // Facts in document order: a List's pieces, then what the List itself
  // decodes (nothing more); runs of roots without pieces in one call.
  Decoded all;
  std::vector<model::Facts> ordered;
  std::vector<Root> run;
  auto flush = [&] {
    if (run.empty()) return;
    Decoded d = roots_with(trees, run, doc, opt, hints, ordered.emplace_back());
    all.objects += d.objects;
    all.kube |= d.kube;
    for (auto& e : d.problems) all.problems.push_back(std::move(e));
    run.clear();
  };
  size_t next = 0;
  for (size_t r = 0; r < roots.size(); ++r) {
    if (next < pieces.size() && pieces[next].root == r) flush();
    for (; next < pieces.size() && pieces[next].root == r; ++next) {
      all.objects += pieces[next].objects;
      ordered.push_back(std::move(pieces[next].facts));
      if (hints.tally) hints.tally->merge(pieces[next].tally);
    }
    run.push_back(roots[r]);
  }
  flush();
  append_pieces(out, ordered);
  return all;
}

Decoded yaml_with(std::string_view text, model::DocId doc, const DecodeOptions& opt,
                  const KindHints& hints, model::Facts& out, std::vector<TreeError>& errors) {
  if (text.size() >= opt.list_by_items_from) {
    Decoded d;
    if (decode_yaml_list(text, doc, opt, hints, out, d)) return d;
  }
  std::vector<std::shared_ptr<model::Tree>> trees;
  std::vector<Root> roots;
  yaml_to_trees(text, trees, roots, errors);
  return roots_with(trees, roots, doc, opt, hints, out);
}

// Runs `decode` with the hints of `opt` and a tally of its own, then notes
// what was inferred.
template <typename F>
Decoded noting(const DecodeOptions& opt, model::Facts& out, F&& decode) {
  KindTally tally;
  KindHints hints{opt.kind_hint, kind_from_name(opt.path), &tally};
  Decoded d = decode(hints);
  inference_notes(tally, opt.path, out.notes);
  return d;
}

}  // namespace

Decoded decode_roots(const std::vector<std::shared_ptr<model::Tree>>& trees,
                     const std::vector<Root>& roots, model::DocId doc, const DecodeOptions& opt,
                     model::Facts& out) {
  return noting(opt, out,
                [&](const KindHints& h) { return roots_with(trees, roots, doc, opt, h, out); });
}

Decoded decode_json(std::string_view text, size_t readable_after, uint32_t line_offset,
                    model::DocId doc, const DecodeOptions& opt, model::Facts& out,
                    std::vector<TreeError>& errors) {
  return noting(opt, out, [&](const KindHints& h) {
    return json_with(text, readable_after, line_offset, doc, opt, h, out, errors);
  });
}

Decoded decode_yaml(std::string_view text, model::DocId doc, const DecodeOptions& opt,
                    model::Facts& out, std::vector<TreeError>& errors) {
  return noting(opt, out,
                [&](const KindHints& h) { return yaml_with(text, doc, opt, h, out, errors); });
}

}  // namespace kubesift::parse
