#!/usr/bin/env python3
"""gen_logs.py DIR MB [FILES]: writes FILES log files (default 200) totalling
about MB megabytes of realistic container log lines (klog, zap JSON, logrus,
Java, access logs) with a failure signature every ~20k lines. Deterministic
(seeded), so every run of the benchmark scans the same bytes."""
import os
import random
import sys

NORMAL = [
    'I0206 12:11:49.985473       1 server.go:123] "handled request" path="/api/v1/items/{i}" status=200 duration="1.2ms"',
    '{{"level":"info","ts":1675685509.985,"caller":"server/handler.go:42","msg":"request served","status":200,"bytes":{i}}}',
    '2023-02-06T12:11:49.985Z INFO  [worker-3] com.example.Processor - processed batch {i} in 35 ms',
    'time="2023-02-06T12:11:49Z" level=info msg="cache refreshed" entries={i}',
    '10.244.1.{j} - - [06/Feb/2023:12:11:49 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.28"',
    '{{"message":"[PlaceOrder] user_id=\\"d7f14948-0863-4ae9-a26e-{i:012d}\\" user_currency=\\"USD\\"","severity":"info"}}',
    'W0206 12:11:50.000001       1 reflector.go:424] watch of *v1.Pod ended with: too old resource version: {i}',
]
FAILURES = [
    '{{"message":"no such file or directory: /Users/my_user/bin/currency_script.sh","severity":"error"}}',
    'dial tcp 10.96.0.{j}:6379: connect: connection refused',
    'panic: runtime error: invalid memory address or nil pointer dereference',
    "Error: Cannot find module '/usr/src/app/server.js'",
    'java.lang.OutOfMemoryError: Java heap space',
]


def main():
    out, mb = sys.argv[1], float(sys.argv[2])
    files = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    rng = random.Random(42)
    os.makedirs(out, exist_ok=True)
    per_file = int(mb * (1 << 20) / files)
    n = 0
    for f in range(files):
        size = 0
        with open(os.path.join(out, f"app-{f:04d}.log"), "w") as fh:
            while size < per_file:
                n += 1
                if n % 20000 == 0:
                    line = rng.choice(FAILURES).format(i=n, j=n % 250)
                else:
                    line = rng.choice(NORMAL).format(i=n, j=n % 250)
                fh.write(line + "\n")
                size += len(line) + 1


if __name__ == "__main__":
    main()
