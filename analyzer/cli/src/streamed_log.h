// Large compressed logs scanned as they are decompressed: the text is never
// whole in memory. ingest offers a member once it passes
// Options::stream_after_bytes; offer_log_stream takes it when its first
// bytes read as one log (not a Kubernetes object, not a `--prefix` log,
// whose lines must all be seen to tell the pods apart), scans each piece of
// whole lines as it comes, keeps the text of the lines its hits are on, and
// leaves the document compacted (Document::set_streamed) with its scan.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "kubesift/engine/engine.h"
#include "kubesift/ingest/ingest.h"

namespace kubesift::cli {

// nullptr when `head` is not a log to stream. The scan is put in `scanned`
// under the document's id when ingest adds the document (on the thread
// that adds documents, one at a time).
std::shared_ptr<ingest::MemberStream> offer_log_stream(
    const engine::Engine& eng, const std::string& path, std::string_view head,
    std::unordered_map<model::DocId, engine::LogScan>& scanned);

}  // namespace kubesift::cli
