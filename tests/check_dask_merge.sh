#!/usr/bin/env bash
# check_dask_merge.sh KUBESIFT SOURCE_DIR: a sharded run merged equals a single run.
#
# Over a corpus of samples/scenarios (a cluster's state with its pods' logs,
# one unit) and generated logs (the same failure signatures in files that land
# in different shards). samples/demo-ng is left out: it is the same cluster
# as the scenario, and shards do not join the same objects seen in two units.
#   (a) KUBESIFT analyze --format json PATH...                       the reference
#   (b) scripts/kubesift-dask.py --local-workers 2 --shards 3 --format json PATH...
#   (c) KUBESIFT analyze --shard k/3 --format ndjson PATH... (k = 1..3), then
#       KUBESIFT merge part1 part2 part3 --format json
# (b) and (c) must equal (a) byte for byte. Every NDJSON line must be JSON, each
# part must begin with the header and end with the summary, the shards' inputs
# must be disjoint and together be (a)'s. A shard that fails must make the
# driver exit 2 naming the shard. Needs python3-distributed (installed if
# missing). Exit 0 pass, 1 fail; after the install, every step runs under a
# timeout within a 170 s budget, so a hung cluster fails in under 3 minutes.
set -uo pipefail
bin=$(readlink -f "$1")
src=$(readlink -f "$2")
py=/usr/bin/python3
fail=0
bad() { echo "FAIL: $*"; fail=1; }
# budget N: N seconds, or what is left of the test's 170 s if that is less.
budget() { local left=$((170 - SECONDS)); [ "$left" -lt "$1" ] && echo $((left > 1 ? left : 1)) || echo "$1"; }

work=$(mktemp -d -t kubesift-dask-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
export TMPDIR=$work/tmp   # Dask's worker space and the driver's parts go here too
mkdir -p "$TMPDIR"

if ! "$py" -c 'import distributed' 2>/dev/null; then
  echo "installing python3-distributed"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -qq python3-distributed >/dev/null 2>&1 ||
    { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq python3-distributed >/dev/null; }
  "$py" -c 'import distributed' || { echo "FAIL: python3-distributed could not be installed"; exit 1; }
fi
SECONDS=0   # the 170 s budget starts after the install

# --- corpus -----------------------------------------------------------------
c=$work/corpus
mkdir -p "$c/logs"
# demo-ng's scenario only: the other scenarios are other clusters, of other
# dates, and "now" (the latest time the inputs show) is taken per run, so a
# shard without demo-ng's newer neighbour would age demo-ng's containers
# differently from the single run.
mkdir -p "$c/scenarios"
cp -r "$src"/samples/scenarios/demo-ng "$c/scenarios/"
signatures=(
  'panic: runtime error: invalid memory address or nil pointer dereference'
  'java.lang.OutOfMemoryError: Java heap space'
  'dial tcp 10.0.0.5:5432: connect: connection refused'
  'level=error msg="x509: certificate has expired or is not yet valid"'
)
# 12 files; file i carries signature i mod 4 (and some a second one), so each
# signature sits in 3-5 files whatever way the files are dealt out to 3 shards.
for i in $(seq 0 11); do
  f=$(printf '%s/logs/app-%02d.log' "$c" "$i")
  {
    printf '2024-05-01T10:%02d:00Z level=info msg="starting worker %d"\n' "$i" "$i"
    printf '2024-05-01T10:%02d:01Z level=info msg="listening on :8080"\n' "$i"
    printf '2024-05-01T10:%02d:02Z %s\n' "$i" "${signatures[i % 4]}"
    [ $((i % 3)) = 0 ] && printf '2024-05-01T10:%02d:03Z %s\n' "$i" "${signatures[(i + 1) % 4]}"
    printf '2024-05-01T10:%02d:04Z level=info msg="shutting down"\n' "$i"
  } >"$f"
done
printf '%s\n' 'starting' "${signatures[0]}" 'goroutine 1 [running]:' >"$c/top-level-a.log"
printf '%s\n' 'starting' "${signatures[2]}" >"$c/top-level-b.log"

cd "$c" || exit 1
paths=()
paths=(scenarios logs top-level-a.log top-level-b.log)
echo "corpus: ${paths[*]}"

# --- (a) single process -----------------------------------------------------
timeout "$(budget 30)" "$bin" analyze --format json "${paths[@]}" >"$work/a.json" 2>"$work/a.err"
rc_a=$?
[ "$rc_a" = 0 ] || { bad "single run: exit $rc_a"; cat "$work/a.err"; exit 1; }
echo "ok: (a) single run"

same() {  # same NAME FILE: FILE equals the single run's report
  if cmp -s "$work/a.json" "$2"; then echo "ok: $1 equals the single run byte for byte"
  else bad "$1 differs from the single run"; diff -u --label "single run" --label "$1" "$work/a.json" "$2" | head -200; fi
}

# --- (c) the CLI alone: three shards, then merge ----------------------------
parts=()
for k in 1 2 3; do
  part=$work/part-$k.ndjson
  timeout "$(budget 30)" "$bin" analyze --shard "$k/3" --format ndjson "${paths[@]}" >"$part" 2>"$work/part-$k.err"
  rc=$?
  [ "$rc" = 0 ] || { bad "analyze --shard $k/3: exit $rc"; cat "$work/part-$k.err"; }
  parts+=("$part")
done
if [ "$fail" = 0 ]; then
  "$py" - "$work/a.json" "${parts[@]}" <<'EOF' || fail=1
import json, sys
ref, parts = json.load(open(sys.argv[1])), sys.argv[2:]
ok, seen, rules = True, {}, {}
def bad(msg):
    global ok; ok = False; print("FAIL:", msg)
for k, part in enumerate(parts, 1):
    recs = []
    for i, line in enumerate(open(part, encoding="utf-8").read().splitlines(), 1):
        try: recs.append(json.loads(line))
        except ValueError as e: bad(f"shard {k}/3 line {i} is not JSON: {e}")
    if not recs: bad(f"shard {k}/3 is empty"); continue
    if any(not isinstance(r, dict) or "type" not in r for r in recs): bad(f"shard {k}/3: a record has no type")
    types = [r.get("type") for r in recs if isinstance(r, dict)]
    if types[0] != "header": bad(f"shard {k}/3: first record is {types[0]!r}, not the header")
    if types[-1] != "summary": bad(f"shard {k}/3: last record is {types[-1]!r}, not the summary")
    if types.count("summary") != 1: bad(f"shard {k}/3: {types.count('summary')} summary records")
    def field(r, name):  # a record's payload: nested under its type, or inline
        inner = r.get(r.get("type"))
        return inner.get(name) if isinstance(inner, dict) and name in inner else r.get(name)
    for r in recs:
        if not isinstance(r, dict): continue
        if r.get("type") == "input" and field(r, "path") is not None:
            path = field(r, "path")
            if path in seen: bad(f"input {path} in shards {seen[path]} and {k}")
            seen[path] = k
        if r.get("type") == "finding" and field(r, "rule") is not None:
            rules.setdefault(field(r, "rule"), set()).add(k)
    print(f"shard {k}/3: {len(recs)} records, {types.count('input')} inputs, {types.count('finding')} findings")
if ok and seen:
    want = {i["path"] for i in ref["inputs"]}
    if set(seen) != want:
        bad(f"shards' inputs != single run's: missing {sorted(want - set(seen))}, extra {sorted(set(seen) - want)}")
    if len(set(seen.values())) < 2: bad("all inputs fell in one shard: sharding is not exercised")
if ok and rules and not any(len(s) > 1 for s in rules.values()):
    bad("no rule fires in two shards: the corpus does not exercise merging")
if ok: print("ok: every part is whole NDJSON (header ... summary); shards disjoint, their union the inputs")
sys.exit(0 if ok else 1)
EOF
  timeout "$(budget 30)" "$bin" merge "${parts[@]}" --format json >"$work/c.json" 2>"$work/c.err"
  rc=$?
  if [ "$rc" != "$rc_a" ]; then bad "merge: exit $rc, want $rc_a"; cat "$work/c.err"
  else same "(c) CLI shards + merge" "$work/c.json"; fi
fi

# --- (b) the Dask driver ----------------------------------------------------
# timeout signals its whole process group: the driver and the cluster's workers.
timeout -k 5 "$(budget 90)" "$py" "$src/scripts/kubesift-dask.py" --local-workers 2 --shards 3 \
  --kubesift "$bin" --timeout 30 --format json --output "$work/b.json" "${paths[@]}" \
  >"$work/b.out" 2>"$work/b.err"
rc=$?
if [ "$rc" != "$rc_a" ]; then bad "dask driver: exit $rc, want $rc_a"; tail -40 "$work/b.err"
else same "(b) Dask driver, 2 workers, 3 shards" "$work/b.json"; fi

# A shard that fails: the driver exits 2 and names it.
timeout -k 5 "$(budget 45)" "$py" "$src/scripts/kubesift-dask.py" --local-workers 1 --shards 2 \
  --kubesift "$bin" --format json logs no-such-input.log >"$work/e.out" 2>"$work/e.err"
rc=$?
if [ "$rc" != 2 ]; then bad "dask driver with a missing input: exit $rc, want 2"; tail -20 "$work/e.err"
elif ! grep -q 'shard [12]/2 failed' "$work/e.err" || ! grep -q 'no-such-input.log' "$work/e.err"; then
  bad "dask driver with a missing input: stderr names neither the shard nor the input"; tail -20 "$work/e.err"
else echo "ok: a failed shard makes the driver exit 2 naming the shard and its stderr"; fi

cd / && exit $fail
