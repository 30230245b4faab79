#!/usr/bin/env python3
"""Reproduce mod_wsgi daemon connect failures with a real Apache, mod_wsgi and logrotate.

Every scenario runs its own isolated Apache (own ServerRoot under a temp dir,
own LoadModule list, PidFile, ErrorLog, a free high port on 127.0.0.1, its own
WSGISocketPrefix) under libfaketime, drives it with bounded clients on
127.0.0.1, runs a real `logrotate -f -s <own state> <own config>` on several
simulated days, stops everything it started (by PID) and copies the logs
exactly as Apache and logrotate left them to <out>/<scenario>/logs, the configs
to <out>/<scenario>/config, and writes counts.json + README.md from the files.

Never touches /etc/apache2 or the system Apache; needs root (Apache must
setuid to www-data, logrotate must own its config).

Usage: repro.py [--out DIR] [--days N] [--keep-workdir] [scenario ...]
"""
from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from typing import Callable

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import count  # noqa: E402  (sibling module: grep-style counting of the captured files)

APACHE = "/usr/sbin/apache2"
MODULES = "/usr/lib/apache2/modules"
LOGROTATE = "/usr/sbin/logrotate"
TZ = "Europe/Berlin"
# Simulated calendar: Apache starts the evening before the first rotation.
START_DATE = dt.date(2026, 11, 13)
ROTATE_AT = dt.time(6, 25, 0)  # like a "25 6 * * *" cron line (Debian's /etc/crontab slot for cron.daily)


# ----------------------------------------------------------------------------- scenarios

@dataclass
class Scenario:
    name: str
    title: str
    mpm: str  # prefork | event
    traffic: str  # keepalive | bursts
    rotation: str = "On"  # WSGISocketRotation
    log_name: str = "error.log"
    logrotate: str | None = None  # name of a logrotate stanza builder, None = no rotation
    daemon_opts: str = "processes=1 threads=4"
    app_path: str = "/"
    locked_prefix: bool = False
    diagnosis: str = ""
    expect: str = ""  # what the check() insists on, in words
    check: Callable[[dict], list[str]] = lambda c: []
    notes: str = ""
    days_default: int = 4
    log_level: str = "warn wsgi:info"
    # what wsgi-logdoctor must conclude (cli-contract.md finding kinds), for counts.json / test/e2e
    verdict: str = "no-errors"
    burst_cause: str | None = None  # contract bursts[].cause.kind, None = no restart cause
    errno: int | None = None  # the errno every connect error must carry
    bursts: list[tuple[int, str, int]] = field(default_factory=list)  # (day offset, HH:MM:SS, concurrency)
    # "debian" = Debian's libapache2-mod-wsgi-py3; "605" = a mod_wsgi 6.0.5 built from upstream source
    # (--mod-wsgi-605 PATH, captured once; see the scenario README for the build steps)
    modwsgi: str = "debian"
    vhost: bool = False  # a <VirtualHost> for this instance's address (the rotation-off-in-vhost case)
    # config edits during the run: (day offset, HH:MM:SS, action); after that day's rotation
    #   "server-off": WSGISocketRotation Off in the server config, `apache2 -t`, graceful
    #   "vhost-off":  WSGISocketRotation Off inside the <VirtualHost>, no reload (the admin forgot)
    edits: list[tuple[int, str, str]] = field(default_factory=list)
    logrotate_may_fail: bool = False  # a failing postrotate is part of the scenario, not a harness error
    pending: str | None = None  # the right verdict needs a feature the tool lacks: test/e2e keeps it as a todo


def _need(cond: bool, msg: str) -> list[str]:
    return [] if cond else [msg]


def check_rotation_on(c: dict) -> list[str]:
    t = c["totals"]
    return (_need(t["WSGI0117"] >= c["rotations"], f"expected >= one ENOENT connect error per rotation ({c['rotations']}), got {t['WSGI0117']}")
            + _need(t["errno"].get("2", 0) == t["WSGI0117"], "expected every WSGI0117-equivalent to be (2) ENOENT")
            + _need(t["markers"].get("graceful", 0) == c["rotations"], "expected one graceful-restart marker per rotation"))


def check_rotation_off(c: dict) -> list[str]:
    t = c["totals"]
    return (_need(t["origin-check"] >= 1, "expected 'Request origin could not be validated' from the new daemon")
            + _need(t["truncated-headers"] >= 1, "expected 'Truncated or oversized response headers' from old children")
            + _need(t["sockets_rotating"] == 0, "expected no generation-numbered socket paths with rotation Off"))


def check_no_connect_errors(c: dict) -> list[str]:
    t = c["totals"]
    return _need(t["WSGI0116"] + t["WSGI0117"] == 0, f"expected no connect errors, got {t['WSGI0116']}+{t['WSGI0117']}")


def check_backlog(c: dict) -> list[str]:
    t = c["totals"]
    return (_need(t["WSGI0116"] >= 1, "expected backlog (WSGI0116-equivalent) errors")
            + _need(t["errno"].get("11", 0) >= 1, "expected (11) EAGAIN")
            + _need(t["markers"].get("graceful", 0) + t["markers"].get("restart", 0) == 0, "expected no restarts"))


def check_permission(c: dict) -> list[str]:
    t = c["totals"]
    return (_need(t["WSGI0117"] >= 1, "expected WSGI0117-equivalent errors")
            + _need(t["errno"].get("13", 0) == t["WSGI0117"], "expected every one to be (13) EACCES"))


def check_halfway(c: dict) -> list[str]:
    t = c["totals"]
    return (_need(t["sockets_rotating"] >= 1, "expected generation-numbered sockets before the switch")
            + _need(t["sockets_uid"] + t["origin-check"] >= 1, "expected u<uid> sockets or origin-check lines after the switch")
            + _need(t["markers"].get("graceful", 0) == c["rotations"] + 1, "expected one graceful per rotation plus the switch"))


def check_vhost(c: dict) -> list[str]:
    runs = c.get("logrotateRuns") or []
    failed = [i for i, r in enumerate(runs) if r["exit"] != 0]
    return (_need(len(failed) == 1, f"expected exactly one failing logrotate run, got {len(failed)}")
            + _need(any("AH00526" in runs[i]["stderr"] for i in failed), "expected AH00526 on the failing postrotate's stderr")
            # a graceful marker for each run before the failing one, none for it, none after (nothing left to rotate)
            + _need(bool(failed) and c["totals"]["markers"].get("graceful", 0) == failed[0],
                    "expected graceful markers only for the runs before the failed reload"))


def check_clock(c: dict) -> list[str]:
    """Every timestamp must lie in the simulated span of the run: a line stamped with the real
    clock means libfaketime was bypassed (see docs/reproduction.md, harness artefacts)."""
    fakes = [dt.datetime.strptime(e["fake"], "%Y-%m-%dT%H:%M:%S%z").replace(tzinfo=None) for e in c.get("timeline", [])]
    if not fakes or "first" not in c:
        return []
    lo, hi = min(fakes) - dt.timedelta(minutes=1), max(fakes) + dt.timedelta(minutes=1)
    first, last = dt.datetime.fromisoformat(c["first"]), dt.datetime.fromisoformat(c["last"])
    return _need(lo <= first and last <= hi, f"timestamps {first}..{last} leave the simulated span {lo}..{hi}")


BUILD_605 = textwrap.dedent("""\
    ## Build (mod_wsgi 6.0.5 from upstream source; captured once, CI keeps Debian's 4.9.4)

    The module was built by hand and loaded by absolute path; neither its source nor the `.so` is in this
    repository. Debian 12 packages: apache2-dev 2.4.71-1~deb12u1, python3-dev 3.11.2-1+b1 (python3.11-dev
    3.11.2-6+deb12u6), libapr1-dev 1.7.2-3+deb12u1, gcc 12.2.0-14+deb12u1. Upstream tag `mod_wsgi-6.0.5`
    (tag object fc8d69104cfbaca61687d9306a81fe74f4e0ec65, commit e2da5fa45cfbf82553531dd57b2bc688727df3b3) of
    the upstream repository (GrahamDumpleton/mod_wsgi on GitHub). Commands (as root; for this capture the
    `git archive` ran on a bare copy of that repository fetched beforehand, the same as the clone below):

    ```sh
    apt-get install -y --no-install-recommends apache2-dev python3-dev
    git clone --bare https://github.com/GrahamDumpleton/mod_wsgi /tmp/mod_wsgi.git
    mkdir -p /tmp/modwsgi605
    git --git-dir=/tmp/mod_wsgi.git archive mod_wsgi-6.0.5 | tar -x -C /tmp/modwsgi605
    cd /tmp/modwsgi605
    ./configure --with-apxs=/usr/bin/apxs --with-python=/usr/bin/python3
    make            # no `make install`: Debian's module in /usr/lib/apache2/modules stays untouched
    cd -            # back in the repository
    sudo scripts/repro/run-all.sh --mod-wsgi-605 /tmp/modwsgi605/src/server/.libs/mod_wsgi.so <scenario>
    ```

    The `.so` used here had SHA-256 586f9498979d3ea853593dc2ed432ffc0f9d0ccebc459f906b2a4ae15f83f45c.
    `config/httpd.conf` shows the `LoadModule wsgi_module` path it was loaded from.""")

IRREGULAR = [(0, "09:13:07", 0), (0, "11:47:31", 0), (0, "15:02:44", 0), (1, "03:58:10", 0), (1, "10:21:55", 0)]

SCENARIOS: dict[str, Scenario] = {s.name: s for s in [
    Scenario(
        name="daily-rotation-prefork", verdict="rotation-restart", burst_cause='graceful-restart', errno=2,
        title="Daily logrotate with a graceful restart, WSGISocketRotation On (default), prefork MPM",
        mpm="prefork", traffic="keepalive", logrotate="debian",
        diagnosis="rotation-restart: each burst of `(2)No such file or directory … Unable to connect to WSGI daemon process "
                  "… as user with uid=33.` follows a graceful restart caused by logrotate's postrotate at 06:25 every day; "
                  "the failing socket path carries the previous MPM generation. Recommend `WSGISocketRotation Off` "
                  "(server config; mod_wsgi 4.9.4 ≥ 4.6.0), with the prefork caveat that old children then fail the origin check "
                  "instead (see rotation-off-prefork); the complete cure is the event MPM, a short KeepAliveTimeout or copytruncate.",
        expect="at least one ENOENT connect error per rotation, one graceful marker per rotation",
        check=check_rotation_on),
    Scenario(
        name="rotation-off-prefork", verdict="rotation-already-off", burst_cause='graceful-restart', errno=2,
        title="The same with WSGISocketRotation Off, prefork MPM",
        mpm="prefork", traffic="keepalive", rotation="Off", logrotate="debian",
        diagnosis="rotation-already-off: the socket paths carry `u33`, so `WSGISocketRotation Off` is in effect, yet errors "
                  "still follow every graceful restart. Most old-child keep-alive requests now reach the *new* daemon, which "
                  "rejects them (`[wsgi:alert] … Request origin could not be validated.`, written by the new daemon into the "
                  "new file) while the old child logs `Truncated or oversized response headers received from daemon process` "
                  "into the rotated file (HTTP 500); the few requests that arrive while the parent is re-creating the socket get "
                  "`(2)No such file or directory … wsgi.<ppid>.u33.1.sock` (HTTP 503). Recommending `WSGISocketRotation Off` "
                  "again would be wrong: the cure is the event MPM, a short KeepAliveTimeout, or rotation without a reload.",
        expect="origin-check pair present, no generation-numbered socket paths",
        check=check_rotation_off),
    Scenario(
        name="daily-rotation-event",
        title="Daily logrotate with a graceful restart, WSGISocketRotation On, event MPM",
        mpm="event", traffic="keepalive", logrotate="debian",
        diagnosis="no-errors: the event MPM closes idle keep-alive connections of dying children at a graceful restart "
                  "(httpd server/mpm/event/event.c, process_keepalive_queue(0) \"kill'em all\"), so no old child ever "
                  "proxies a request to the removed socket.",
        expect="no connect errors",
        check=check_no_connect_errors),
    Scenario(
        name="daily-rotation-worker", verdict="rotation-restart", burst_cause="graceful-restart", errno=2,
        title="Daily logrotate with a graceful restart, WSGISocketRotation On, worker MPM",
        mpm="worker", traffic="keepalive", logrotate="debian",
        diagnosis="rotation-restart, as under prefork: worker threads blocked on an idle keep-alive connection serve the "
                  "next request with the old configuration (httpd modules/http/http_core.c ap_process_http_sync_connection "
                  "checks AP_MPMQ_STOPPING only *after* a request), so they connect to the removed socket.",
        expect="at least one ENOENT connect error per rotation, one graceful marker per rotation",
        check=check_rotation_on),
    Scenario(
        name="backlog-overload", verdict="backlog-overload", burst_cause=None, errno=11,
        title="Listener backlog overload: processes=1 threads=1 listen-backlog=1, slow app, concurrent bursts, no restarts",
        mpm="prefork", traffic="bursts", daemon_opts="processes=1 threads=1 listen-backlog=1 connect-timeout=3",
        app_path="/slow", bursts=[(d, t, 8) for d, t, _ in IRREGULAR], days_default=2,
        diagnosis="backlog-overload: `(11)Resource temporarily unavailable … after multiple attempts as listener backlog limit "
                  "was exceeded or the socket does not exist.` at irregular times, same socket generation throughout, no restart "
                  "nearby. Recommend more processes/threads, a larger listen-backlog, queue-timeout.",
        expect="(11) EAGAIN backlog errors, no restarts",
        check=check_backlog),
    Scenario(
        name="socket-permission", verdict="socket-permission", burst_cause=None, errno=13,
        title="WSGISocketPrefix in a directory the Apache user (www-data) cannot traverse (0700 root)",
        mpm="prefork", traffic="bursts", locked_prefix=True, bursts=[(d, t, 3) for d, t, _ in IRREGULAR], days_default=2,
        diagnosis="socket-permission: every proxied request fails at once with `(13)Permission denied … as user with uid=33.`, "
                  "from the first request on, unrelated to time of day or restarts. Recommend a WSGISocketPrefix in a "
                  "directory www-data can traverse.",
        expect="only (13) EACCES connect errors",
        check=check_permission),
    Scenario(
        name="full-restart-prefork",
        title="Daily logrotate whose postrotate does a full restart (SIGHUP via apache2 -k restart), prefork, RHEL-style dateext",
        mpm="prefork", traffic="keepalive", logrotate="rhel-hup", log_name="error_log",
        # Debian's default LogLevel here: with wsgi:info the children killed by SIGHUP while blocked in
        # poll() log their Python shutdown with the *real* clock (libfaketime 0.9.10 runs real_poll()
        # under its thread-local dont_fake flag, and prefork's SIGHUP handler logs from inside it)
        log_level="warn",
        diagnosis="no-errors: a full restart kills the old children together with their keep-alive connections, so no "
                  "old child outlives the socket (clients see a reset connection instead). The tool must not blame these "
                  "restarts.",
        expect="no connect errors",
        check=check_no_connect_errors),
    Scenario(
        name="copytruncate-prefork",
        title="Daily logrotate with copytruncate and no postrotate (no restart at all), prefork",
        mpm="prefork", traffic="keepalive", logrotate="copytruncate", log_name="error_log",
        diagnosis="no-errors: copytruncate never signals Apache, so the generation never changes and nothing fails. "
                  "The rotations are visible only in the file names/state file, not as restart markers.",
        expect="no connect errors",
        check=check_no_connect_errors),
    Scenario(
        name="daily-rotation-prefork-605", verdict="rotation-restart", burst_cause="graceful-restart", errno=2,
        title="Daily logrotate with a graceful restart, WSGISocketRotation On, prefork MPM, mod_wsgi 6.0.5 built from source",
        mpm="prefork", traffic="keepalive", logrotate="debian", modwsgi="605", notes=BUILD_605,
        diagnosis="rotation-restart, as in daily-rotation-prefork, in mod_wsgi 6.x wording: `(2)No such file or directory: … "
                  "mod_wsgi (pid=N): WSGI0117: Unable to connect to WSGI daemon process 'app' on '<prefix>.<ppid>.<gen>.1.sock' "
                  "…` in the rotated file after each graceful restart. Recommend `WSGISocketRotation Off` with the prefork caveat.",
        expect="at least one ENOENT connect error per rotation, one graceful marker per rotation",
        check=check_rotation_on),
    Scenario(
        name="rotation-off-prefork-605", verdict="rotation-already-off", burst_cause="graceful-restart", errno=2,
        title="Daily logrotate with a graceful restart, WSGISocketRotation Off, prefork MPM, mod_wsgi 6.0.5 built from source",
        mpm="prefork", traffic="keepalive", rotation="Off", logrotate="debian", modwsgi="605", notes=BUILD_605,
        diagnosis="rotation-already-off, in 6.x wording: the new daemon logs `WSGI0034: Request origin could not be validated; "
                  "magic token mismatch.` and the old child `WSGI0146: Daemon process 'app' closed connection before sending "
                  "complete response headers` (HTTP 500); sockets carry `u33`. Do not recommend Off again.",
        expect="origin-check pair present, no generation-numbered socket paths",
        check=check_rotation_off),
    Scenario(
        name="rotation-off-halfway", verdict="rotation-already-off", burst_cause="graceful-restart", errno=2,
        title="WSGISocketRotation switched from On to Off half-way (server config, apache2 -t, graceful), prefork",
        mpm="prefork", traffic="keepalive", logrotate="debian", days_default=5, edits=[(1, "14:00:00", "server-off")],
        diagnosis="before/after: daily ENOENT bursts on generation-numbered sockets while On; the graceful restart that "
                  "applies Off still gives one ENOENT burst on the old generation; from then on the sockets are `…u33.1.sock` "
                  "and the rotations give origin-check 500s (prefork) instead of 503s. Off is in effect since the switch: "
                  "do not recommend it again (issue 15: fix verification).",
        expect="generation-numbered sockets before, u33 sockets or origin-check after, one graceful per rotation plus the switch",
        check=check_halfway),
    Scenario(
        name="rotation-off-in-vhost", verdict="fix-not-in-effect", burst_cause="graceful-restart", errno=2,
        title="WSGISocketRotation Off put inside <VirtualHost> (refused by Apache): the next reload fails, Apache keeps the old config",
        mpm="prefork", traffic="keepalive", logrotate="debian", days_default=6, vhost=True,
        edits=[(1, "14:00:00", "vhost-off")], logrotate_may_fail=True,
        diagnosis="fix-not-in-effect: `WSGISocketRotation Off` sits inside `<VirtualHost>`; the next logrotate postrotate "
                  "(`apache2 -k graceful`) fails with AH00526 on its own stderr (see `logrotate/`), nothing reaches the Apache "
                  "logs, Apache keeps the old configuration and keeps writing to the renamed files (`error.log.1`, "
                  "`access.log.1`) for days while the new ones stay empty; with notifempty the later runs rotate and reload "
                  "nothing, so the bursts stop — not because the fix works.",
        expect="exactly one failing logrotate run (AH00526), no graceful marker for it",
        check=check_vhost),
]}


# ----------------------------------------------------------------------------- processes

def log(msg: str) -> None:
    print(f"repro: {msg}", file=sys.stderr, flush=True)


def find_faketime() -> str:
    hits = sorted(glob.glob("/usr/lib/*/faketime/libfaketime.so.1")) + sorted(glob.glob("/usr/lib/faketime/libfaketime.so.1"))
    if not hits:
        raise SystemExit("repro: libfaketime.so.1 not found (install Debian package libfaketime/faketime)")
    return hits[0]


class Clock:
    """A libfaketime offset file: every faked process re-reads it on each time call
    (FAKETIME_NO_CACHE=1), so all of them share one simulated wall clock that runs at
    real speed and can be jumped. An offset ("+N"/"-N" seconds) rather than an absolute
    "@time" keeps processes started at different moments in agreement (libfaketime
    counts an "@" start time from each process's own start)."""

    def __init__(self, path: str, lib: str):
        self.path = path
        self.lib = lib
        self.set(dt.datetime.combine(START_DATE, dt.time(20, 59, 55)))

    def set(self, local: dt.datetime) -> None:
        target = local_epoch(local)
        offset = int(round(target - time.time()))  # whole seconds: libfaketime's "+N" offset syntax
        self.offset = offset
        tmp = self.path + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{offset:+d}\n")
        os.replace(tmp, self.path)

    def sleep_until(self, local: dt.datetime) -> None:
        """Real-time sleep until the simulated clock shows `local` (absorbs the rounding of set())."""
        wait = local_epoch(local) - (time.time() + self.offset)
        if wait > 0:
            time.sleep(wait)

    def env(self) -> dict:
        e = base_env()
        e.update({
            "LD_PRELOAD": self.lib,
            "FAKETIME_TIMESTAMP_FILE": self.path,
            "FAKETIME_NO_CACHE": "1",
            # mtimes stay real: a faked stat() makes mod_wsgi see the script "change" on every jump
            "NO_FAKE_STAT": "1",
            # a faked monotonic clock makes Python's timed waits (mod_wsgi's daemon threads) hang
            "FAKETIME_DONT_FAKE_MONOTONIC": "1",
        })
        return e


def base_env() -> dict:
    return {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "TZ": TZ, "LANG": "C", "LC_ALL": "C"}


def local_epoch(local: dt.datetime) -> float:
    """Epoch seconds of a wall-clock time in TZ (via the C library with TZ set, as Apache sees it)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = TZ
    time.tzset()
    try:
        return time.mktime(local.timetuple())
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()


def ppid_of(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def is_apache(pid: int) -> bool:
    """Still one of ours? By executable, not name: mod_wsgi's display-name=%{GROUP} renames the
    daemon's argv to "(wsgi:app)", and a PID may have been reused since we saw it."""
    try:
        return os.path.realpath(f"/proc/{pid}/exe") == os.path.realpath(APACHE)
    except OSError:
        return False


def descendants(root: int) -> set[int]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            p = ppid_of(int(d))
            if p is not None:
                kids.setdefault(p, []).append(int(d))
    out: set[int] = set()
    todo = [root]
    while todo:
        for k in kids.get(todo.pop(), []):
            if k not in out:
                out.add(k)
                todo.append(k)
    return out


class Instance:
    """One isolated Apache; remembers every PID it ever saw in its process tree."""

    def __init__(self, root: str, conf: str, clock: Clock, error_log: str):
        self.root, self.conf, self.clock, self.error_log = root, conf, clock, error_log
        self.pidfile = os.path.join(root, "run", "httpd.pid")
        self.parent: int | None = None
        self.seen: set[int] = set()

    def start(self, port: int) -> None:
        r = subprocess.run([APACHE, "-f", self.conf, "-k", "start"], env=self.clock.env(),
                           capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise RuntimeError(f"apache2 -k start failed ({r.returncode}): {r.stderr.strip()}")
        # Ready = the parent has logged "configured -- resuming normal operations" (AH00163/AH00489).
        # The port alone is not enough: the kernel accepts into the listen backlog before the
        # parent has finished starting children, and traffic sent then is logged out of order.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                self.parent = int(open(self.pidfile).read().strip())
                with open(self.error_log, errors="replace") as f:
                    if "configured -- resuming normal operations" in f.read():
                        with socket.create_connection(("127.0.0.1", port), timeout=1):
                            break
            except (OSError, ValueError):
                pass
            time.sleep(0.2)
        else:
            raise RuntimeError("apache did not come up within 20 s")
        time.sleep(0.5)
        self.track()

    def track(self) -> None:
        if self.parent is not None:
            self.seen |= {self.parent} | descendants(self.parent)

    def stop(self) -> None:
        """SIGTERM the parent (what `apache2 -k stop` sends), then SIGKILL any process of
        its tree that is still alive after 15 s — by PID, checking it is still apache2."""
        self.track()
        if self.parent is not None and is_apache(self.parent):
            try:
                os.kill(self.parent, signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(is_apache(p) for p in self.seen):
            time.sleep(0.2)
        for p in sorted(self.seen):
            if is_apache(p):
                log(f"SIGKILL leftover apache2 pid {p}")
                try:
                    os.kill(p, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self.parent = None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ----------------------------------------------------------------------------- files

APP = '''\
# Tiny WSGI app for the reproduction harness. /slow sleeps to saturate a one-thread daemon.
import os, select

def application(environ, start_response):
    # Some application logging (every 10th request of a keep-alive client), as real apps do: it
    # lands in the error log as [wsgi:error] ... [remote ...] lines and keeps the log non-empty
    # between restarts, so `notifempty` rotations (copytruncate scenario) still happen daily.
    q = environ.get("QUERY_STRING", "")
    if q.endswith("0") and "n=" in q:
        print("app: served %s" % q, file=environ["wsgi.errors"])
    if environ.get("PATH_INFO") == "/slow":
        # not time.sleep(): under libfaketime 0.9.10 with FAKETIME_DONT_FAKE_MONOTONIC=1 Python's
        # clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME) fails with EINVAL; select() works.
        select.select([], [], [], 1.5)
    body = ("ok pid=%d\\n" % os.getpid()).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
'''


# Debian's "combined" plus %D (time taken, microseconds): what issue 15's access-log impact reads
ACCESS_FORMAT = r'"%h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\" %D" combined_D'
MODWSGI_SO = {"debian": os.path.join(MODULES, "mod_wsgi.so")}  # "605": set from --mod-wsgi-605


def access_name(s: Scenario) -> str:
    """access.log beside error.log (Debian), access_log beside error_log (RHEL): the same stanza glob rotates both."""
    return "access_log" if s.log_name == "error_log" else "access.log"


def httpd_conf(s: Scenario, root: str, port: int, rotation: str | None = None, vhost_rotation: str | None = None,
               error_log: str | None = None) -> str:
    rotation = rotation or s.rotation
    prefix_dir = os.path.join(root, "locked" if s.locked_prefix else "run")
    if s.mpm == "prefork":
        mpm = textwrap.dedent("""\
            LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so
            StartServers 8
            MinSpareServers 4
            MaxSpareServers 12
            MaxRequestWorkers 24
            MaxConnectionsPerChild 0""")
    elif s.mpm == "worker":
        mpm = textwrap.dedent("""\
            LoadModule mpm_worker_module /usr/lib/apache2/modules/mod_mpm_worker.so
            StartServers 2
            ThreadsPerChild 8
            MaxRequestWorkers 32
            MaxConnectionsPerChild 0""")
    else:
        mpm = textwrap.dedent("""\
            LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
            StartServers 2
            ThreadsPerChild 8
            MaxRequestWorkers 32
            MaxConnectionsPerChild 0""")
    return textwrap.dedent(f"""\
        # Isolated instance written by scripts/repro/repro.py (scenario {s.name}); never the system Apache.
        ServerRoot "{root}"
        ServerName repro.localhost
        Listen 127.0.0.1:{port}
        PidFile "{root}/run/httpd.pid"
        DefaultRuntimeDir "{root}/run"
        User www-data
        Group www-data
        """) + mpm + textwrap.dedent(f"""
        LoadModule authz_core_module {MODULES}/mod_authz_core.so
        LoadModule mime_module {MODULES}/mod_mime.so
        LoadModule wsgi_module {MODWSGI_SO[s.modwsgi]}
        TypesConfig /etc/mime.types
        ErrorLog {error_log or '"' + root + '/logs/' + s.log_name + '"'}
        LogFormat {ACCESS_FORMAT}
        CustomLog "{root}/logs/{access_name(s)}" combined_D
        # wsgi:info shows the daemon lifecycle, as the mod_wsgi maintainer advises when debugging
        LogLevel {s.log_level}
        KeepAlive On
        KeepAliveTimeout 300
        MaxKeepAliveRequests 0
        Timeout 60
        DocumentRoot "{root}/app"
        WSGISocketPrefix "{prefix_dir}/wsgi"
        WSGISocketRotation {rotation}
        # deadlock-timeout=0: mod_wsgi's deadlock monitor compares apr_time_now() (faked) against a
        # deadline its GIL thread refreshes every second (src/server/mod_wsgi.c wsgi_deadlock_thread /
        # wsgi_monitor_thread); a simulated jump of hours makes it fire spuriously and restart the daemon
        WSGIDaemonProcess app {s.daemon_opts} deadlock-timeout=0 display-name=%{{GROUP}}
        WSGIProcessGroup app
        WSGIApplicationGroup %{{GLOBAL}}
        WSGIScriptAlias / "{root}/app/app.wsgi"
        <Directory "{root}/app">
            Require all granted
        </Directory>
        """) + (textwrap.dedent(f"""\
        <VirtualHost 127.0.0.1:{port}>
            ServerName repro.localhost
        """) + (f"    WSGISocketRotation {vhost_rotation}\n" if vhost_rotation else "") + "</VirtualHost>\n" if s.vhost else "")


STANZAS = {
    "debian": "Debian 12's apache2 stanza: daily, numbered names (`error.log.1`, `error.log.2.gz`, …), rotate 14, "
              "compress + delaycompress, notifempty, create 640 root adm, sharedscripts, postrotate "
              "`apache2 -f <conf> -k graceful` (SIGUSR1, what `invoke-rc.d apache2 reload` ends in)",
    "rhel-hup": "RHEL-style: dateext (`error_log-YYYYMMDD`), daily, rotate 14, compress + delaycompress, notifempty, "
                "sharedscripts, postrotate `apache2 -f <conf> -k restart` (SIGHUP, a full restart)",
    "copytruncate": "dateext (`error_log-YYYYMMDD.gz`), daily, rotate 14, compress, notifempty, copytruncate, no postrotate "
                    "(Apache is never signalled)",
}


def logrotate_conf(s: Scenario, root: str, conf: str) -> str:
    logs = os.path.join(root, "logs")
    if s.logrotate == "debian":
        # Debian 12's /etc/logrotate.d/apache2, with this instance's paths and a graceful restart of
        # *this* instance in place of `invoke-rc.d apache2 reload` (which ends in `apachectl graceful`).
        return textwrap.dedent(f"""\
            {logs}/*.log {{
            	daily
            	missingok
            	rotate 14
            	compress
            	delaycompress
            	notifempty
            	create 640 root adm
            	sharedscripts
            	postrotate
            		{APACHE} -f {conf} -k graceful
            	endscript
            }}
            """)
    if s.logrotate == "rhel-hup":
        # RHEL's /etc/logrotate.d/httpd layout (dateext from the global logrotate.conf), but with a
        # full restart (SIGHUP) as some sites use (apache/infrastructure-puppet#1723).
        return textwrap.dedent(f"""\
            dateext
            {logs}/*log {{
                daily
                rotate 14
                compress
                delaycompress
                missingok
                notifempty
                sharedscripts
                postrotate
                    {APACHE} -f {conf} -k restart
                endscript
            }}
            """)
    if s.logrotate == "copytruncate":
        return textwrap.dedent(f"""\
            dateext
            {logs}/*log {{
                daily
                rotate 14
                compress
                missingok
                notifempty
                copytruncate
            }}
            """)
    raise ValueError(s.logrotate)


# ----------------------------------------------------------------------------- run

def sleep(sec: float) -> None:
    time.sleep(sec)


def run_scenario(s: Scenario, out_dir: str, days: int, keep: bool, pre: float, post: float, conns: int = 4) -> dict:
    lib = find_faketime()
    root = tempfile.mkdtemp(prefix=f"wsgi-logdoctor-repro-{s.name}-", dir="/tmp")  # AF_UNIX paths max 107 bytes
    os.chmod(root, 0o755)  # www-data must reach app/ and run/
    for d, mode in (("conf", 0o755), ("logs", 0o755), ("run", 0o755), ("app", 0o755), ("logrotate", 0o755)):
        os.makedirs(os.path.join(root, d), mode=mode, exist_ok=True)
        os.chmod(os.path.join(root, d), mode)
    if s.locked_prefix:
        os.makedirs(os.path.join(root, "locked"))
        os.chmod(os.path.join(root, "locked"), 0o700)  # root-only: www-data cannot traverse it
    with open(os.path.join(root, "app", "app.wsgi"), "w") as f:
        f.write(APP)
    port = free_port()
    conf = os.path.join(root, "conf", "httpd.conf")
    with open(conf, "w") as f:
        f.write(httpd_conf(s, root, port))
    lr_conf = os.path.join(root, "logrotate", "logrotate.conf")
    lr_state = os.path.join(root, "logrotate", "status")
    if s.logrotate:
        with open(lr_conf, "w") as f:
            f.write(logrotate_conf(s, root, conf))
        os.chmod(lr_conf, 0o644)
    clock = Clock(os.path.join(root, "faketime"), lib)
    inst = Instance(root, conf, clock, os.path.join(root, "logs", s.log_name))
    clients: list[subprocess.Popen] = []
    stop_file = os.path.join(root, "stop-clients")
    timeline: list[dict] = []
    lr_runs: list[dict] = []  # every logrotate run: date, exit status, stdout, stderr
    edits_done: list[dict] = []
    os.makedirs(os.path.join(root, "logrotate", "runs"), exist_ok=True)

    def mark(what: str) -> None:
        timeline.append({"what": what, "real": round(time.time(), 3), "fake": fake_now(clock)})

    log(f"{s.name}: ServerRoot {root}, port {port}, {days} day(s)")
    rotations = 0
    try:
        clock.set(dt.datetime.combine(START_DATE, dt.time(20, 59, 55)))
        inst.start(port)
        mark("apache started")
        if s.traffic == "keepalive":
            budget = 10 + days * (pre + post + 2) + 30
            clients.append(subprocess.Popen(
                [sys.executable, os.path.join(HERE, "client.py"), "keepalive", "--port", str(port), "--conns", str(conns),
                 "--interval", "1", "--duration", str(int(budget)), "--max-requests", "600",
                 "--stop-file", stop_file, "--out", os.path.join(root, "client-stats.json")],
                env=base_env()))
            sleep(3)
            for k in range(days):
                day = START_DATE + dt.timedelta(days=1 + k)
                clock.set(dt.datetime.combine(day, ROTATE_AT) - dt.timedelta(seconds=pre))
                mark(f"day {k + 1}: clock jumped")
                clock.sleep_until(dt.datetime.combine(day, ROTATE_AT))
                if s.logrotate:
                    mark(f"day {k + 1}: logrotate -f")
                    # --log: logrotate's own verbose log of this run (overwritten per run, so one file a day)
                    lr_log = os.path.join(root, "logrotate", "runs", f"{day.isoformat()}.log")
                    r = subprocess.run([LOGROTATE, "-f", "-s", lr_state, "--log", lr_log, lr_conf], env=clock.env(),
                                       capture_output=True, text=True, timeout=120)
                    lr_runs.append({"date": day.isoformat(), "exit": r.returncode, "stdout": r.stdout, "stderr": r.stderr})
                    with open(os.path.join(root, "logrotate", "runs", f"{day.isoformat()}.stderr"), "w") as f:
                        f.write(r.stderr)
                    if r.returncode != 0 and not s.logrotate_may_fail:
                        raise RuntimeError(f"logrotate failed ({r.returncode}): {r.stderr.strip()}")
                    rotations += 1
                    inst.track()
                sleep(post)
                inst.track()
                for e_off, hms, action in s.edits:
                    if e_off == k:
                        h, m, sec = map(int, hms.split(":"))
                        at = dt.datetime.combine(day, dt.time(h, m, sec))
                        clock.set(at - dt.timedelta(seconds=pre))
                        clock.sleep_until(at)
                        mark(f"day {k + 1}: edit {action}")
                        edit_config(s, inst, root, port, action, edits_done)
                        sleep(post)
                        inst.track()
            with open(stop_file, "w"):
                pass
            for c in clients:
                c.wait(timeout=60)
        else:
            # let the children finish initialising (embedded Python in every prefork child takes
            # a second or two on 2 cores); otherwise their startup lines straddle the clock jump
            sleep(3)
            for n, (day_off, hms, conc) in enumerate(s.bursts):
                if day_off >= days:
                    continue
                h, m, sec = map(int, hms.split(":"))
                clock.set(dt.datetime.combine(START_DATE + dt.timedelta(days=1 + day_off), dt.time(h, m, sec)))
                mark(f"burst {n + 1}: {conc} concurrent requests")
                stats = os.path.join(root, f"client-stats-burst{n + 1}.json")
                c = subprocess.Popen([sys.executable, os.path.join(HERE, "client.py"), "burst", "--port", str(port),
                                      "--conns", str(conc), "--path", s.app_path, "--duration", "30",
                                      "--timeout", "25", "--out", stats], env=base_env())
                clients.append(c)
                c.wait(timeout=60)
                inst.track()
                sleep(1)
        mark("stopping apache")
    finally:
        for c in clients:
            if c.poll() is None:
                c.kill()
                c.wait()
        inst.stop()
    mark("apache stopped")
    result = capture(s, root, out_dir, days, rotations, timeline, port, conns, lr_runs, edits_done)
    if not keep:
        shutil.rmtree(root, ignore_errors=True)
    else:
        log(f"{s.name}: kept {root}")
    return result


def edit_config(s: Scenario, inst: "Instance", root: str, port: int, action: str, done: list) -> None:
    """An administrator's change to the running server's httpd.conf (see Scenario.edits)."""
    conf = inst.conf
    if action == "server-off":
        text = httpd_conf(s, root, port, rotation="Off")
    elif action == "vhost-off":
        text = httpd_conf(s, root, port, vhost_rotation="Off")
    else:
        raise ValueError(action)
    shutil.copy2(conf, os.path.join(root, "conf", f"httpd.conf.before-{action}"))  # what ran until now
    with open(conf, "w") as f:
        f.write(text)
    # what the admin would run; its output is kept (exit 1 + AH00526 for the VirtualHost case)
    t = subprocess.run([APACHE, "-f", conf, "-t"], env=inst.clock.env(), capture_output=True, text=True, timeout=60)
    entry = {"action": action, "configtest": {"exit": t.returncode, "output": (t.stdout + t.stderr).strip()}}
    if action == "server-off":
        g = subprocess.run([APACHE, "-f", conf, "-k", "graceful"], env=inst.clock.env(), capture_output=True, text=True,
                           timeout=60)
        entry["graceful"] = {"exit": g.returncode, "output": (g.stdout + g.stderr).strip()}
        if t.returncode != 0 or g.returncode != 0:
            raise RuntimeError(f"{action}: configtest/graceful failed: {entry}")
    done.append(entry)
    log(f"{s.name}: {entry}")


def fake_now(clock: Clock) -> str:
    """What the faked processes currently see, as local ISO text."""
    r = subprocess.run(["date", "+%Y-%m-%dT%H:%M:%S%z"], env=clock.env(), capture_output=True, text=True)
    return r.stdout.strip()


def capture(s: Scenario, root: str, out_dir: str, days: int, rotations: int, timeline: list, port: int, conns: int,
            lr_runs: list, edits: list) -> dict:
    dest = os.path.join(out_dir, s.name)
    if os.path.exists(dest):
        shutil.rmtree(dest)
    os.makedirs(os.path.join(dest, "logs"))
    os.makedirs(os.path.join(dest, "access"))
    os.makedirs(os.path.join(dest, "config"))
    for f in sorted(os.listdir(os.path.join(root, "logs"))):
        # the access log beside the error log in Apache's logs/, but apart in the fixture: logs/ is what the
        # error-log reader is held to, access/ what the access-log impact reads
        sub = "access" if f.startswith("access") else "logs"
        shutil.copy2(os.path.join(root, "logs", f), os.path.join(dest, sub, f))
    runs = sorted(os.listdir(os.path.join(root, "logrotate", "runs")))
    if runs:
        os.makedirs(os.path.join(dest, "logrotate"))
        for f in runs:
            shutil.copy2(os.path.join(root, "logrotate", "runs", f), os.path.join(dest, "logrotate", f))
    for f in sorted(os.listdir(os.path.join(root, "conf"))):
        if f.startswith("httpd.conf.before-"):
            shutil.copy2(os.path.join(root, "conf", f), os.path.join(dest, "config", f))
    shutil.copy2(os.path.join(root, "conf", "httpd.conf"), os.path.join(dest, "config", "httpd.conf"))
    shutil.copy2(os.path.join(root, "app", "app.wsgi"), os.path.join(dest, "config", "app.wsgi"))
    for f in ("logrotate.conf", "status"):
        p = os.path.join(root, "logrotate", f)
        if os.path.exists(p):
            shutil.copy2(p, os.path.join(dest, "config", "logrotate.conf" if f == "logrotate.conf" else "logrotate.status"))
    clients = {}
    for p in sorted(glob.glob(os.path.join(root, "client-stats*.json"))):
        with open(p) as f:
            clients[os.path.basename(p)[:-5]] = json.load(f)
    return write_report(s, dest, {"days": days, "rotations": rotations, "serverRoot": root, "port": port, "keepaliveClients": conns,
                                  "clients": clients, "timeline": timeline, "logrotateRuns": lr_runs, "edits": edits})


def write_report(s: Scenario, dest: str, run: dict) -> dict:
    """counts.json + README.md from the captured files in dest/logs and the run's facts."""
    for r in run.get("logrotateRuns") or []:
        # did this run rotate anything? (with notifempty, an empty log is left alone and postrotate not run)
        p = os.path.join(dest, "logrotate", f"{r['date']}.log")
        r["rotated"] = os.path.exists(p) and "rotating log " in open(p, errors="replace").read()
    counts = count.count_dir(os.path.join(dest, "logs"))
    if os.path.isdir(os.path.join(dest, "access")):
        counts["access"] = count.count_access_dir(os.path.join(dest, "access"))
    counts.update({"scenario": s.name, "mpm": s.mpm, "timezone": TZ,
                   "expected": {"verdict": s.verdict, "burstCause": s.burst_cause, "errno": s.errno,
                                **({"pending": s.pending} if s.pending else {}),
                                # contract rotations[].action: what this stanza's postrotate does to Apache
                                "rotationAction": {"debian": "graceful", "rhel-hup": "restart", "copytruncate": "none"}.get(s.logrotate or "")},
                   **run})
    problems = s.check(counts) + check_clock(counts)
    counts["checkProblems"] = problems
    with open(os.path.join(dest, "counts.json"), "w") as f:
        json.dump(counts, f, indent=2, sort_keys=True)
        f.write("\n")
    with open(os.path.join(dest, "README.md"), "w") as f:
        f.write(readme(s, counts))
    return counts


def recount(s: Scenario, out_dir: str) -> dict:
    """Rewrite counts.json/README.md of an existing capture (e.g. after a README wording change)
    without re-running anything; the logs are only read."""
    dest = os.path.join(out_dir, s.name)
    with open(os.path.join(dest, "counts.json")) as f:
        old = json.load(f)
    keys = ("days", "rotations", "serverRoot", "port", "clients", "timeline", "keepaliveClients", "logrotateRuns", "edits")
    return write_report(s, dest, {k: old.get(k, 4 if k == "keepaliveClients" else None) for k in keys})


def readme(s: Scenario, c: dict) -> str:
    t = c["totals"]
    lines = [f"# {s.name}: {s.title}", "",
             "Captured from a **real** run (nothing edited by hand): Apache "
             f"{c.get('apacheVersion') or '2.4 (Debian)'} with "
             + (f"mod_wsgi {c.get('modWsgiVersion') or '6.0.5'} built from upstream source (tag `mod_wsgi-6.0.5`; see "
                "*Build* below; Debian's package stays installed but is not loaded)" if s.modwsgi == "605" else
                f"Debian's libapache2-mod-wsgi-py3 {c.get('modWsgiVersion') or '4.9.4'}")
             + f", {s.mpm} MPM, "
             + (f"logrotate 3.21 (`logrotate -f -s <state> <config>`)" if s.logrotate else "no logrotate")
             + f", Apache and logrotate both under libfaketime (simulated dates in log lines, rotated names and the "
             f"state file; the clients run on the real clock), TZ={TZ}. Regenerate with `sudo scripts/repro/run-all.sh "
             + ("--mod-wsgi-605 <mod_wsgi.so> " if s.modwsgi == "605" else "") + f"{s.name}` "
             "(the run writes this README and `counts.json` from the captured files).", "",
             "## What was done", ""]
    if s.traffic == "keepalive":
        lines += [f"- Apache started on the simulated evening of {START_DATE} (21:00 {TZ}); {c['keepaliveClients']} keep-alive HTTP/1.1 clients "
                  "(`scripts/repro/client.py keepalive`) sent a request about every second (0.5–1.5 s, jittered) on persistent connections "
                  "(KeepAliveTimeout 300, MaxKeepAliveRequests 0).",
                  f"- On each of {c['days']} simulated days the clock was moved to {ROTATE_AT.strftime('%H:%M')} minus a few "
                  "seconds and " + (f"`logrotate -f` ran at {ROTATE_AT.strftime('%H:%M')} local time ({c['rotations']} runs; "
                                    f"{STANZAS[s.logrotate]}; see `config/logrotate.conf`)." if s.logrotate else "nothing else happened.")]
    else:
        lines += [f"- Apache started on the simulated evening of {START_DATE}; no logrotate, no restart.",
                  f"- Bursts of concurrent one-shot requests to `{s.app_path}` at irregular simulated times: "
                  + ", ".join(e["fake"] for e in c["timeline"] if e["what"].startswith("burst")) + "."]
    lines += [f"- WSGIDaemonProcess `app {s.daemon_opts} deadlock-timeout=0`, WSGISocketRotation {s.rotation}, LogLevel `{s.log_level}`"
              + (", WSGISocketPrefix in a 0700 root-owned directory" if s.locked_prefix else "") + ".",
              "- Client-side results (HTTP status counts): "
              + "; ".join(f"{k}: {json.dumps(v.get('status', {}), sort_keys=True)}"
                          + (f" errors {json.dumps(v['errors'], sort_keys=True)}" if v.get("errors") else "")
                          for k, v in c["clients"].items()) + ".",
              "", "## Right diagnosis", "", s.diagnosis
              + (f" (Needs what the tool does not do yet — {s.pending}; `test/e2e` keeps this verdict as a todo.)" if s.pending else ""), "",
              "## What actually appeared (counted from the files in `logs/`)", "",
              "| file | lines | WSGI0116-equiv. | WSGI0117-equiv. | origin-check | truncated headers | graceful | restart (HUP) | configured | stop |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, f in c["files"].items():
        m = f["markers"]
        lines.append(f"| `{name}` | {f['lines']} | {f['WSGI0116']} | {f['WSGI0117']} | {f['origin-check']} | "
                     f"{f['truncated-headers']} | {m.get('graceful', 0)} | {m.get('restart', 0)} | {m.get('configured', 0)} | {m.get('stop', 0)} |")
    m = t["markers"]
    lines.append(f"| **total** | {t['lines']} | {t['WSGI0116']} | {t['WSGI0117']} | {t['origin-check']} | {t['truncated-headers']} | "
                 f"{m.get('graceful', 0)} | {m.get('restart', 0)} | {m.get('configured', 0)} | {m.get('stop', 0)} |")
    lines += ["", "- Message variants: " + (", ".join(f"`{k}` × {v}" for k, v in sorted(t["variants"].items())) or "none"),
              "- errno prefixes on connect errors: " + (", ".join(f"`({k})` × {v}" for k, v in sorted(t["errno"].items())) or "none"),
              "- Restart markers: " + (", ".join(f"`{k}` × {v}" for k, v in sorted(t["markerCodes"].items())) or "none"),
              f"- Socket paths in connect errors: {t['sockets_rotating']} generation-numbered, {t['sockets_uid']} `u<uid>`.",
              f"- Connect errors in the current file: {t['inCurrent']}; in rotated files: {t['inRotated']}."]
    if c.get("errorDays"):
        lines += ["", "Connect errors per simulated day (local time; lag = first error minus the last restart marker before it):", "",
                  "| date | count | first | last | span s | preceding restart | lag s | files |", "| --- | ---: | --- | --- | ---: | --- | ---: | --- |"]
        for d in c["errorDays"]:
            r = d["precedingRestart"]
            lines.append(f"| {d['date']} | {d['count']} | {d['first'][11:]} | {d['last'][11:]} | {d['spanSeconds']} | "
                         + (f"{r['kind']} {r['time'][11:]} | {r['lagSeconds']}" if r else "none | –")
                         + " | " + ", ".join(f"`{k}` × {v}" for k, v in d["files"].items()) + " |")
        lines.append("")
    if t.get("afterRestartInRotated") is not None and (t["WSGI0116"] + t["WSGI0117"]) > 0:
        lines.append(f"- Connect errors written after a graceful-restart marker into a rotated file (old children "
                     f"still holding the renamed log): {t['afterRestartInRotated']}.")
    lines += access_section(c) + logrotate_section(c) + edits_section(c)
    lines += ["", f"Expected by the harness check: {s.expect}. "
              + ("Check passed." if not c["checkProblems"] else "**Check FAILED: " + "; ".join(c["checkProblems"]) + "**"),
              "", "## Files", "",
              "- `logs/`: the error log(s) exactly as Apache and logrotate left them (current file, rotated siblings, `.gz`).",
              f"- `access/`: the access log(s) (`CustomLog … combined_D`, `LogFormat {ACCESS_FORMAT}`), in the same "
              "directory as the error log during the run and rotated by the same stanza; kept apart here.",
              "- `logrotate/`: per simulated day, logrotate's own verbose log of that run (`--log`, `<date>.log`) and its "
              "stderr (`<date>.stderr`, what cron would mail); exit statuses in `counts.json` (`logrotateRuns`).",
              "- `config/httpd.conf`, `config/app.wsgi`" + (", `config/logrotate.conf`, `config/logrotate.status` (the state file logrotate wrote, with simulated dates)" if s.logrotate else "") + ".",
              f"- `counts.json`: the counts above plus the run's timeline (real and simulated times), ServerRoot `{c['serverRoot']}` (deleted after the run), port {c['port']}.",
              ""]
    if s.notes:
        lines += ([] if s.notes.startswith("## ") else ["## Notes", ""]) + [s.notes, ""]
    return "\n".join(lines)


def access_section(c: dict) -> list[str]:
    a = c.get("access")
    if not a:
        return []
    t = a["totals"]
    out = ["", "## Access log (counted from the files in `access/`)", "",
           "| file | lines | requests | internal dummy | status counts |", "| --- | ---: | ---: | ---: | --- |"]
    for name, f in a["files"].items():
        out.append(f"| `{name}` | {f['lines']} | {f['requests']} | {f['dummy']} | "
                   + ", ".join(f"{k} × {v}" for k, v in sorted(f["status"].items())) + " |")
    out.append(f"| **total** | {t['lines']} | {t['requests']} | {t['dummy']} | "
               + ", ".join(f"{k} × {v}" for k, v in sorted(t["status"].items())) + " |")
    out += ["", "Unparsed lines: " + str(t["unparsed"]) + ". `internal dummy` = Apache's own `OPTIONS * HTTP/1.0` "
            "wake-up requests at restarts (not traffic, excluded from the other columns). Check with "
            "`zcat -f access/* | awk '$9 == 503' | wc -l`.", ""]
    if a["failureEpisodes"]:
        out += ["5xx responses grouped into episodes (lines less than 60 s apart; local time, second resolution):", "",
                "| first | last | status counts | files |", "| --- | --- | --- | --- |"]
        for e in a["failureEpisodes"]:
            out.append(f"| {e['first'].replace('T', ' ')} | {e['last'][11:]} | "
                       + ", ".join(f"{k} × {v}" for k, v in sorted(e["status"].items())) + " | "
                       + ", ".join(f"`{k}` × {v}" for k, v in e["files"].items()) + " |")
    else:
        out.append("No 5xx responses.")
    return out


def logrotate_section(c: dict) -> list[str]:
    runs = c.get("logrotateRuns") or []
    if not runs:
        return []
    out = ["", "## logrotate runs", ""]
    for r in runs:
        out.append(f"- {r['date']} 06:25: exit {r['exit']}" + (", stderr:" if r["stderr"].strip() else ", nothing on stderr."))
        if r["stderr"].strip():
            out += ["", "  ```", *("  " + x for x in r["stderr"].rstrip().splitlines()), "  ```", ""]
    return out


def edits_section(c: dict) -> list[str]:
    edits = c.get("edits") or []
    if not edits:
        return []
    when = {e["what"].split(": edit ")[1]: e["fake"] for e in c.get("timeline", []) if ": edit " in e["what"]}
    out = ["", "## Configuration changes during the run", ""]
    for e in edits:
        out.append(f"- {when.get(e['action'], '?')}: `{e['action']}` (`config/httpd.conf.before-{e['action']}` before, "
                   "`config/httpd.conf` after); "
                   f"`apache2 -t` exit {e['configtest']['exit']}: `{e['configtest']['output']}`"
                   + (f"; `apache2 -k graceful` exit {e['graceful']['exit']}" if "graceful" in e else "; no reload"))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenarios", nargs="*", help=f"default: all of {', '.join(SCENARIOS)}")
    ap.add_argument("--out", default=os.path.join(HERE, "..", "..", "fixtures", "real"))
    ap.add_argument("--days", type=int, default=None, help="simulated days (default per scenario: 4, bursts 2)")
    ap.add_argument("--pre", type=float, default=3.0, help="real seconds of traffic before each rotation")
    ap.add_argument("--post", type=float, default=6.0, help="real seconds of traffic after each rotation")
    ap.add_argument("--clients", type=int, default=4, help="keep-alive connections in the keep-alive scenarios (1-32)")
    ap.add_argument("--keep-workdir", action="store_true")
    ap.add_argument("--mod-wsgi-605", default=os.environ.get("REPRO_MODWSGI605_SO"), metavar="SO",
                    help="mod_wsgi.so built from upstream tag mod_wsgi-6.0.5, for the *-605 scenarios (never committed)")
    ap.add_argument("--recount", action="store_true", help="only rewrite counts.json/README.md of existing captures")
    args = ap.parse_args()
    if os.geteuid() != 0 and not args.recount:
        print("repro: must run as root (Apache switches to www-data; logrotate insists on root-owned configs)", file=sys.stderr)
        return 2
    for p in (APACHE, LOGROTATE, os.path.join(MODULES, "mod_wsgi.so")):
        if not os.path.exists(p):
            print(f"repro: {p} missing; run scripts/install-test-deps.sh", file=sys.stderr)
            return 2
    # the *-605 scenarios need a module built by hand (their README says how); the default run skips them
    import repro_syslog  # noqa: E402  (sibling: the syslog/logger scenarios; imports this module)
    names = args.scenarios or [n for n, s in SCENARIOS.items() if s.modwsgi == "debian"]
    for n in names:
        if n in repro_syslog.SCENARIOS:
            continue
        if n not in SCENARIOS:
            print(f"repro: unknown scenario {n!r}; known: {', '.join(SCENARIOS)}", file=sys.stderr)
            return 2
        if SCENARIOS[n].modwsgi == "605" and not args.recount:
            if not args.mod_wsgi_605 or not os.path.exists(args.mod_wsgi_605):
                print(f"repro: {n} needs --mod-wsgi-605 <mod_wsgi.so built from tag mod_wsgi-6.0.5>", file=sys.stderr)
                return 2
            MODWSGI_SO["605"] = os.path.abspath(args.mod_wsgi_605)

    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)  # unwinds through the finally blocks that stop Apache

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    failed = []
    for n in names:
        if n in repro_syslog.SCENARIOS:
            if args.recount:
                log(f"{n}: --recount not supported for the syslog scenarios; skipped")
                continue
            c = repro_syslog.run_and_write(n, out, args.days, args.keep_workdir, args.pre, args.post, max(1, min(args.clients, 32)))
            if "syslog" in c:
                log(f"{n}: " + json.dumps({f: {h: (v["WSGI0116"], v["WSGI0117"]) for h, v in x["hosts"].items()}
                                          for f, x in c["syslog"]["files"].items()}))
            else:
                log(f"{n}: journal " + json.dumps({k: c["journal"]["apache"][k] for k in ("WSGI0116", "WSGI0117", "errno")}))
            if c["checkProblems"]:
                log(f"{n}: CHECK FAILED: {'; '.join(c['checkProblems'])}")
                failed.append(n)
            continue
        s = SCENARIOS[n]
        if args.recount:
            c = recount(s, out)
        else:
            c = run_scenario(s, out, args.days or s.days_default, args.keep_workdir, args.pre, args.post, max(1, min(args.clients, 32)))
        t = c["totals"]
        log(f"{n}: WSGI0116={t['WSGI0116']} WSGI0117={t['WSGI0117']} errno={t['errno']} markers={t['markerCodes']} "
            f"origin-check={t['origin-check']} truncated={t['truncated-headers']}")
        if c["checkProblems"]:
            log(f"{n}: CHECK FAILED: {'; '.join(c['checkProblems'])}")
            failed.append(n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
