#!/usr/bin/python3
"""kubesift-dask.py: run `kubesift analyze` as N shards on a Dask cluster, merge locally.

usage:
  kubesift-dask.py [--scheduler ADDR | --local-workers N] [--shards N]
                   [--kubesift PATH] [--output FILE] [--format F] [--timeout S] PATH...

Task k (1..N) runs `kubesift analyze --shard k/N --format ndjson PATH...` in a
subprocess on a worker and returns its NDJSON text. The driver checks that each
part is whole (every line a JSON object, the last one the summary record),
writes the parts to a temporary directory and runs
`kubesift merge PART... --format F [--output FILE]` here; its exit code is ours.

  --scheduler ADDR     an existing cluster (tcp://host:8786)
  --local-workers N    start a LocalCluster of N one-thread worker processes on
                       127.0.0.1 (the default, with N = 2)
  --shards N           number of shards (default: the number of workers)
  --kubesift PATH      the binary (default: `kubesift` on PATH); a path with a
                       slash is made absolute and must exist on every worker
  --format F           merged report format: text (default), json, ndjson, sarif...
  --output FILE        write the merged report there instead of stdout
  --timeout S          seconds allowed per shard (default: none)

Workers must see the input paths (and the binary) at the same place as the
driver: a shared filesystem. Relative paths are resolved on the worker from the
driver's working directory, so reports name inputs as given here, exactly as
`kubesift analyze PATH...` would.

Exit codes: merge's (0 ok, 1 findings at or above its --fail-on), 2 on any
error: a shard that failed (its number, exit code and stderr are printed), a
truncated part, a cluster that could not be reached.

Needs Debian's python3-distributed; run it with /usr/bin/python3.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile


def run_shard(kubesift, k, n, paths, cwd, timeout):
    """On a worker: one shard. Returns (k, exit code or None, stdout, stderr); never raises."""
    import subprocess as sp
    argv = [kubesift, "analyze", "--shard", f"{k}/{n}", "--format", "ndjson", *paths]
    try:
        p = sp.run(argv, cwd=cwd, capture_output=True, text=True, timeout=timeout or None)
        return k, p.returncode, p.stdout, p.stderr
    except sp.TimeoutExpired:
        return k, None, "", f"timed out after {timeout:g} s"
    except OSError as e:  # binary or working directory missing on this worker
        return k, None, "", f"cannot run {kubesift} in {cwd}: {e}"


def check_part(k, n, text):
    """Returns None if the part is whole NDJSON ending in a summary, else why not."""
    lines = text.splitlines()
    if not lines:
        return "empty output"
    for i, line in enumerate(lines, 1):
        try:
            rec = json.loads(line)
        except ValueError as e:
            return f"line {i} is not JSON ({e})"
        if not isinstance(rec, dict) or "type" not in rec:
            return f"line {i} is not a record with a type"
    if json.loads(lines[0])["type"] != "header":
        return "the first record is not the header"
    if rec["type"] != "summary":
        return "the last record is not the summary (truncated?)"
    return None


def die(msg):
    print(f"kubesift-dask: {msg}", file=sys.stderr)
    sys.exit(2)


def main():
    ap = argparse.ArgumentParser(description="kubesift analyze sharded over Dask, merged locally")
    where = ap.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDR")
    where.add_argument("--local-workers", type=int, metavar="N")
    ap.add_argument("--shards", type=int, metavar="N")
    ap.add_argument("--kubesift", default="kubesift", metavar="PATH")
    ap.add_argument("--format", default="text", metavar="F")
    ap.add_argument("--output", "-o", metavar="FILE")
    ap.add_argument("--timeout", type=float, default=0, metavar="S")
    ap.add_argument("paths", nargs="+", metavar="PATH")
    a = ap.parse_args()
    if a.local_workers is not None and a.local_workers < 1:
        die("--local-workers must be at least 1")
    if a.shards is not None and a.shards < 1:
        die("--shards must be at least 1")

    kubesift = a.kubesift
    if os.sep in kubesift:
        kubesift = os.path.abspath(kubesift)
    local_bin = shutil.which(kubesift)
    if not local_bin:
        die(f"{a.kubesift}: not found or not executable (needed here for the merge)")

    try:
        from distributed import Client, LocalCluster
    except ImportError:
        die("python module 'distributed' missing: apt-get install python3-distributed, "
            "and run this with /usr/bin/python3")

    cluster = client = None
    try:
        try:
            if a.scheduler:
                client = Client(a.scheduler, timeout="30s")
            else:
                cluster = LocalCluster(n_workers=a.local_workers or 2, threads_per_worker=1,
                                       processes=True, host="127.0.0.1", dashboard_address=None)
                client = Client(cluster)
            workers = len(client.scheduler_info()["workers"])
        except (OSError, TimeoutError) as e:
            die(f"cannot reach the Dask cluster: {e}")
        n = a.shards or max(workers, 1)
        cwd = os.getcwd()
        futures = [client.submit(run_shard, kubesift, k, n, a.paths, cwd, a.timeout,
                                 pure=False, key=f"kubesift-shard-{k}-of-{n}-{os.getpid()}")
                   for k in range(1, n + 1)]
        results = sorted(client.gather(futures))
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    failed = False
    for k, rc, out, err in results:
        # analyze exits 1 only for --fail-on, which is not passed: anything but 0 is an error.
        if rc is None:
            why, err = err, ""
        else:
            why = f"exit code {rc}" if rc != 0 else check_part(k, n, out)
        if why:
            failed = True
            print(f"kubesift-dask: shard {k}/{n} failed: {why}", file=sys.stderr)
            for line in err.rstrip().splitlines():
                print(f"  shard {k}/{n}: {line}", file=sys.stderr)
    if failed:
        sys.exit(2)

    with tempfile.TemporaryDirectory(prefix="kubesift-dask-") as tmp:
        parts = []
        for k, _, out, _ in results:
            parts.append(os.path.join(tmp, f"part-{k:04d}-of-{n:04d}.ndjson"))
            with open(parts[-1], "w", encoding="utf-8") as f:
                f.write(out)
        argv = [local_bin, "merge", *parts, "--format", a.format]
        if a.output:
            argv += ["--output", a.output]
        sys.exit(subprocess.run(argv).returncode)


if __name__ == "__main__":
    main()
