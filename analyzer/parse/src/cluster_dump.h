// `kubectl cluster-info dump`: its logs.txt files and the single stream it
// prints without --output-directory.
//
// A dump's logs come between banners, one block per container:
//   ==== START logs for container C of pod NS/P ====
//   <log lines, or "Create log request error: …" / "Request log error: …">
//   ==== END logs for container C of pod NS/P ====
// The stream form interleaves those blocks with the JSON Lists of every
// resource (NodeList, then per namespace EventList, PodList, …).
#pragma once

#include <string_view>

#include "kubesift/model/document.h"
#include "kubesift/model/store.h"
#include "kubesift/parse/parse.h"

namespace kubesift::parse {

// True if `content` is a dump's logs or stream: its first line is a START
// banner, or it is JSON that holds one. Looks at the first line, then (for
// JSON only) searches for the banner.
bool is_cluster_dump(const model::Document& doc, model::Format sniffed);

// One LogFile per container block (ns/pod/container set, line range of the
// block), a note per log that could not be collected, and the objects of
// every JSON region. Errors name the line of the region that failed.
// `observed_trees`: ParseOptions::observed_trees.
ParseError parse_cluster_dump(const model::Document& doc, model::Facts& out,
                              bool observed_trees = true);

}  // namespace kubesift::parse
