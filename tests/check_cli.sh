#!/usr/bin/env bash
# check_cli.sh KUBESIFT: the real binary's commands, streams and exit codes.
set -uo pipefail
bin=$1
fail=0
expect() {  # expect CODE DESCRIPTION -- command...
  local want=$1 what=$2; shift 3
  "$@" >/tmp/kubesift-cli.out 2>/tmp/kubesift-cli.err
  local rc=$?
  if [ "$rc" != "$want" ]; then
    echo "FAIL: $what: exit $rc, want $want"; cat /tmp/kubesift-cli.err; fail=1
  else
    echo "ok: $what"
  fi
}
expect 0 "--version" -- "$bin" --version
grep -q '^kubesift ' /tmp/kubesift-cli.out || { echo "FAIL: --version output"; fail=1; }
expect 0 "--help" -- "$bin" --help
expect 2 "no command" -- "$bin"
expect 2 "unknown command" -- "$bin" frobnicate
expect 0 "rules" -- "$bin" rules
grep -q 'file-not-found' /tmp/kubesift-cli.out || { echo "FAIL: rules lists file-not-found"; fail=1; }
expect 0 "explain" -- "$bin" explain oom-killed
grep -q 'Why it matters' /tmp/kubesift-cli.out || { echo "FAIL: explain prints the doc"; fail=1; }
expect 2 "explain unknown rule" -- "$bin" explain no-such-rule
expect 0 "analyze samples" -- "$bin" analyze samples/demo-ng
grep -q 'currency_script.sh' /tmp/kubesift-cli.out || { echo "FAIL: text report names the script"; fail=1; }
grep -q $'\x1b\[' /tmp/kubesift-cli.out && { echo "FAIL: colour when not a TTY"; fail=1; }
expect 1 "fail-on critical" -- "$bin" analyze samples/demo-ng --fail-on critical
expect 0 "stdin" -- sh -c "'$bin' analyze - < samples/demo-ng/get-pods.txt"
expect 2 "missing path" -- "$bin" analyze /nonexistent/path
grep -q '/nonexistent/path' /tmp/kubesift-cli.err || { echo "FAIL: error names the path"; fail=1; }
tmpd=$(mktemp -d)
expect 0 "--output to a file" -- "$bin" analyze samples/demo-ng --format json --output "$tmpd/r.json"
grep -q '"rule": "file-not-found"' "$tmpd/r.json" || { echo "FAIL: report written to --output"; fail=1; }
[ -s /tmp/kubesift-cli.out ] && { echo "FAIL: stdout must be empty with --output"; fail=1; }
expect 0 "--output to a device" -- "$bin" analyze samples/demo-ng --output /dev/null
[ -c /dev/null ] || { echo "FAIL: /dev/null is no longer a device"; fail=1; }
expect 2 "--output to a missing directory" -- "$bin" analyze samples/demo-ng --output "$tmpd/no/such/dir/r.json"
[ -z "$(ls "$tmpd" | grep -v '^r.json$')" ] || { echo "FAIL: stray files next to --output"; fail=1; }
for cmd in "rules" "explain oom-killed" "analyze samples/demo-ng" "analyze samples/demo-ng --format ndjson"; do
  expect 2 "$cmd to a full stdout" -- sh -c "'$bin' $cmd > /dev/full"
  grep -q 'cannot write' /tmp/kubesift-cli.err || { echo "FAIL: $cmd: a failed write is said"; fail=1; }
done
mkdir -p "$tmpd/nothing-here"
expect 2 "an empty directory" -- "$bin" analyze "$tmpd/nothing-here"
grep -q 'nothing-here.*empty directory' /tmp/kubesift-cli.err || { echo "FAIL: empty directory said"; fail=1; }
: >"$tmpd/empty.yaml"
expect 0 "lint of an empty input" -- "$bin" lint "$tmpd/empty.yaml"
grep -q 'empty.yaml: empty' /tmp/kubesift-cli.err || { echo "FAIL: empty manifest named"; fail=1; }
expect 0 "lint of an empty input beside a manifest" -- "$bin" lint "$tmpd/empty.yaml" "$(ls -d tests/rules/*/dont-fire-* | head -1)" --fail-on none
grep -q 'empty.yaml: empty' /tmp/kubesift-cli.err || { echo "FAIL: empty manifest named beside others"; fail=1; }
printf 'x\n' >"$tmpd/scalar-rules.yaml"
expect 2 "a rules file that is a scalar" -- "$bin" analyze --rules "$tmpd/scalar-rules.yaml" samples/demo-ng
grep -q "scalar-rules.yaml:1: a rules file is a map" /tmp/kubesift-cli.err || { echo "FAIL: scalar rules file said"; fail=1; }
head -c $((2 << 20)) /dev/zero | tr '\0' 'x' >"$tmpd/big-rules.yaml"
expect 2 "a rules file over its limit" -- "$bin" analyze --rules "$tmpd/big-rules.yaml" samples/demo-ng
grep -q 'big-rules.yaml.*exceeds the limit' /tmp/kubesift-cli.err || { echo "FAIL: rules limit names the file"; fail=1; }
rm -rf "$tmpd"
rm -f /tmp/kubesift-cli.out /tmp/kubesift-cli.err
exit $fail
