#!/usr/bin/env python3
"""Bounded HTTP load for the reproduction harness (127.0.0.1 only).

Two modes:
  keepalive  N persistent HTTP/1.1 connections, each sending GET about every
             `--interval` seconds until `--duration` seconds or `--max-requests`
             per connection; a connection the server closes (e.g. after a 503)
             is reopened. This is what makes old Apache children outlive a
             graceful restart: they sit blocked on the keep-alive connection.
  burst      N concurrent one-shot requests (Connection: close), once.

Always stops by itself. Writes a JSON summary (status counts, resets) to
`--out` (or stdout). Runs on the real clock (no libfaketime).
"""
import argparse
import http.client
import json
import random
import sys
import threading
import time

UA = "repro-client/1 (scripts/repro/client.py)"  # shows in the access log


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["keepalive", "burst"])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--path", default="/")
    ap.add_argument("--conns", type=int, default=4)
    ap.add_argument("--interval", type=float, default=1.0)
    ap.add_argument("--duration", type=float, default=60.0)
    ap.add_argument("--max-requests", type=int, default=1000)
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("--stop-file", default=None, help="stop early once this file exists")
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    if args.duration > 900 or args.conns > 64:
        print("client.py: refusing unbounded load", file=sys.stderr)
        return 2

    lock = threading.Lock()
    stats: dict = {"status": {}, "errors": {}, "requests": 0, "connections": 0}

    def count(kind: str, key: str) -> None:
        with lock:
            stats[kind][key] = stats[kind].get(key, 0) + 1

    deadline = time.monotonic() + args.duration

    def stopped() -> bool:
        if time.monotonic() >= deadline:
            return True
        if args.stop_file:
            try:
                open(args.stop_file).close()
                return True
            except OSError:
                return False
        return False

    def keepalive_worker(i: int) -> None:
        conn = None
        sent = 0
        rng = random.Random()
        while sent < args.max_requests and not stopped():
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=args.timeout)
                    with lock:
                        stats["connections"] += 1
                conn.request("GET", f"{args.path}?c={i}&n={sent}", headers={"Connection": "keep-alive", "User-Agent": UA})
                resp = conn.getresponse()
                resp.read()
                sent += 1
                with lock:
                    stats["requests"] += 1
                count("status", str(resp.status))
                if resp.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as e:
                count("errors", type(e).__name__)
                if conn is not None:
                    conn.close()
                conn = None
            # jittered, like independent real clients: otherwise all connections fire in the same
            # millisecond and either all or none hit a short window such as a socket's re-creation
            time.sleep(args.interval * rng.uniform(0.5, 1.5))
        if conn is not None:
            conn.close()

    def burst_worker(i: int) -> None:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=args.timeout)
            conn.request("GET", f"{args.path}?b={i}", headers={"Connection": "close", "User-Agent": UA})
            resp = conn.getresponse()
            resp.read()
            conn.close()
            with lock:
                stats["requests"] += 1
            count("status", str(resp.status))
        except (OSError, http.client.HTTPException) as e:
            count("errors", type(e).__name__)

    target = keepalive_worker if args.mode == "keepalive" else burst_worker
    threads = [threading.Thread(target=target, args=(i,), daemon=True) for i in range(args.conns)]
    for t in threads:
        t.start()
        if args.mode == "keepalive":
            time.sleep(0.05)  # distinct connections, distinct prefork children
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()) + args.timeout + 1)
    text = json.dumps(stats, sort_keys=True)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
