#!/usr/bin/env bash
# check_schema.sh KUBESIFT SCHEMA PATH...: the JSON report over PATH validates
# against SCHEMA (python3-jsonschema, draft 2020-12), and so does the report
# of a run that had unreadable inputs.
set -euo pipefail
bin=$1 schema=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" analyze --format json --output "$tmp/report.json" "$@"
printf '' >"$tmp/empty.txt"
printf '{"apiVersion":"v1","kind":"List","items":[' >"$tmp/cut.json"
set +e
"$bin" analyze --format json "$@" "$tmp/empty.txt" "$tmp/cut.json" >"$tmp/bad.json" 2>/dev/null
rc=$?
set -e
[ "$rc" = 2 ] || { echo "expected exit 2 for unreadable inputs, got $rc"; exit 1; }
/usr/bin/python3 - "$schema" "$tmp/report.json" "$tmp/bad.json" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
for path in sys.argv[2:]:
    report = json.load(open(path))
    jsonschema.Draft202012Validator(schema).validate(report)
    assert report["findings"], f"{path}: no findings"
    print(f"{path}: valid, {len(report['findings'])} findings")
PY
