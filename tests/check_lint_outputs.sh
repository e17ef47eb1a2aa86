#!/usr/bin/env bash
# check_lint_outputs.sh KUBESIFT SARIF_SCHEMA JUNIT_XSD REPORT_SCHEMA: `kubesift lint` over
# every rule fixture, with a suppressed finding and an unreadable input, in every
# format at once: SARIF validates against the official 2.1.0 schema, JUnit against
# the Jenkins junit-4 XSD, JSON against our report schema; GitHub annotations are
# well-formed workflow commands.
set -euo pipefail
bin=$1 sarif_schema=$2 junit_xsd=$3 report_schema=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/suppressed.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: quiet
  annotations:
    kubesift.io/ignore: "cpu-request-missing: sized by the VPA"
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0.0
YAML
printf 'apiVersion: v1\nkind: Pod\nmetadata: [\n' >"$tmp/broken.yaml"
set +e
"$bin" lint tests/rules "$tmp/suppressed.yaml" "$tmp/broken.yaml" --all-checks --fail-on none \
  --output "sarif=$tmp/r.sarif" --output "junit=$tmp/r.xml" --output "json=$tmp/r.json" \
  --output "github=$tmp/r.txt" 2>"$tmp/err"
rc=$?
set -e
[ "$rc" = 2 ] || { echo "expected exit 2 (an unreadable input), got $rc"; cat "$tmp/err"; exit 1; }
/usr/bin/python3 - "$sarif_schema" "$junit_xsd" "$report_schema" "$tmp" <<'PY'
import json, re, sys
import jsonschema
from lxml import etree
sarif_schema, junit_xsd, report_schema, tmp = sys.argv[1:5]

sarif = json.load(open(f"{tmp}/r.sarif"))
jsonschema.Draft4Validator(json.load(open(sarif_schema))).validate(sarif)
run = sarif["runs"][0]
rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
assert rules, "SARIF lists no rules"
for r in rules.values():
    assert r["help"]["text"] and r["shortDescription"]["text"], r["id"]
results = run["results"]
assert results, "SARIF has no results"
fingerprints = set()
for res in results:
    assert res["ruleId"] in rules, res["ruleId"]
    assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
    loc = res["locations"][0]["physicalLocation"]
    assert loc["region"]["startLine"] >= 1
    uri = loc["artifactLocation"]["uri"]
    assert not uri.startswith("file:") or uri.startswith("file:///"), uri
    fp = res["partialFingerprints"]["kubesift/v1"]
    assert re.fullmatch(r"[0-9a-f]{16}", fp), fp
    fingerprints.add(fp)
suppressed = [r for r in results if r.get("suppressions")]
assert suppressed and suppressed[0]["suppressions"][0]["kind"] == "inSource", "no suppressed result"
assert suppressed[0]["suppressions"][0]["justification"] == "sized by the VPA"
notes = run["invocations"][0]["toolExecutionNotifications"]
assert any(n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("broken.yaml")
           for n in notes), "the unreadable input is not notified"
assert run["invocations"][0]["executionSuccessful"] is False
print(f"sarif: valid, {len(rules)} rules, {len(results)} results, {len(suppressed)} suppressed")

schema = etree.XMLSchema(etree.parse(junit_xsd))
doc = etree.parse(f"{tmp}/r.xml")
if not schema.validate(doc):
    raise SystemExit(f"junit: {schema.error_log}")
root = doc.getroot()
failures = int(root.get("failures")); errors = int(root.get("errors"))
assert failures > 0 and errors == 1, (failures, errors)
assert failures == len(doc.findall(".//failure")), "failures attribute != failure elements"
print(f"junit: valid, {root.get('tests')} tests, {failures} failures, {errors} error")

report = json.load(open(f"{tmp}/r.json"))
jsonschema.Draft202012Validator(json.load(open(report_schema))).validate(report)
assert report["summary"]["suppressed"] == len(report["suppressed"]) >= 1
assert len(report["findings"]) + len(report["suppressed"]) == len(results)
print(f"json: valid, {len(report['findings'])} findings, {report['summary']['suppressed']} suppressed")

lines = open(f"{tmp}/r.txt").read().splitlines()
cmd = re.compile(r"^::(error|warning|notice) file=[^,:]+(,line=\d+)?(,col=\d+)?,title=[^:]*::.+$")
annotations = [l for l in lines if l.startswith("::")]
bad = [l for l in annotations if not cmd.match(l)]
assert not bad, bad[:3]
assert len(annotations) == len(report["findings"]) + 1  # + the input error
print(f"github: {len(annotations)} annotations")
PY
