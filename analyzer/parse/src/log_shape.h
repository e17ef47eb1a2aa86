// Log documents → LogFile records: the shape of the file, and one record per
// pod and container in a `kubectl logs --prefix` file. The lines themselves
// are read by parse/log_line.h; the text stays in its Document.
#pragma once

#include <string_view>

#include "kubesift/model/document.h"
#include "kubesift/model/log_line.h"
#include "kubesift/model/store.h"
#include "kubesift/parse/log_line.h"

namespace kubesift::parse {

struct LogShapes {
  // The envelope most lines share (Cri, DockerJson, Timestamped, Prefixed)
  // when at least half the sampled lines have it, or Prefixed when the
  // first line has it; otherwise the payload's.
  model::LogShape shape = model::LogShape::Plain;
  // JsonLines, Logfmt or Klog when the first line is (and no other of them
  // is more common) or at least a quarter of the sampled lines are: the rest
  // may be a stack trace or a banner. Otherwise Plain.
  model::LogShape payload = model::LogShape::Plain;
};

// From the first 64 non-blank lines (within the first 64 KiB).
LogShapes detect_log_shapes(std::string_view content);

// Appends the document's logs to `out`: one LogFile for the whole document,
// or for a `--prefix` file one per (pod, container) named in the prefixes,
// in order of first appearance, holding its lines; an unprefixed line (a
// stack trace pasted or wrapped) goes with the prefixed line before it, and
// lines before the first prefix (kubectl's own warnings) go to none.
void read_log_document(const model::Document& doc, model::Facts& out);

// For sniff(): a first line such as `[pod/web-1/app] msg` or `[INFO] msg`
// is text, not the start of a JSON array.
bool looks_like_bracketed_log(std::string_view first_line);

// For sniff(): a JSON line that is a log record (top-level msg/message/
// level/severity/log/ts) rather than a Kubernetes object, even when it
// mentions one (`{"level":"info","object":{"apiVersion":…,"kind":…}}`).
bool is_log_record_line(std::string_view line);

}  // namespace kubesift::parse
