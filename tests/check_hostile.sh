#!/usr/bin/env bash
# check_hostile.sh BIN [CASES_DIR]: run kubesift on the hostile-input corpus.
#
# Generates the cases with tests/hostile/make_hostile.py (into a temporary
# directory, or into CASES_DIR when it holds no case yet; an existing corpus
# in CASES_DIR is reused), runs each case's command in its directory under a
# virtual-memory cap (ulimit -v) and a timeout, measures peak RSS and wall
# time with /usr/bin/time, and checks the outcome against its case.json
# (see tests/hostile/README.md). Prints `PASS|FAIL NNN-name: reason` per
# case and a summary; exits 1 when a case fails, 2 on a usage error.
#
# Environment: HOSTILE_ONLY=REGEX runs only the matching cases;
# HOSTILE_VMEM_MB (default 4096) is the ulimit -v cap, 0 for none (it is
# off by itself for a sanitizer build, which reserves terabytes of address
# space); HOSTILE_KEEP=1 keeps the scratch directory and prints its path;
# HOSTILE_VERBOSE=1 shows kubesift's first stderr line for passing cases too.
set -uo pipefail

usage() { echo "usage: $0 BIN [CASES_DIR]" >&2; exit 2; }
if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
bin=$1
cases=${2:-}
if ! [ -f "$bin" ] || ! [ -x "$bin" ]; then echo "check_hostile: $bin: not an executable" >&2; exit 2; fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
here=$(cd "$(dirname "$0")" && pwd)
gen=$here/hostile/make_hostile.py
for tool in python3 /usr/bin/time timeout; do
  command -v "$tool" >/dev/null 2>&1 || { echo "check_hostile: needs $tool" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/kubesift-hostile.XXXXXX") || exit 2
cleanup() {
  if [ "${HOSTILE_KEEP:-0}" = 1 ]; then echo "check_hostile: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "$cases" ]; then
  cases=$work/cases
fi
if ! compgen -G "$cases/*/case.json" >/dev/null; then
  gen_args=("$cases")
  [ -n "${HOSTILE_ONLY:-}" ] && gen_args+=(--only "$HOSTILE_ONLY")
  python3 "$gen" "${gen_args[@]}" || { echo "check_hostile: generating the corpus failed" >&2; exit 2; }
fi
cases=$(cd "$cases" && pwd)

vmem_mb=${HOSTILE_VMEM_MB:-4096}
if grep -a -q -e __asan_init -e __tsan_init -e __msan_init "$bin"; then
  vmem_mb=0   # sanitizers map huge shadow regions: a vmem cap would kill them at start
fi

# The checker: reads case.json, prepares the run, judges its outcome.
cat >"$work/check.py" <<'PY'
import json, os, re, signal, sys

DEFAULTS = {"exit": [0], "stderr_contains": [], "stderr_not_contains": [],
            "report_contains": [], "report_not_contains": [], "good_survives": True,
            "good": [], "max_rss_mb": 256, "max_seconds": 10, "report": "json"}


def load(case_dir):
    with open(os.path.join(case_dir, "case.json"), encoding="utf-8") as f:
        meta = json.load(f)
    for k, v in DEFAULTS.items():
        meta.setdefault(k, v)
    if not isinstance(meta.get("args"), list) or not meta["args"]:
        raise ValueError("case.json: args must be a non-empty list")
    return meta


def q(s):
    return "'" + str(s).replace("'", "'\\''") + "'"


def prep(case_dir, run):
    meta = load(case_dir)
    args = list(meta["args"])
    kind = meta["report"]
    if kind in ("json", "sarif"):
        args += ["--format", kind, "--output", os.path.join(run, "report")]
    elif kind == "text":
        args += ["--format", "text"]
    elif kind != "none":
        raise ValueError("case.json: report must be json, sarif, text or none")
    with open(os.path.join(run, "args"), "wb") as f:
        for a in args:
            f.write(os.fsencode(a) + b"\0")
    max_s = float(meta["max_seconds"])
    print("stdin_file=" + q(meta.get("stdin", "/dev/null")))
    print("stdin_pipe=" + q("1" if meta.get("stdin_pipe") else ""))
    print("timeout_s=" + q(int(max_s * 1.5 + 5)))


def text_of(b):
    return b.decode("utf-8", "surrogateescape")


def short(s, n=160):
    s = s.strip().splitlines()[0] if s.strip() else ""
    s = s.encode("unicode_escape").decode("ascii")
    return s if len(s) <= n else s[:n] + "..."


def has(hay, needle):
    """needle: a string, or a list of strings of which one must be there (case-insensitive)."""
    alts = needle if isinstance(needle, list) else [needle]
    h = hay.casefold()
    return any(a.casefold() in h for a in alts)


def show(needle):
    alts = needle if isinstance(needle, list) else [needle]
    return "|".join(json.dumps(a, ensure_ascii=True) for a in alts)


def strict_json(text):
    def no_const(name):
        raise ValueError(f"non-JSON number {name}")
    return json.loads(text, parse_constant=no_const)


def dig(obj, dotted):
    for part in dotted.split("."):
        if not isinstance(obj, dict) or part not in obj:
            return None
        obj = obj[part]
    return obj


def check(case_dir, run, rc):
    meta = load(case_dir)
    rc = int(rc)
    bad = []
    rss_kb, secs, sig = None, None, None
    try:
        lines = open(os.path.join(run, "time"), encoding="utf-8", errors="replace").read().splitlines()
        for ln in lines:
            m = re.match(r"Command terminated by signal (\d+)", ln)
            if m:
                sig = int(m.group(1))
        last = [ln for ln in lines if re.match(r"^\d+ [\d.]+$", ln)]
        if last:
            a, b = last[-1].split()
            rss_kb, secs = int(a), float(b)
    except OSError:
        pass
    err = text_of(open(os.path.join(run, "stderr"), "rb").read())
    out_b = open(os.path.join(run, "stdout"), "rb").read()
    tmo = int(float(meta["max_seconds"]) * 1.5 + 5)

    if rc in (124, 137) and secs is not None and secs >= tmo - 0.5:
        bad.append(f"timed out: killed after {secs:.0f} s")
    elif rc >= 128 and rc not in meta["exit"]:
        n = rc - 128
        try:
            name = signal.Signals(n).name
        except ValueError:
            name = f"signal {n}"
        bad.append(f"killed by {name}")
    elif rc not in meta["exit"]:
        bad.append(f"exit {rc}, want {meta['exit']}")
    if secs is not None and secs > float(meta["max_seconds"]) \
            and not any(b.startswith("timed out") for b in bad):
        bad.append(f"took {secs:.1f} s > {meta['max_seconds']} s")
    if rss_kb is not None and rss_kb > meta["max_rss_mb"] * 1024:
        bad.append(f"peak RSS {rss_kb // 1024} MB > {meta['max_rss_mb']} MB")

    # A word (a list of alternatives) must be said outside the names the case
    # also expects (a file called empty.tar does not say "empty").
    plain = [n for n in meta["stderr_contains"] if isinstance(n, str)]
    err_words = err
    for n in sorted(plain, key=len, reverse=True):
        err_words = re.sub(re.escape(n), " ", err_words, flags=re.IGNORECASE)
    for n in meta["stderr_contains"]:
        if not has(err_words if isinstance(n, list) else err, n):
            bad.append(f"stderr lacks {show(n)}")
    for n in meta["stderr_not_contains"]:
        if has(err, n):
            bad.append(f"stderr holds {show(n)}")

    kind = meta["report"]
    report_text, report = None, None
    if kind in ("json", "sarif"):
        p = os.path.join(run, "report")
        if not os.path.exists(p):
            bad.append("no report written")
        else:
            raw = open(p, "rb").read()
            try:
                report_text = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                bad.append(f"report is not valid UTF-8 ({e.reason} at byte {e.start})")
                report_text = text_of(raw)
            try:
                report = strict_json(report_text)
            except ValueError as e:
                bad.append(f"report is not valid JSON: {str(e)[:120]}")
            if report is not None:
                try:       # \udcXX escapes parse, but are not Unicode
                    json.dumps(report, ensure_ascii=False).encode("utf-8")
                except UnicodeEncodeError:
                    bad.append("report holds lone surrogate escapes (not Unicode)")
    elif kind == "text":
        report_text = text_of(out_b)
        try:
            out_b.decode("utf-8")
        except UnicodeDecodeError as e:
            bad.append(f"text report is not valid UTF-8 ({e.reason} at byte {e.start})")

    if report_text is not None:
        # Match both the report as written and its JSON strings unescaped.
        hay = report_text
        if report is not None:
            hay += "\n" + json.dumps(report, ensure_ascii=False)
        for n in meta["report_contains"]:
            if not has(hay, n):
                bad.append(f"report lacks {show(n)}")
        for n in meta["report_not_contains"]:
            if has(hay, n):
                bad.append(f"report holds {show(n)}")
        mx = meta.get("report_max_bytes")
        if mx and len(report_text.encode("utf-8", "surrogateescape")) > mx:
            bad.append(f"report is {len(report_text) // 1024} KB > {mx // 1024} KB")
    elif meta["report_contains"] or meta["report_not_contains"]:
        bad.append("report checks without a report")

    if kind == "json" and report is not None:
        inputs = {i.get("path"): i for i in report.get("inputs", []) if isinstance(i, dict)}
        cited = set()
        names = set()
        for f in report.get("findings", []):
            for e in f.get("evidence", []):
                cited.add(e.get("path"))
            for s in [f.get("subject") or {}] + list(f.get("affected") or []):
                names.add(s.get("name"))
        if meta["good_survives"]:
            for g in meta["good"]:
                i = inputs.get(g)
                if i is None:
                    bad.append(f"good input {g} missing from the report")
                elif i.get("error"):
                    bad.append(f"good input {g} got an error: {short(i['error'], 80)}")
                elif g not in cited and g not in names:
                    # cited as evidence, or named by a finding over several
                    # logs (its affected files)
                    bad.append(f"good input {g} produced no finding")
        for g in meta.get("good_objects", []):
            if g not in names:
                bad.append(f"no finding for good object {g}")
        for p in meta.get("inputs_ok", []):
            i = inputs.get(p)
            if i is None:
                bad.append(f"input {p} missing from the report")
            elif i.get("error"):
                bad.append(f"input {p} rejected: {short(i['error'], 100)}")
        for k, v in (meta.get("summary_min") or {}).items():
            got = dig(report.get("summary", {}), k)
            if not isinstance(got, (int, float)) or got < v:
                bad.append(f"summary.{k} = {got}, want >= {v}")
    elif kind in ("text", "sarif") and report_text is not None and meta["good_survives"]:
        for g in meta["good"]:
            if g not in report_text:
                bad.append(f"good input {g} not in the report")
        for g in meta.get("good_objects", []):
            if g not in report_text:
                bad.append(f"good object {g} not in the report")

    for p in meta.get("must_not_exist", []):
        if os.path.lexists(os.path.join(case_dir, p)):
            bad.append(f"{p} exists: something was written outside")

    facts = f"exit {rc}"
    if secs is not None:
        facts += f", {secs:.2f} s"
    if rss_kb is not None:
        facts += f", {rss_kb // 1024} MB"
    if sig is not None:
        facts += f", signal {sig}"
    said = short(err)
    if bad:
        print("FAIL", "; ".join(bad) + f" ({facts}" + (f"; stderr: {said}" if said else "") + ")")
    elif os.environ.get("HOSTILE_VERBOSE") and said:
        print("PASS", f"{facts}; stderr: {said}")
    else:
        print("PASS", facts)


if __name__ == "__main__":
    cmd = sys.argv[1]
    try:
        if cmd == "prep":
            prep(sys.argv[2], sys.argv[3])
        else:
            check(sys.argv[2], sys.argv[3], sys.argv[4])
    except (OSError, ValueError, KeyError, TypeError) as e:
        print("FAIL", f"bad case or checker error: {e}")
        sys.exit(0 if cmd == "check" else 1)
PY

pass=0 fail=0 total=0
failed=()
# tests/hostile/known-failures.txt: `NNN-name<TAB>why` for cases that fail
# today, each an open item of the hostile-input work. Such a case failing is
# XFAIL (counted, not a failure); passing is XPASS, a failure until its line
# is removed, so the list only shrinks.
known=$(dirname "$0")/hostile/known-failures.txt
declare -A xfail=()
if [ -f "$known" ]; then
  while IFS=$'\t' read -r k _; do
    [[ -z $k || $k == \#* ]] || xfail[$k]=1
  done <"$known"
fi
xfails=0
start=$(date +%s)
peak_kb=0
for d in "$cases"/*/; do
  d=${d%/}
  name=$(basename "$d")
  [ -f "$d/case.json" ] || continue
  if [ -n "${HOSTILE_ONLY:-}" ] && ! [[ $name =~ $HOSTILE_ONLY ]]; then continue; fi
  total=$((total + 1))
  run=$work/run
  rm -rf "$run" && mkdir -p "$run"
  stdin_file=/dev/null stdin_pipe='' timeout_s=20
  if ! python3 "$work/check.py" prep "$d" "$run" >"$run/vars" 2>"$run/prep.err"; then
    echo "FAIL $name: bad case.json: $(head -c 200 "$run/prep.err" "$run/vars" | tr '\n' ' ')"
    fail=$((fail + 1)); failed+=("$name"); continue
  fi
  # shellcheck disable=SC1091
  . "$run/vars"
  mapfile -d '' -t args <"$run/args"
  (
    cd "$d" || exit 125
    ulimit -c 0
    if [ "$vmem_mb" != 0 ]; then ulimit -v $((vmem_mb * 1024)) || exit 125; fi
    export NO_COLOR=1 LC_ALL=C.UTF-8
    set +o pipefail
    if [ -n "$stdin_pipe" ]; then
      cat -- "$stdin_file" | /usr/bin/time -f '%M %e' -o "$run/time" \
        timeout -k 5 "$timeout_s" "$bin" "${args[@]}"
    else
      exec /usr/bin/time -f '%M %e' -o "$run/time" \
        timeout -k 5 "$timeout_s" "$bin" "${args[@]}" <"$stdin_file"
    fi
  ) >"$run/stdout" 2>"$run/stderr"
  rc=$?
  verdict=$(python3 "$work/check.py" check "$d" "$run" "$rc")
  kb=$(tail -n 1 "$run/time" 2>/dev/null | cut -d' ' -f1)
  [[ $kb =~ ^[0-9]+$ ]] && [ "$kb" -gt "$peak_kb" ] && peak_kb=$kb
  if [ -n "${xfail[$name]:-}" ]; then
    case $verdict in
      PASS*) fail=$((fail + 1)); failed+=("$name")
             echo "XPASS $name: passes now; remove it from $known" ;;
      *) xfails=$((xfails + 1)); echo "XFAIL $name: ${verdict#FAIL }" ;;
    esac
    continue
  fi
  case $verdict in
    PASS*) pass=$((pass + 1)); echo "PASS $name: ${verdict#PASS }" ;;
    *) fail=$((fail + 1)); failed+=("$name"); echo "FAIL $name: ${verdict#FAIL }" ;;
  esac
done
secs=$(( $(date +%s) - start ))
echo "check_hostile: $total case(s), $pass passed, $xfails known failure(s), $fail failed; ${secs} s, peak RSS $((peak_kb / 1024)) MB"
[ "$total" -gt 0 ] || { echo "check_hostile: no case found in $cases" >&2; exit 1; }
[ "$fail" -eq 0 ]
