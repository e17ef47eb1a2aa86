#!/usr/bin/env python3
"""check_markdown.py KUBESIFT: `--format markdown` read back by a Markdown parser.

Each case runs kubesift twice, `--format json` and `--format markdown`, parses
the Markdown with cmark-gfm (GFM tables) into its XML syntax tree, and checks
the tree against the JSON report:
  - one level-2 heading per finding, in rank order, "N. SEVERITY · title (rule)";
  - in each finding's section, every evidence line's text is a code block and
    its `path:line` a code span; the rule's `kubesift explain` command is there;
  - the summary is a real table with the JSON summary's counts;
  - the only raw HTML is the <details> of the rule docs (nothing from input).
Cases: samples/demo-ng (analyze), a lint fixture, and hostile inputs whose
lines hold backtick runs, `|`, HTML and headings.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

from lxml import etree

NS = {"c": "http://commonmark.org/xml/1.0"}
C = "{http://commonmark.org/xml/1.0}"
bin_ = sys.argv[1]
failures = []


def fail(case, what):
    failures.append(f"{case}: {what}")


def run(args):
    p = subprocess.run([bin_] + args, capture_output=True)
    if p.returncode not in (0, 1, 2):
        raise SystemExit(f"kubesift {args} exited {p.returncode}: {p.stderr.decode()}")
    return p.stdout


def terminal_safe(s):
    """What report::terminal_safe shows of a string (the JSON has it raw)."""
    out = []
    for ch in s:
        cp = ord(ch)
        if (cp < 0x20 and ch != "\t") or cp == 0x7F:
            out.append("\\x%02x" % cp)
        elif 0x80 <= cp <= 0x9F or 0x202A <= cp <= 0x202E or 0x2066 <= cp <= 0x2069:
            out.append("\\u%04x" % cp)
        else:
            out.append(ch)
    return "".join(out)


def text_of(node):
    """The text a node renders: its text and code descendants, in order."""
    parts = []
    for n in node.iter():
        if n.tag in (C + "text", C + "code"):
            parts.append(n.text or "")
        elif n.tag in (C + "softbreak", C + "linebreak"):
            parts.append(" ")
    return "".join(parts)


def check(case, args):
    report = json.loads(run(args + ["--format", "json"]))
    md = run(args + ["--format", "markdown"])
    # `md` is the alias of `markdown`: the same bytes.
    if run(args + ["--format", "md"]) != md:
        fail(case, "--format md differs from --format markdown")
    xml = subprocess.run(
        ["cmark-gfm", "-e", "table", "-e", "strikethrough", "-e", "autolink", "-t", "xml"],
        input=md, capture_output=True, check=True).stdout
    doc = etree.fromstring(xml)
    blocks = list(doc)

    # Title: the command and the version.
    if not blocks or blocks[0].tag != C + "heading" or blocks[0].get("level") != "1":
        fail(case, "the first block is not the title heading")
    else:
        want = f"kubesift {report_command(args)} report (kubesift {report['tool']['version']})"
        if text_of(blocks[0]) != want:
            fail(case, f"title {text_of(blocks[0])!r}, expected {want!r}")

    # Sections: the blocks after each level-2 heading, up to the next one.
    sections = []
    for b in blocks:
        if b.tag == C + "heading" and b.get("level") == "2":
            sections.append((text_of(b), []))
        elif sections:
            sections[-1][1].append(b)
    finding_sections = [(h, body) for h, body in sections if re.match(r"^\d+\. ", h)]
    findings = report["findings"]
    if len(finding_sections) != len(findings):
        fail(case, f"{len(finding_sections)} finding sections for {len(findings)} findings")
    for f, (heading, body) in zip(findings, finding_sections):
        want = f"{f['rank']}. {f['severity'].upper()} · {terminal_safe(f['title'])} ({f['rule']})"
        if heading != want:
            fail(case, f"heading {heading!r}, expected {want!r}")
        nodes = [n for b in body for n in b.iter()]
        code_blocks = [n.text or "" for n in nodes if n.tag == C + "code_block"]
        spans = [n.text or "" for n in nodes if n.tag == C + "code"]
        for e in f["evidence"]:
            if terminal_safe(e["text"]) + "\n" not in code_blocks:
                fail(case, f"#{f['rank']}: evidence {e['text']!r} is in no code block")
            label = f"{terminal_safe(e['path'])}:{e['line']}"
            if label not in spans:
                fail(case, f"#{f['rank']}: no code span {label!r}")
        if f["doc"]["explain"] not in spans:
            fail(case, f"#{f['rank']}: no code span {f['doc']['explain']!r}")
        para = [text_of(b) for b in body if b.tag == C + "paragraph"]
        if terminal_safe(f["message"]).strip() not in para:
            fail(case, f"#{f['rank']}: the message is not a paragraph of its own")
    if not findings and not any(text_of(b) == "No findings." for b in blocks):
        fail(case, "no findings and no 'No findings.' line")

    # The summary: a table, its counts the JSON summary's.
    tables = [b for b in blocks if b.tag == C + "table"]
    if not tables:
        fail(case, "no table")
    else:
        rows = {}
        for r in tables[0].findall("c:table_row", NS):
            cells = [text_of(c) for c in r.findall("c:table_cell", NS)]
            if len(cells) != 2:
                fail(case, f"summary row of {len(cells)} cells: {cells}")
                continue
            rows[cells[0]] = int(cells[1])
        s = report["summary"]
        want = {"Inputs read": s["inputs"] - s["unreadable"], "Inputs unreadable": s["unreadable"],
                "Events": s["events"], "Log lines": s["log_lines"],
                "Suppressed": s.get("suppressed", 0)}
        for kind, n in s["objects"].items():
            want[f"Objects: {kind}"] = n
        for sev, n in s["findings"].items():
            want[f"Findings: {sev}"] = n
        if "unknown_error_lines" in s:
            want["Error lines no rule explains"] = s["unknown_error_lines"]
        if rows != want:
            fail(case, f"summary table {rows}, expected {want}")

    # Raw HTML: only the rule docs' <details>, for rules the report names.
    rules = {f["rule"] for f in findings}
    for n in doc.iter(C + "html_block", C + "html_inline"):
        lit = n.text or ""
        m = re.fullmatch(r"<details><summary>About ([a-z0-9-]+)</summary>\n", lit)
        if n.tag == C + "html_inline" or not (lit == "</details>\n" or (m and m[1] in rules)):
            fail(case, f"raw HTML from the input: {lit!r}")
    return report, md


def report_command(args):
    return "lint" if args[0] == "lint" else "analyze"


root = os.getcwd()
demo, _ = check("analyze samples/demo-ng", ["analyze", "samples/demo-ng"])
if not demo["findings"]:
    fail("analyze samples/demo-ng", "no findings: the check checks nothing")
lint, _ = check("lint helm-rendered", ["lint", "tests/data/manifests/helm-rendered.yaml",
                                       "--fail-on", "none"])
if not lint["findings"]:
    fail("lint helm-rendered", "no findings: the check checks nothing")

with tempfile.TemporaryDirectory() as tmp:
    # Hostile logs: a Go panic line and a refused connection, their text a
    # fence, a table row, HTML and a heading.
    hostile = [
        "panic: ```` x ``` <script>alert(1)</script> | a | b | </details>",
        "# not a heading: dial tcp 10.0.0.1:5432: connect: connection refused `|` <img src=x>",
    ]
    with open(os.path.join(tmp, "app`<b>|x.log"), "w") as f:
        f.write("\n".join(hostile) + "\n")
    # A hostile manifest: a name and an image full of markup, for lint.
    with open(os.path.join(tmp, "pod.yaml"), "w") as f:
        f.write("apiVersion: v1\nkind: Pod\nmetadata:\n  name: evil\n"
                "  namespace: \"ns|<i>\"\n"
                "spec:\n  containers:\n    - name: \"c`1\"\n"
                "      image: \"reg.example.com/```<script>|# x:latest\"\n"
                "      securityContext:\n        privileged: true\n")
    rep, md = check("analyze hostile log", ["analyze", os.path.join(tmp, "app`<b>|x.log")])
    texts = [e["text"] for f in rep["findings"] for e in f["evidence"]]
    if not any("<script>" in t for t in texts):
        fail("analyze hostile log", f"no finding cites the hostile line: {texts}")
    if b"<script>" in md.replace(b"```` x ``` <script>", b""):
        fail("analyze hostile log", "<script> outside its code block")
    rep, md = check("lint hostile manifest", ["lint", os.path.join(tmp, "pod.yaml"),
                                              "--fail-on", "none"])
    if not any("<script>" in e["text"] for f in rep["findings"] for e in f["evidence"]):
        fail("lint hostile manifest", "no finding cites the hostile image line")

for f in failures:
    print("FAIL", f)
if failures:
    sys.exit(1)
print("markdown: every case parses back to the JSON report's findings, evidence and counts")
