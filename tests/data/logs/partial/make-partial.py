#!/usr/bin/env python3
"""Writes the node-side log files of tests/data/logs/partial/: one long log
line (a logback/logstash JSON error line with a Java OutOfMemoryError stack
trace, 41 KB) cut the way the runtimes cut it.

- containerd/CRI-O (CRI): pieces of 16384 bytes of the line, each a
  `<time> <stream> P <piece>` record, the last one `F`; the must-gather's raw
  CRI file of the container (namespaces/<ns>/pods/<pod>/<c>/<c>/logs/rotated/).
- docker json-file: pieces of 16384 bytes, each `{"log":"<piece>",...}` with
  the piece JSON-escaped; only the last piece's `log` ends in "\\n"
  (/var/lib/docker/containers/<id>/<id>-json.log, a log no pod claims).

In both, the signature text `java.lang.OutOfMemoryError: Java heap space`
straddles the first cut, and a stderr record comes between the pieces (the
streams are cut apart). Usage: make-partial.py [OUT_DIR] (default: beside it).
"""
import json
import os
import sys

PIECE = 16384
SIGNATURE = "java.lang.OutOfMemoryError: Java heap space"


def long_line():
    frames = []
    for depth in range(220):
        frames.append("\tat com.fasterxml.jackson.databind.ser.BeanSerializer.serialize(BeanSerializer.java:178)")
        frames.append("\tat com.fasterxml.jackson.databind.ser.BeanPropertyWriter.serializeAsField(BeanPropertyWriter.java:728)")
    frames.append("\tat com.example.ledger.api.ExportController.export(ExportController.java:%d)" % 57)
    head = {
        "@timestamp": "2024-01-01T00:00:00.000Z",
        "@version": "1",
        "level": "ERROR",
        "logger_name": "com.example.ledger.api.ExportController",
        "thread_name": "http-nio-8080-exec-7",
        "message": "",
    }
    # The message: the export request the handler was serving, as the
    # application logs it (the ids of the accounts asked for), as many ids as
    # put the signature across the first cut.
    prefix = json.dumps(head, separators=(",", ":"))[:-3]  # up to `"message":`
    opening, closing = '"export failed for accounts [', '] after 3 retries","stack_trace":"'
    ids = ""
    k = 0
    while len(prefix) + len(opening) + len(ids) + len(closing) + len(SIGNATURE) // 2 < PIECE - 11:
        ids += ("," if ids else "") + "acct-%06d" % k
        k += 1
    fill = PIECE - len(SIGNATURE) // 2 - (len(prefix) + len(opening) + len(ids) + len(closing))
    ids += " " * fill  # the cut lands in the middle of the signature
    text = prefix + opening + ids + closing
    trace = SIGNATURE + "\\n" + "\\n".join(f.replace("\t", "\\t") for f in frames)
    line = text + trace + '"}'
    at = line.index(SIGNATURE)
    assert at < PIECE < at + len(SIGNATURE), (at, PIECE)
    json.loads(line)
    return line


def pieces(line):
    return [line[i:i + PIECE] for i in range(0, len(line), PIECE)]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    line = long_line()
    ps = pieces(line)
    t = "2024-01-01T00:00:%02d.%09dZ"

    cri = [t % (0, 1000) + " stdout F Started LedgerApplication in 4.2 seconds"]
    for k, p in enumerate(ps):
        tag = "F" if k == len(ps) - 1 else "P"
        cri.append(t % (1, 5000 + k) + " stdout " + tag + " " + p)
        if k == 0:
            cri.append(t % (1, 5000) + " stderr F Exception in thread \"ledger-metrics\" "
                       "java.lang.IllegalStateException: metrics registry closed")
    cri.append(t % (2, 0) + " stdout F Shutting down ExecutorService 'applicationTaskExecutor'")
    cri_dir = os.path.join(out, "must-gather", "namespaces", "shop", "pods", "ledger-7c9f6d5b8-k2m4p",
                           "ledger", "ledger", "logs", "rotated")
    os.makedirs(cri_dir, exist_ok=True)
    with open(os.path.join(cri_dir, "0.log.20240101-000002"), "w") as f:
        f.write("\n".join(cri) + "\n")

    def rec(log, stream, sec, ns):
        return json.dumps({"log": log, "stream": stream, "time": t % (sec, ns)}, separators=(",", ":"))

    docker = [rec("Started LedgerApplication in 4.2 seconds\n", "stdout", 0, 1000)]
    for k, p in enumerate(ps):
        docker.append(rec(p + ("\n" if k == len(ps) - 1 else ""), "stdout", 1, 5000))
        if k == 0:
            docker.append(rec("Exception in thread \"ledger-metrics\" java.lang.IllegalStateException: "
                              "metrics registry closed\n", "stderr", 1, 5000))
    docker.append(rec("Shutting down ExecutorService 'applicationTaskExecutor'\n", "stdout", 2, 0))
    cid = "3f4e1c2b9a8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f"
    docker_dir = os.path.join(out, "node", "var", "lib", "docker", "containers", cid)
    os.makedirs(docker_dir, exist_ok=True)
    with open(os.path.join(docker_dir, cid + "-json.log"), "w") as f:
        f.write("\n".join(docker) + "\n")


if __name__ == "__main__":
    main()
