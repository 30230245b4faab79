#!/usr/bin/env python3
"""grep-style counts over captured Apache error logs (plain and .gz), for the scenario
READMEs and counts.json. Deliberately independent of the TypeScript parser: these are
the numbers the end-to-end test holds the tool to.

Usage: count.py <logs-dir>   (prints JSON)
"""
from __future__ import annotations

import gzip
import json
import os
import re
import sys
from datetime import datetime

# mod_wsgi 4.6.0-5.x wording (src/server/mod_wsgi.c wsgi_connect_daemon) and 6.x codes (wsgi_remote.c)
CONNECT = re.compile(r"Unable to connect to WSGI daemon process '[^']*' on '([^']*)'")
BACKLOG = re.compile(r"WSGI0116: |after multiple attempts as listener backlog limit was exceeded")
ERRNO = re.compile(r"^\[[^\]]+\] \[[^\]]*\] \[pid [^\]]+\] \((\d+)\)[^:]*: ")
ROTATING = re.compile(r"\.\d+\.\d+\.\d+\.sock$")
UIDSOCK = re.compile(r"\.\d+\.u\d+\.\d+\.sock$")
ORIGIN = re.compile(r"Request origin could not be validated|WSGI003[34]: ")
# 4.x wording and 6.x WSGI0146 (wsgi_remote.c: "closed connection before sending complete response headers")
TRUNCATED = re.compile(r"Truncated or oversized response headers received from daemon process|WSGI0146: ")
# httpd server/mpm/{prefork,worker,event}/*.c lifecycle notices
MARKERS = {
    "AH00171": "graceful", "AH00297": "graceful", "AH00493": "graceful",
    "AH00173": "restart", "AH00298": "restart", "AH00494": "restart",
    "AH00163": "configured", "AH00292": "configured", "AH00489": "configured",
    "AH00169": "stop", "AH00295": "stop", "AH00491": "stop",
    "AH00170": "graceful-stop", "AH00296": "graceful-stop", "AH00492": "graceful-stop",
}
MARKER = re.compile(r"\] (AH\d{5}): ")
ROTATED_NAME = re.compile(r"(\.\d+|-\d{8,10})(\.gz)?$")
APACHE_VERSION = re.compile(r"AH00(?:163|292|489): Apache/(\S+)")
MODWSGI_VERSION = re.compile(r"mod_wsgi/(\S+)")


STAMP = re.compile(r"^\[(\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2}\.\d{6} \d{4})\]")


def stamp(line: str) -> datetime | None:
    m = STAMP.match(line)
    return datetime.strptime(m.group(1), "%a %b %d %H:%M:%S.%f %Y") if m else None


def read_lines(path: str) -> list[str]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        return f.read().splitlines()


def empty() -> dict:
    return {"lines": 0, "WSGI0116": 0, "WSGI0117": 0, "origin-check": 0, "truncated-headers": 0,
            "errno": {}, "markers": {}, "markerCodes": {}, "variants": {}, "sockets_rotating": 0, "sockets_uid": 0,
            "afterRestartInRotated": 0}


def bump(d: dict, k: str, n: int = 1) -> None:
    d[k] = d.get(k, 0) + n


def count_file(path: str, rotated: bool, moments: list) -> tuple[dict, dict]:
    c = empty()
    meta: dict = {}
    seen_graceful = False
    for line in read_lines(path):
        c["lines"] += 1
        ts = stamp(line)
        if ts is not None:
            meta["first"] = min(meta.get("first", ts), ts)
            meta["last"] = max(meta.get("last", ts), ts)
        m = MARKER.search(line)
        if m and m.group(1) in MARKERS:
            kind = MARKERS[m.group(1)]
            bump(c["markers"], kind)
            bump(c["markerCodes"], m.group(1))
            if kind == "graceful":
                seen_graceful = True
            if kind in ("graceful", "restart"):
                moments.append((stamp(line), kind, os.path.basename(path)))
        v = APACHE_VERSION.search(line)
        if v:
            meta["apacheVersion"] = v.group(1)
            w = MODWSGI_VERSION.search(line)
            if w:
                meta["modWsgiVersion"] = w.group(1)
        if ORIGIN.search(line):
            c["origin-check"] += 1
        if TRUNCATED.search(line):
            c["truncated-headers"] += 1
        m = CONNECT.search(line)
        if not m:
            continue
        code = "WSGI0116" if BACKLOG.search(line) else "WSGI0117"
        c[code] += 1
        if "WSGI0116: " in line or "WSGI0117: " in line:
            bump(c["variants"], f"6.x {code}")
        elif "as user with uid=" in line:
            bump(c["variants"], "4.x 'as user with uid=N.' (WSGI0117-equivalent)")
        elif code == "WSGI0116":
            bump(c["variants"], "4.x 'listener backlog limit was exceeded or the socket does not exist.' (WSGI0116-equivalent)")
        else:
            bump(c["variants"], "other connect wording")
        e = ERRNO.match(line)
        bump(c["errno"], e.group(1) if e else "none")
        moments.append((stamp(line), "connect-error", os.path.basename(path)))
        sock = m.group(1)
        if ROTATING.search(sock):
            c["sockets_rotating"] += 1
        elif UIDSOCK.search(sock):
            c["sockets_uid"] += 1
        if rotated and seen_graceful:
            c["afterRestartInRotated"] += 1
    return c, meta


def count_dir(d: str) -> dict:
    files = {}
    totals = empty()
    totals["inCurrent"] = 0
    totals["inRotated"] = 0
    meta: dict = {}
    moments: list = []
    for name in sorted(os.listdir(d)):
        p = os.path.join(d, name)
        if not os.path.isfile(p):
            continue
        rotated = bool(ROTATED_NAME.search(name))
        c, m = count_file(p, rotated, moments)
        for k, v in m.items():
            if k == "first":
                meta[k] = min(meta.get(k, v), v)
            elif k == "last":
                meta[k] = max(meta.get(k, v), v)
            elif k not in meta:
                meta[k] = v
        c["rotated"] = rotated
        files[name] = c
        for k in ("lines", "WSGI0116", "WSGI0117", "origin-check", "truncated-headers", "sockets_rotating", "sockets_uid",
                  "afterRestartInRotated"):
            totals[k] += c[k]
        for k in ("errno", "markers", "markerCodes", "variants"):
            for kk, vv in c[k].items():
                bump(totals[k], kk, vv)
        totals["inRotated" if rotated else "inCurrent"] += c["WSGI0116"] + c["WSGI0117"]
    for k in ("first", "last"):
        if k in meta:
            meta[k] = meta[k].isoformat()
    return {"files": files, "totals": totals, "errorDays": error_days(moments), **meta}


def error_days(moments: list) -> list[dict]:
    """Connect errors grouped by local date, each with the last graceful/full restart before the
    first error of that day and the lag in seconds (the timing the docs talk about)."""
    moments = sorted((m for m in moments if m[0] is not None), key=lambda m: m[0])
    days: dict = {}
    last_restart = None
    for t, kind, fname in moments:
        if kind != "connect-error":
            last_restart = (t, kind)
            continue
        d = days.setdefault(t.date().isoformat(), {"date": t.date().isoformat(), "count": 0, "first": t, "last": t,
                                                   "files": {}, "restart": last_restart})
        d["count"] += 1
        d["last"] = t
        d["files"][fname] = d["files"].get(fname, 0) + 1
    out = []
    for d in days.values():
        r = d.pop("restart")
        out.append({**d, "first": d["first"].isoformat(), "last": d["last"].isoformat(),
                    "spanSeconds": round((d["last"] - d["first"]).total_seconds(), 3),
                    "precedingRestart": None if r is None else {"time": r[0].isoformat(), "kind": r[1],
                                                                 "lagSeconds": round((d["first"] - r[0]).total_seconds(), 3)}})
    return out


# Access log in the harness's LogFormat (Debian's "combined" plus %D), as `awk '$9 == 503'` sees it
ACCESS = re.compile(r'^(\S+) \S+ \S+ \[(\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2}) ([+-]\d{4})\] "([^"]*)" (\d{3}) \S+ "[^"]*" "([^"]*)"(?: (\d+))?$')
DUMMY = "(internal dummy connection)"  # httpd server/mpm_unix.c ap_mpm_podx/dummy_connection: not user traffic


def count_access_dir(d: str, gap: float = 60.0) -> dict:
    """Status counts per access-log file, the 5xx responses grouped into episodes (lines less than `gap`
    seconds apart; the time is local, second resolution) and per day. Apache's internal dummy
    connections are counted apart and left out of everything else."""
    files: dict = {}
    total = {"lines": 0, "requests": 0, "dummy": 0, "unparsed": 0, "status": {}}
    fails: list = []
    per_day: dict = {}
    for name in sorted(os.listdir(d)):
        p = os.path.join(d, name)
        if not os.path.isfile(p):
            continue
        f = {"lines": 0, "requests": 0, "dummy": 0, "unparsed": 0, "status": {}}
        for line in read_lines(p):
            f["lines"] += 1
            m = ACCESS.match(line)
            if not m:
                f["unparsed"] += 1
                continue
            if DUMMY in m.group(6):
                f["dummy"] += 1
                continue
            f["requests"] += 1
            st = m.group(5)
            bump(f["status"], st)
            t = datetime.strptime(m.group(2), "%d/%b/%Y:%H:%M:%S")
            day = per_day.setdefault(t.date().isoformat(), {"requests": 0, "status": {}})
            day["requests"] += 1
            bump(day["status"], st)
            if st.startswith("5"):
                fails.append((t, st, name))
        files[name] = f
        for k in ("lines", "requests", "dummy", "unparsed"):
            total[k] += f[k]
        for k, v in f["status"].items():
            bump(total["status"], k, v)
    fails.sort(key=lambda x: x[0])
    episodes: list = []
    for t, st, name in fails:
        if not episodes or (t - episodes[-1]["_last"]).total_seconds() > gap:
            episodes.append({"_first": t, "_last": t, "status": {}, "files": {}})
        e = episodes[-1]
        e["_last"] = t
        bump(e["status"], st)
        bump(e["files"], name)
    out = [{"first": e["_first"].isoformat(), "last": e["_last"].isoformat(), "status": e["status"], "files": e["files"]}
           for e in episodes]
    return {"files": files, "totals": total, "failureEpisodes": out, "days": per_day}


# rsyslog's RSYSLOG_TraditionalFileFormat (RFC 3164 stamp) and RSYSLOG_FileFormat (RFC 3339) lines
SYSLOG_3164 = re.compile(r"^(\w{3} [ \d]\d \d{2}:\d{2}:\d{2}) (\S+) (.*)$")
SYSLOG_3339 = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) (\S+) (.*)$")
TAG = re.compile(r"^(.{1,48}?)(\[\d+\])?: ")
ERRNO_ANY = re.compile(r"\[pid [^\]]+\] \((\d+)\)[^:]*: ")


def count_syslog_dir(d: str) -> dict:
    """Per syslog file and per host (the envelope's hostname): the same counts as count_file, read from
    the message after the envelope; tags as written (mod_wsgi daemons overwrite the process title, which
    glibc's syslog() uses as the tag)."""
    files = {}
    for name in sorted(os.listdir(d)):
        p = os.path.join(d, name)
        if not os.path.isfile(p):
            continue
        hosts: dict = {}
        f = {"lines": 0, "unparsed": 0, "hosts": hosts}
        for line in read_lines(p):
            f["lines"] += 1
            m = SYSLOG_3164.match(line) or SYSLOG_3339.match(line)
            if not m:
                f["unparsed"] += 1
                continue
            when, host, rest = m.groups()
            h = hosts.setdefault(host, {**empty(), "tags": {}, "first": when, "last": when, "errorStamps": []})
            h["lines"] += 1
            h["last"] = when
            t = TAG.match(rest)
            bump(h["tags"], re.sub(r"\[\d+\]$", "[PID]", (t.group(1) + (t.group(2) or "")) if t else "(none)"))
            mk = MARKER.search(rest)
            if mk and mk.group(1) in MARKERS:
                bump(h["markers"], MARKERS[mk.group(1)])
                bump(h["markerCodes"], mk.group(1))
            if ORIGIN.search(rest):
                h["origin-check"] += 1
            if TRUNCATED.search(rest):
                h["truncated-headers"] += 1
            c = CONNECT.search(rest)
            if not c:
                continue
            code = "WSGI0116" if BACKLOG.search(rest) else "WSGI0117"
            h[code] += 1
            e = ERRNO_ANY.search(rest)
            bump(h["errno"], e.group(1) if e else "none")
            if ROTATING.search(c.group(1)):
                h["sockets_rotating"] += 1
            elif UIDSOCK.search(c.group(1)):
                h["sockets_uid"] += 1
            h["errorStamps"].append(when)
        for h in hosts.values():
            del h["afterRestartInRotated"]
            # connect errors grouped by envelope stamp to the minute: the bursts as the syslog file shows them
            groups: dict = {}
            for w in h.pop("errorStamps"):
                bump(groups, w[:16] if w[:4].isdigit() else w[:-3])
            h["errorsByMinute"] = groups
        files[name] = f
    return {"files": files}


def count_journal_json(path: str) -> dict:
    """`journalctl -o json` (one object a line): all entries by SYSLOG_IDENTIFIER, and the Apache ones
    (transport syslog, _COMM apache2) counted like count_file on MESSAGE."""
    idents: dict = {}
    apache = {**empty(), "hostnames": {}, "comm": {}}
    del apache["afterRestartInRotated"]
    entries = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            e = json.loads(line)
            entries += 1
            bump(idents, str(e.get("SYSLOG_IDENTIFIER")))
            if e.get("_COMM") != "apache2":
                continue
            msg = e.get("MESSAGE")
            if not isinstance(msg, str):  # journald stores non-UTF-8 messages as a byte array
                msg = bytes(msg or []).decode("utf-8", "replace")
            apache["lines"] += 1
            bump(apache["hostnames"], str(e.get("_HOSTNAME")))
            bump(apache["comm"], str(e.get("SYSLOG_IDENTIFIER")))
            mk = MARKER.search(msg)
            if mk and mk.group(1) in MARKERS:
                bump(apache["markers"], MARKERS[mk.group(1)])
                bump(apache["markerCodes"], mk.group(1))
            if ORIGIN.search(msg):
                apache["origin-check"] += 1
            if TRUNCATED.search(msg):
                apache["truncated-headers"] += 1
            c = CONNECT.search(msg)
            if not c:
                continue
            code = "WSGI0116" if BACKLOG.search(msg) else "WSGI0117"
            apache[code] += 1
            m = ERRNO_ANY.search(msg)
            bump(apache["errno"], m.group(1) if m else "none")
            if ROTATING.search(c.group(1)):
                apache["sockets_rotating"] += 1
            elif UIDSOCK.search(c.group(1)):
                apache["sockets_uid"] += 1
    return {"entries": entries, "identifiers": idents, "apache": apache}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    print(json.dumps(count_dir(sys.argv[1]), indent=2, sort_keys=True))
