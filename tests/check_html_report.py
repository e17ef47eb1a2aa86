#!/usr/bin/env python3
"""The HTML report in a real browser: kubesift writes demo-ng's report,
headless Chromium (Debian's package, scripts/install-deps.sh) opens it with
the network shut, takes a screenshot and dumps the DOM it built.

Checks: the file loads nothing (no http:/https: anywhere, no script, no
external style, font or image); the screenshot is not blank; the DOM holds
every finding of the JSON report in rank order, with its evidence places and
rule doc, and the timeline's workloads and marks (terminations with their
exit codes, waiting, events, cited log lines, now).

usage: check_html_report.py KUBESIFT SAMPLE_DIR [SCREENSHOT_OUT]
"""
import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    fail("no chromium on PATH: scripts/install-deps.sh installs Debian's chromium")


def browser(exe, profile, *args):
    # No sandbox (CI runs as root), no GPU, and no network at all: every host
    # resolves to nothing and every proxy is a closed port on 127.0.0.1.
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--user-data-dir=" + profile, "--no-first-run", "--disable-extensions",
           "--disable-background-networking", "--disable-sync", "--no-pings",
           "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9"] + list(args)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    if r.returncode != 0:
        fail("chromium exited %d: %s" % (r.returncode, r.stderr.decode(errors="replace")[-2000:]))
    return r.stdout.decode("utf-8", errors="replace")


def png_pixels(path):
    """Width, height and rows of RGB(A) bytes of a non-interlaced 8-bit PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("the screenshot is not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or color not in (2, 6) or interlace:
                fail("unexpected PNG layout (depth %d, color %d)" % (depth, color))
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        ftype, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


class Dom(html.parser.HTMLParser):
    """The elements of the dumped DOM with their attributes, and the text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def having(self, tag=None, **attrs):
        out = []
        for t, a in self.elements:
            if tag and t != tag:
                continue
            ok = True
            for k, v in attrs.items():
                k = k.replace("_", "-")
                if v is True:
                    ok = ok and k in a
                elif k == "class":
                    ok = ok and v in (a.get("class") or "").split()
                else:
                    ok = ok and a.get(k) == v
            if ok:
                out.append(a)
        return out


def main():
    if len(sys.argv) < 3:
        fail(__doc__)
    kubesift, sample = sys.argv[1], sys.argv[2]
    shot_out = sys.argv[3] if len(sys.argv) > 3 else None
    exe = chromium()
    work = tempfile.mkdtemp(prefix="kubesift-html-")
    try:
        report = os.path.join(work, "report.html")
        js = os.path.join(work, "report.json")
        r = subprocess.run([kubesift, "analyze", sample, "--output", "html=" + report,
                            "--output", "json=" + js], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
        if r.returncode != 0:
            fail("kubesift analyze exited %d: %s" % (r.returncode, r.stderr.decode()))
        page = open(report, encoding="utf-8").read()
        data = json.load(open(js))

        # 1. Nothing to load.
        m = re.search(r"https?:", page, re.I)
        if m:
            fail("the page holds a network address: ..." + page[max(0, m.start() - 80):m.end() + 40])
        for bad in ("<script", "<link", "@import", "url(", "<iframe", "<object", "<embed", "<img"):
            if bad in page.lower():
                fail("the page holds %r" % bad)
        m = re.search(r"<[^<>]*\s(src|srcset|href)\s*=\s*\"?[a-z]", page, re.I)
        if m:
            fail("the page refers to something outside itself: " + m.group(0)[:200])

        # 2. The browser's view: a screenshot that is not blank.
        profile = os.path.join(work, "profile")
        shot = os.path.join(work, "shot.png")
        browser(exe, profile, "--window-size=1280,1600", "--screenshot=" + shot,
                "file://" + report)
        if not os.path.exists(shot):
            fail("chromium wrote no screenshot")
        width, height, bpp, rows = png_pixels(shot)
        if (width, height) != (1280, 1600):
            fail("screenshot is %dx%d" % (width, height))
        colors, inked = set(), 0
        for row in rows[::4]:
            for x in range(0, width * bpp, bpp * 4):
                px = row[x:x + 3]
                colors.add(px)
                if sum(px) < 600:
                    inked += 1
        sampled = (height // 4 + 1) * (width // 4)
        if len(colors) < 16 or inked < sampled * 0.02:
            fail("the screenshot looks blank: %d colours, %d of %d sampled pixels inked"
                 % (len(colors), inked, sampled))
        if shot_out:
            shutil.copyfile(shot, shot_out)

        # 3. The DOM Chromium built (the page has no script: what is drawn is
        # what the file says, with JavaScript on or off).
        dom = Dom()
        dom.feed(browser(exe, profile, "--dump-dom", "file://" + report))
        findings = dom.having("article", **{"class": "finding"})
        want = data["findings"]
        if len(findings) != len(want) or not want:
            fail("%d finding elements for %d findings" % (len(findings), len(want)))
        for el, f in zip(findings, want):
            if el.get("data-rank") != str(f["rank"]) or el.get("data-rule") != f["rule"]:
                fail("finding element %r is not finding #%d %s" % (el, f["rank"], f["rule"]))
        cited = {(a.get("data-path"), a.get("data-line"))
                 for a in dom.having("div", **{"class": "evidence"})}
        for f in want:
            for e in f["evidence"]:
                if (e["path"], str(e["line"])) not in cited:
                    fail("evidence %s:%d of #%d is not shown" % (e["path"], e["line"], f["rank"]))
        docs = dom.having("details", **{"class": "doc"})
        if len(docs) < len(want):
            fail("%d rule docs for %d findings" % (len(docs), len(want)))
        text = " ".join(dom.text)
        for f in want:
            if "kubesift explain " + f["rule"] not in text:
                fail("no `kubesift explain %s` for finding #%d" % (f["rule"], f["rank"]))

        # 4. The timeline: a track per failing workload, on one axis.
        tracks = dom.having("figure", **{"class": "track"})
        workloads = {t.get("data-workload") for t in tracks}
        svgs = dom.having("svg", **{"class": "timeline"})
        if len(svgs) != len(tracks) or not tracks:
            fail("%d timeline drawings for %d tracks" % (len(svgs), len(tracks)))
        runtime = [f for f in want if f["category"] not in (
            "missing-resource-limits", "image-policy", "security", "reliability", "reference",
            "deprecated-api", "input-error")]
        for f in runtime:
            s = f["subject"]
            pod = s["name"]
            # The pod's workload: its Deployment (the pod-template-hash
            # naming of demo-ng) is in the track list.
            parts = pod.rsplit("-", 2)
            if s["kind"] == "Pod" and len(parts) == 3:
                key = "Deployment/%s/%s" % (s["namespace"], parts[0])
                if key not in workloads:
                    fail("no timeline for %s (finding #%d); tracks: %s" % (key, f["rank"],
                                                                             sorted(workloads)))
        marks = dom.having("g", data_kind=True)
        kinds = {}
        for mk in marks:
            kinds.setdefault(mk["data-kind"], []).append(mk)
        for k in ("terminated", "waiting", "event", "log", "running"):
            if k not in kinds:
                fail("no %s mark on the timeline (kinds: %s)" % (k, sorted(kinds)))
        for mk in marks:
            if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", mk.get("data-time", "")):
                fail("mark without a time: %r" % mk)
        if "exit 2 Error" not in text or "exit 137 OOMKilled" not in text:
            fail("the terminations' exit codes are not on the timeline")
        if not dom.having("g", **{"class": "now"}):
            fail("the timeline has no now")
        lanes = dom.having("g", **{"class": "lane"})
        if not any(l.get("data-restarts", "0") not in ("0", "-1") for l in lanes):
            fail("no lane shows its restarts")
        print("ok: %d findings, %d tracks, %d marks (%s), screenshot %dx%d with %d colours"
              % (len(findings), len(tracks), len(marks),
                 ", ".join("%s %d" % (k, len(v)) for k, v in sorted(kinds.items())),
                 width, height, len(colors)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
