#!/usr/bin/env bash
# check_rg_counts.sh KUBESIFT SOURCE_DIR: per file, the lines kubesift says a
# signature matched (inputs[].matched_lines of the JSON report) are the lines
# ripgrep counts with the same patterns (`kubesift rules --format patterns`,
# `rg -c -f`), on a generated corpus of mixed log shapes.
set -euo pipefail
bin=$(readlink -f "$1")
src=$(readlink -f "$2")
command -v rg >/dev/null || { echo "FAIL: ripgrep (rg) is not installed"; exit 1; }
work=$(mktemp -d -t kubesift-rg-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
# 24 files, 6 MB: every shape of bench/gen_logs.py, failures every ~20k lines.
python3 "$src/bench/gen_logs.py" "$work/logs" 6 24 >/dev/null
# A denser file: every signature family several times, CRLF line ends too.
{
  for i in $(seq 1 50); do
    echo "2024-05-01T10:00:${i}Z dial tcp 10.0.0.$i:5432: connect: connection refused"
    echo 'panic: runtime error: invalid memory address or nil pointer dereference'
    echo 'java.lang.OutOfMemoryError: Java heap space'
    printf 'level=error msg="x509: certificate has expired or is not yet valid"\r\n'
    echo 'level=info msg="all good"'
    # Envelopes before ^-anchored signatures: CRI, kubelet timestamps,
    # kubectl --prefix, docker json-file.
    echo "2023-11-02T06:12:07.604163885+00:00 stderr F panic: assignment to entry in nil map"
    echo "2023-02-06T12:11:49.985473135Z Killed"
    echo "[pod/web-$i/app] MemoryError"
    echo '{"log":"exec /app/run: exec format error\n","stream":"stderr","time":"2023-02-06T12:11:49Z"}'
    echo "F0206 12:11:49.985473       1 main.go:$i] unable to load config"
    echo "CONNECTING TO db:5432. CONNECTION REFUSED"
  done
} >"$work/logs/dense.log"
"$bin" rules --format patterns >"$work/patterns"
(cd "$work/logs" && rg -c --no-config -f "$work/patterns" . | sed 's|^\./||' | sort) >"$work/rg.txt" || true
(cd "$work/logs" && "$bin" analyze --format json -o "$work/r.json" .) || true
python3 - "$work/r.json" >"$work/ks.txt" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for i in sorted(r["inputs"], key=lambda i: i["path"]):
    n = i.get("matched_lines", 0)
    if n:
        p = i["path"][2:] if i["path"].startswith("./") else i["path"]
        print(f"{p}:{n}")
PY
sort -o "$work/ks.txt" "$work/ks.txt"
if ! diff -u --label "rg -c" --label "kubesift matched_lines" "$work/rg.txt" "$work/ks.txt"; then
  echo "FAIL: per-file matched lines differ from rg -c"
  exit 1
fi
echo "ok: $(wc -l <"$work/rg.txt") files, matched lines per file agree with rg -c"
