#!/usr/bin/env python3
"""seeds.py [--max N] OUT: the seed corpus of every fuzz target, into OUT/<target>/.

Seeds come from the project's samples/ and tests/, and from ../shared/corpus
when it is there (other projects' real bundles, must-gathers and fixtures),
chosen per target by what the file holds. Archives are made here from those
files (tar, tar.gz, zip, bzip2, xz, zstd, nested) so they stay small. Files
over 64 KiB are left out: libFuzzer mutates small inputs far faster.
--max N keeps N seeds per target (the short runs of CI).
"""
import bz2, gzip, hashlib, io, lzma, os, shutil, subprocess, sys, tarfile, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAX = 64 * 1024


def files():
    dirs = [os.path.join(ROOT, d) for d in ("samples", "tests/data", "tests/rules", "rules",
                                              "tests/e2e", "docs/examples")]
    dirs.append(os.path.join(os.path.dirname(ROOT), "shared", "corpus"))
    for d in dirs:
        for base, _, names in os.walk(d):
            for n in sorted(names):
                p = os.path.join(base, n)
                if os.path.isfile(p) and not os.path.islink(p) and 0 < os.path.getsize(p) <= MAX:
                    yield p


def kind(path, data):
    name = os.path.basename(path).lower()
    head = data[:4096].decode("utf-8", "replace")
    kinds = {"document", "analyze"}
    if data[:2] == b"\x1f\x8b" or data[:4] == b"PK\x03\x04" or data[257:262] == b"ustar":
        return kinds | {"archive"}
    if name.startswith("describe") or "\nEvents:" in head or head.startswith("Name:"):
        kinds.add("describe")
    if name.startswith("get") or head.startswith("NAME ") or head.startswith("NAMESPACE "):
        kinds.add("get_table")
    if name.endswith(".json"):
        kinds.add("json")
    if name.endswith((".yaml", ".yml")):
        kinds |= {"yaml", "yaml_readers", "yaml_stream"}
    if "/rules/" in path and name.endswith(".yaml") and "rules:" in head:
        kinds.add("rules")
    if name in ("kubesift.yaml", ".kubesift.yaml"):
        kinds.add("lint_config")
    if name.endswith((".log", ".txt")) and "describe" not in kinds:
        kinds |= {"log", "log_lines"}
    if "==== START logs for" in head:
        kinds.add("cluster_dump")
    return kinds


def archives(samples):
    """Small archives of a few sample files, in every container kubesift reads."""
    members = samples[:6]

    def tar(mode):
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode=mode) as t:
            for i, (name, data) in enumerate(members):
                info = tarfile.TarInfo(f"bundle/{i}/{name}")
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
        return buf.getvalue()

    out = {"bundle.tar": tar("w"), "bundle.tar.gz": tar("w:gz"), "bundle.tar.bz2": tar("w:bz2"),
           "bundle.tar.xz": tar("w:xz")}
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as f:
        for name, data in members:
            f.writestr("must-gather/" + name, data)
    out["bundle.zip"] = z.getvalue()
    out["one.log.gz"] = gzip.compress(members[0][1])
    out["one.log.bz2"] = bz2.compress(members[0][1])
    out["one.log.xz"] = lzma.compress(members[0][1])
    nested = io.BytesIO()
    with tarfile.open(fileobj=nested, mode="w:gz") as t:
        info = tarfile.TarInfo("outer/inner.tar.gz")
        info.size = len(out["bundle.tar.gz"])
        t.addfile(info, io.BytesIO(out["bundle.tar.gz"]))
    out["nested.tar.gz"] = nested.getvalue()
    if shutil.which("zstd"):
        out["one.log.zst"] = subprocess.run(["zstd", "-q", "-c"], input=members[0][1],
                                            capture_output=True, check=True).stdout
    return out


def trim(out, keep):
    """At most `keep` seeds per target, the same ones every time (by name)."""
    for k in os.listdir(out):
        d = os.path.join(out, k)
        for n in sorted(os.listdir(d))[keep:]:
            os.remove(os.path.join(d, n))


def main():
    args = sys.argv[1:]
    keep = None
    if len(args) == 3 and args[0] == "--max":
        keep, args = int(args[1]), args[2:]
    if len(args) != 1:
        sys.exit("usage: seeds.py [--max N] OUT")
    out = args[0]
    smalls = []
    for p in files():
        with open(p, "rb") as f:
            data = f.read()
        for k in kind(p, data):
            d = os.path.join(out, k)
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
                f.write(data)
        if p.endswith((".log", ".json", ".yaml", ".txt")) and len(data) < 8192:
            smalls.append((os.path.basename(p), data))
    for name, data in archives(smalls).items():
        for k in ("archive", "analyze", "document"):
            d = os.path.join(out, k)
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
    # The redactor: each secret form of the corpus, and every log line seed.
    forms = os.path.join(ROOT, "tests", "data", "secret-forms.txt")
    d = os.path.join(out, "redact")
    os.makedirs(d, exist_ok=True)
    with open(forms, "rb") as f:
        for i, line in enumerate(f):
            if line.strip() and not line.startswith(b"#"):
                with open(os.path.join(d, f"form-{i:03d}"), "wb") as g:
                    g.write(line.rstrip(b"\n"))
    if keep is not None:
        trim(out, keep)
    for k in sorted(os.listdir(out)):
        print(f"seeds: {k}: {len(os.listdir(os.path.join(out, k)))}")


if __name__ == "__main__":
    main()
