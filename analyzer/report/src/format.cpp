#include <algorithm>

#include "kubesift/report/report.h"

namespace kubesift::report {
namespace {

constexpr std::pair<Format, std::string_view> kFormats[] = {
    {Format::Text, "text"},         {Format::Json, "json"},     {Format::Sarif, "sarif"},
    {Format::Junit, "junit"},       {Format::Github, "github"}, {Format::Ndjson, "ndjson"},
    {Format::Markdown, "markdown"}, {Format::Html, "html"},
};
// Other names parse_format accepts (format_names() lists the ones above).
constexpr std::pair<Format, std::string_view> kAliases[] = {
    {Format::Markdown, "md"},
};

}  // namespace

std::optional<Format> parse_format(std::string_view name) {
  for (const auto& [f, n] : kFormats)
    if (n == name) return f;
  for (const auto& [f, n] : kAliases)
    if (n == name) return f;
  return std::nullopt;
}

std::string_view to_string(Format f) {
  for (const auto& [x, n] : kFormats)
    if (x == f) return n;
  return "text";
}

std::string format_names() {
  std::string out;
  for (const auto& [f, n] : kFormats) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

const Excerpt* ReportData::excerpt(std::string_view path, uint32_t line) const {
  auto it = std::lower_bound(excerpts.begin(), excerpts.end(), std::pair{path, line},
                             [](const Excerpt& e, const std::pair<std::string_view, uint32_t>& k) {
                               return std::pair<std::string_view, uint32_t>{e.path, e.line} < k;
                             });
  return it != excerpts.end() && it->path == path && it->line == line ? &*it : nullptr;
}

const RuleInfo* ReportData::rule(std::string_view id) const {
  for (const auto& r : rules)
    if (r.id == id) return &r;
  return nullptr;
}

void write(Format f, const ReportData& r, std::ostream& out, const TextOptions& opts) {
  switch (f) {
    case Format::Text: write_text(r, out, opts); return;
    case Format::Json: write_json(r, out); return;
    case Format::Ndjson: write_ndjson(r, out); return;
    case Format::Sarif: write_sarif(r, out); return;
    case Format::Junit: write_junit(r, out); return;
    case Format::Github: write_github(r, out); return;
    case Format::Html: write_html(r, out); return;
    case Format::Markdown: write_markdown(r, out); return;
  }
}

}  // namespace kubesift::report
