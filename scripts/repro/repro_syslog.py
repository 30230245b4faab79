"""Syslog-side reproductions for scripts/repro/repro.py: Apache's ErrorLog through a real rsyslogd.

  syslog-two-hosts  two Apache instances as two "hosts" (web01: daily logrotate + graceful, keep-alive
                    clients; web02: listener-backlog overload), each `ErrorLog syslog:local1` into its own
                    rsyslogd (`global(localHostname=…)`) that forwards over TCP on 127.0.0.1 to a central
                    rsyslogd writing one RFC 3164 file (RSYSLOG_TraditionalFileFormat) and the same
                    messages in RSYSLOG_FileFormat (RFC 3339).
  logger-pipe       one host, `ErrorLog "|/usr/bin/logger -t httpd -p local1.err"`, daily logrotate +
                    graceful, into a local rsyslogd writing both formats.

glibc's syslog() and logger always write to /dev/log, so each host runs in its own mount namespace
(`unshare -m`) with a private tmpfs /dev holding only null/zero/full/random/urandom/tty/shm and the
/dev/log socket its own rsyslogd creates. rsyslogd's imuxsock takes the message's own time
(`SysSock.UseSysTimeStamp="off"`): the kernel's reception stamp cannot be faked by libfaketime.
Every process (Apache, logger, logrotate, the rsyslogds) runs under the same libfaketime clock.
"""
from __future__ import annotations

import datetime as dt
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
from dataclasses import replace

import count
import repro
from repro import APACHE, LOGROTATE, TZ, Clock, Instance, Scenario, log

RSYSLOGD = "/usr/sbin/rsyslogd"
LOGGER = "/usr/bin/logger"
LOGGER_CMD = f'"|{LOGGER} -t httpd -p local1.err"'

# The mount namespace's /dev: what Apache, Python, logger and rsyslogd need, and nothing of the host's /dev/log.
NS_SETUP = r"""
set -e
ns="$1"
mkdir -p "$ns/olddev"
mount --rbind /dev "$ns/olddev"
mount -t tmpfs -o mode=0755 devns /dev
for n in null zero full random urandom tty; do touch /dev/$n; mount --bind "$ns/olddev/$n" /dev/$n; done
mkdir /dev/shm && mount --rbind "$ns/olddev/shm" /dev/shm
ln -s /proc/self/fd /dev/fd; ln -s /proc/self/fd/0 /dev/stdin; ln -s /proc/self/fd/1 /dev/stdout; ln -s /proc/self/fd/2 /dev/stderr
if [ -n "$2" ]; then
  # journald: its own /run (sockets, runtime journal) and hostname; /dev/log is journald's syslog socket
  hostname "$2"
  mount -t tmpfs -o mode=0755 runns /run
  mkdir -p /run/systemd/journal /run/log/journal
  ln -s /run/systemd/journal/dev-log /dev/log
fi
touch "$ns/ready"
exec sleep 3600
"""


class Namespace:
    """A mount namespace kept alive by a `sleep` we started; commands enter it with nsenter."""

    def __init__(self, root: str, name: str, journald: bool = False):
        self.dir = os.path.join(root, f"ns-{name}")
        os.makedirs(self.dir)
        self.flags = ["-m", "-u"] if journald else ["-m"]
        self.proc = subprocess.Popen(["unshare", *self.flags, "--propagation", "private", "sh", "-c", NS_SETUP, "sh", self.dir,
                                      name if journald else ""], env=repro.base_env())
        deadline = time.monotonic() + 10
        while not os.path.exists(os.path.join(self.dir, "ready")):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError(f"mount namespace {name} did not come up")
            time.sleep(0.1)

    def argv(self, cmd: list[str]) -> list[str]:
        return ["nsenter", "-t", str(self.proc.pid), *self.flags, "--", *cmd]

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class NsInstance(Instance):
    """An Apache inside a Namespace whose ErrorLog is not a file: ready = pid file + port + 3 s."""

    def __init__(self, root: str, conf: str, clock: Clock, ns: Namespace):
        super().__init__(root, conf, clock, error_log="")
        self.ns = ns

    def start(self, port: int) -> None:
        r = subprocess.run(self.ns.argv([APACHE, "-f", self.conf, "-k", "start"]), env=self.clock.env(),
                           capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise RuntimeError(f"apache2 -k start failed ({r.returncode}): {r.stderr.strip()}")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                self.parent = int(open(self.pidfile).read().strip())
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except (OSError, ValueError):
                time.sleep(0.2)
        else:
            raise RuntimeError("apache did not come up within 20 s")
        time.sleep(3)  # the prefork children's embedded Python (see repro.run_scenario)
        self.track()


class Rsyslogd:
    """rsyslogd -n (foreground, so the PID is ours) with its own config, pid file and work directory."""

    def __init__(self, root: str, name: str, conf_text: str, clock: Clock, ns: Namespace | None):
        self.dir = os.path.join(root, f"rsyslog-{name}")
        os.makedirs(os.path.join(self.dir, "work"))
        self.conf = os.path.join(self.dir, "rsyslog.conf")
        with open(self.conf, "w") as f:
            f.write(conf_text.replace("@WORK@", os.path.join(self.dir, "work")))
        argv = [RSYSLOGD, "-n", "-f", self.conf, "-i", os.path.join(self.dir, "rsyslogd.pid")]
        chk = subprocess.run([RSYSLOGD, "-N1", "-f", self.conf], capture_output=True, text=True, env=repro.base_env())
        if chk.returncode != 0:
            raise RuntimeError(f"rsyslogd -N1 {self.conf}: {chk.stderr.strip()}")
        self.proc = subprocess.Popen(ns.argv(argv) if ns else argv, env=clock.env(),
                                     stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.dir, "stderr"), "w"))
        time.sleep(1.5)
        if self.proc.poll() is not None:
            raise RuntimeError(f"rsyslogd {name} exited: {open(os.path.join(self.dir, 'stderr')).read()}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # flushes its queues and closes files
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def host_rsyslog_conf(host: str, central_port: int | None, files: str | None) -> str:
    """Per-host rsyslogd: /dev/log in, either forward to the central one or write the two file formats."""
    out = [f'global(localHostname="{host}" workDirectory="@WORK@")',
           '# the message\'s own (faked) time, not the kernel\'s reception time',
           'module(load="imuxsock" SysSock.UseSysTimeStamp="off")']
    if central_port is not None:
        out.append(f'*.* action(type="omfwd" target="127.0.0.1" port="{central_port}" protocol="tcp" '
                   'template="RSYSLOG_ForwardFormat")')
    if files is not None:
        out += [f'*.* action(type="omfile" file="{files}/syslog" template="RSYSLOG_TraditionalFileFormat")',
                f'*.* action(type="omfile" file="{files}/syslog-rfc3339" template="RSYSLOG_FileFormat")']
    return "\n".join(out) + "\n"


def central_rsyslog_conf(port: int, files: str) -> str:
    return textwrap.dedent(f"""\
        global(localHostname="loghost" workDirectory="@WORK@")
        module(load="imtcp")
        input(type="imtcp" address="127.0.0.1" port="{port}")
        # one central file in Debian's traditional format (RFC 3164 stamps) and the same in RFC 3339
        *.* action(type="omfile" file="{files}/syslog" template="RSYSLOG_TraditionalFileFormat")
        *.* action(type="omfile" file="{files}/syslog-rfc3339" template="RSYSLOG_FileFormat")
        """)


def make_host(root: str, name: str, s: Scenario, error_log: str) -> dict:
    """ServerRoot, config, app and logrotate stanza for one host (as repro.run_scenario does)."""
    hroot = os.path.join(root, name)
    for d in ("conf", "logs", "run", "app", "logrotate", "logrotate/runs"):
        os.makedirs(os.path.join(hroot, d), mode=0o755, exist_ok=True)
        os.chmod(os.path.join(hroot, d), 0o755)
    with open(os.path.join(hroot, "app", "app.wsgi"), "w") as f:
        f.write(repro.APP)
    port = repro.free_port()
    conf = os.path.join(hroot, "conf", "httpd.conf")
    with open(conf, "w") as f:
        f.write(repro.httpd_conf(s, hroot, port, error_log=error_log))
    lr_conf = os.path.join(hroot, "logrotate", "logrotate.conf")
    if s.logrotate:
        with open(lr_conf, "w") as f:
            f.write(repro.logrotate_conf(s, hroot, conf))
        os.chmod(lr_conf, 0o644)
    return {"name": name, "root": hroot, "port": port, "conf": conf, "scenario": s, "lr_conf": lr_conf,
            "lr_state": os.path.join(hroot, "logrotate", "status"), "lr_runs": []}


WEB01 = replace(repro.SCENARIOS["daily-rotation-prefork"], name="web01")
WEB02 = replace(repro.SCENARIOS["backlog-overload"], name="web02")
# web02's bursts: backlog-overload's irregular times plus one 30 s after web01's third rotation, so
# that web02's errors fall inside web01's restart window: a per-host diagnosis must not join them
WEB02_BURSTS = [(d, t) for d, t, _ in repro.IRREGULAR] + [(2, "06:25:30")]


def rotate(h: dict, ns: Namespace, clock: Clock, day: dt.date) -> dict:
    lr_log = os.path.join(h["root"], "logrotate", "runs", f"{day.isoformat()}.log")
    r = subprocess.run(ns.argv([LOGROTATE, "-f", "-s", h["lr_state"], "--log", lr_log, h["lr_conf"]]), env=clock.env(),
                       capture_output=True, text=True, timeout=120)
    with open(os.path.join(h["root"], "logrotate", "runs", f"{day.isoformat()}.stderr"), "w") as f:
        f.write(r.stderr)
    run = {"host": h["name"], "date": day.isoformat(), "exit": r.returncode, "stdout": r.stdout, "stderr": r.stderr}
    h["lr_runs"].append(run)
    if r.returncode != 0:
        raise RuntimeError(f"logrotate failed ({r.returncode}): {r.stderr.strip()}")
    return run


def need(*paths: str) -> None:
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise SystemExit(f"repro: {', '.join(missing)} missing: apt-get install rsyslog systemd util-linux "
                         "(only for the syslog/logger/journald captures; CI does not run them)")


def run(name: str, out_dir: str, days: int, keep: bool, pre: float, post: float, conns: int) -> dict:
    need(RSYSLOGD, LOGGER, "/usr/bin/unshare", "/usr/bin/nsenter")
    lib = repro.find_faketime()
    root = tempfile.mkdtemp(prefix=f"wsgi-logdoctor-repro-{name}-", dir="/tmp")
    os.chmod(root, 0o755)
    clock = Clock(os.path.join(root, "faketime"), lib)
    files = os.path.join(root, "syslog")
    os.makedirs(files)
    two = name == "syslog-two-hosts"
    timeline: list[dict] = []
    procs: list[subprocess.Popen] = []
    daemons: list[Rsyslogd] = []
    spaces: list[Namespace] = []
    insts: list[tuple[dict, NsInstance]] = []
    stop_file = os.path.join(root, "stop-clients")

    def mark(what: str) -> None:
        timeline.append({"what": what, "real": round(time.time(), 3), "fake": repro.fake_now(clock)})

    if two:
        hosts = [make_host(root, "web01", WEB01, "syslog:local1"), make_host(root, "web02", WEB02, "syslog:local1")]
    else:
        hosts = [make_host(root, "web01", replace(WEB01, name="web01"), LOGGER_CMD)]
    log(f"{name}: root {root}, {days} day(s), hosts " + ", ".join(f"{h['name']}:{h['port']}" for h in hosts))
    try:
        clock.set(dt.datetime.combine(repro.START_DATE, dt.time(20, 59, 50)))
        central_port = repro.free_port() if two else None
        if two:
            daemons.append(Rsyslogd(root, "central", central_rsyslog_conf(central_port, files), clock, None))
        for h in hosts:
            ns = Namespace(root, h["name"])
            spaces.append(ns)
            h["ns"] = ns
            daemons.append(Rsyslogd(root, h["name"], host_rsyslog_conf(h["name"], central_port, None if two else files),
                                    clock, ns))
            inst = NsInstance(h["root"], h["conf"], clock, ns)
            inst.start(h["port"])
            insts.append((h, inst))
            mark(f"{h['name']}: apache started")
        web01 = hosts[0]
        events: list[tuple[dt.datetime, str, str]] = []
        for k in range(days):
            events.append((dt.datetime.combine(repro.START_DATE + dt.timedelta(days=1 + k), repro.ROTATE_AT), "rotate", ""))
        if two:
            for d, hms in WEB02_BURSTS:
                if d < days:
                    h_, m_, s_ = map(int, hms.split(":"))
                    events.append((dt.datetime.combine(repro.START_DATE + dt.timedelta(days=1 + d), dt.time(h_, m_, s_)),
                                   "burst", hms))
        events.sort()
        budget = 10 + len(events) * (pre + post + 20) + 30
        procs.append(subprocess.Popen(
            [sys.executable, os.path.join(repro.HERE, "client.py"), "keepalive", "--port", str(web01["port"]), "--conns",
             str(conns), "--interval", "1", "--duration", str(int(min(budget, 900))), "--max-requests", "800",
             "--stop-file", stop_file, "--out", os.path.join(root, "client-stats-web01.json")], env=repro.base_env()))
        time.sleep(3)
        nb = 0
        for at, kind, _ in events:
            clock.set(at - dt.timedelta(seconds=pre))
            clock.sleep_until(at)
            if kind == "rotate":
                mark(f"web01: {at.date()}: logrotate -f")
                rotate(web01, web01["ns"], clock, at.date())
                for _, i in insts:
                    i.track()
                time.sleep(post)
            else:
                nb += 1
                web02 = hosts[1]
                mark(f"web02: burst {nb}: 8 concurrent requests")
                c = subprocess.Popen([sys.executable, os.path.join(repro.HERE, "client.py"), "burst", "--port",
                                      str(web02["port"]), "--conns", "8", "--path", "/slow", "--duration", "30",
                                      "--timeout", "25", "--out", os.path.join(root, f"client-stats-web02-burst{nb}.json")],
                                     env=repro.base_env())
                c.wait(timeout=60)
                time.sleep(1)
            for _, i in insts:
                i.track()
        with open(stop_file, "w"):
            pass
        for p in procs:
            p.wait(timeout=60)
        mark("stopping apache")
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        for _, i in insts:
            i.stop()
        time.sleep(2)  # let the forwarders deliver what the last Apache lines sent
        for d in reversed(daemons):  # hosts first, the central one last
            d.stop()
        for ns in spaces:
            ns.close()
    mark("stopped")
    return capture(name, root, out_dir, files, hosts, days, timeline, conns, keep)


def capture(name: str, root: str, out_dir: str, files: str, hosts: list[dict], days: int, timeline: list, conns: int,
            keep: bool) -> dict:
    dest = os.path.join(out_dir, name)
    if os.path.exists(dest):
        shutil.rmtree(dest)
    os.makedirs(os.path.join(dest, "logs"))
    for f in sorted(os.listdir(files)):
        shutil.copy2(os.path.join(files, f), os.path.join(dest, "logs", f))
    clients = {}
    for p in sorted(os.listdir(root)):
        if p.startswith("client-stats") and p.endswith(".json"):
            with open(os.path.join(root, p)) as f:
                clients[p[:-5]] = json.load(f)
    lr_runs = []
    for h in hosts:
        hd = os.path.join(dest, h["name"])
        os.makedirs(os.path.join(hd, "access"))
        os.makedirs(os.path.join(hd, "config"))
        for f in sorted(os.listdir(os.path.join(h["root"], "logs"))):
            shutil.copy2(os.path.join(h["root"], "logs", f), os.path.join(hd, "access", f))
        shutil.copy2(h["conf"], os.path.join(hd, "config", "httpd.conf"))
        shutil.copy2(os.path.join(h["root"], "app", "app.wsgi"), os.path.join(hd, "config", "app.wsgi"))
        shutil.copy2(os.path.join(root, f"rsyslog-{h['name']}", "rsyslog.conf"), os.path.join(hd, "config", "rsyslog.conf"))
        if h["scenario"].logrotate:
            shutil.copy2(h["lr_conf"], os.path.join(hd, "config", "logrotate.conf"))
            shutil.copy2(h["lr_state"], os.path.join(hd, "config", "logrotate.status"))
            os.makedirs(os.path.join(hd, "logrotate"))
            for f in sorted(os.listdir(os.path.join(h["root"], "logrotate", "runs"))):
                shutil.copy2(os.path.join(h["root"], "logrotate", "runs", f), os.path.join(hd, "logrotate", f))
        lr_runs += h["lr_runs"]
    if os.path.exists(os.path.join(root, "rsyslog-central")):
        os.makedirs(os.path.join(dest, "central"))
        shutil.copy2(os.path.join(root, "rsyslog-central", "rsyslog.conf"), os.path.join(dest, "central", "rsyslog.conf"))
    counts = {"scenario": name, "timezone": TZ, "days": days, "keepaliveClients": conns, "serverRoot": root,
              "hosts": {h["name"]: {"port": h["port"], "mpm": h["scenario"].mpm,
                                    "access": count.count_access_dir(os.path.join(dest, h["name"], "access"))}
                        for h in hosts},
              "syslog": count.count_syslog_dir(os.path.join(dest, "logs")),
              "clients": clients, "timeline": timeline, "logrotateRuns": lr_runs}
    counts["checkProblems"] = check(name, counts)
    with open(os.path.join(dest, "counts.json"), "w") as f:
        json.dump(counts, f, indent=2, sort_keys=True)
        f.write("\n")
    if not keep:
        shutil.rmtree(root, ignore_errors=True)
    else:
        log(f"{name}: kept {root}")
    return counts


def check(name: str, c: dict) -> list[str]:
    probs = []
    files = c["syslog"]["files"]
    if not files:
        return ["no syslog file written"]
    web01_503 = c["hosts"]["web01"]["access"]["totals"]["status"].get("503", 0)
    for fname, f in files.items():
        web01 = f["hosts"].get("web01", {})
        if name == "syslog-two-hosts":
            if web01.get("WSGI0117", 0) < 1:
                probs.append(f"{fname}: no connect errors from web01")
            if f["hosts"].get("web02", {}).get("WSGI0116", 0) < 1:
                probs.append(f"{fname}: no backlog errors from web02")
        elif web01_503 < 1:
            probs.append("logger-pipe: no 503 in web01's access log")
    keys = ("lines", "WSGI0116", "WSGI0117", "errno", "markers", "origin-check", "tags")
    a, b = (files.get("syslog"), files.get("syslog-rfc3339"))
    if a and b and any({h: v[k] for h, v in a["hosts"].items()} != {h: v[k] for h, v in b["hosts"].items()} for k in keys):
        probs.append("the two formats hold different counts")
    return probs


TITLES = {
    "syslog-two-hosts": "Two hosts, `ErrorLog syslog:local1`, forwarded by rsyslog to one central file (RFC 3164 and RFC 3339)",
    "logger-pipe": "`ErrorLog \"|/usr/bin/logger -t httpd -p local1.err\"` into rsyslog, daily logrotate + graceful, prefork",
}
DIAGNOSIS = {
    "syslog-two-hosts": "Per host. web01: rotation-restart (ENOENT bursts on the previous generation at 06:25 every day; "
                        "the syslog file holds no restart notice, so the restarts must come from the schedule, the "
                        "logrotate stanza and the rising socket generation). web02: backlog-overload (EAGAIN after "
                        "connect-timeout at irregular times, one generation, no restart) — including the burst 30 s "
                        "after web01's third rotation, which must not be attributed to web01's restart.",
    "logger-pipe": "The piped logger keeps Apache's own line (with its `[time]`, restart notices and all) inside "
                   "the syslog envelope — but the old children's connect errors never arrive: httpd starts an "
                   "`ErrorLog \"|…\"` program as a subprocess of the configuration pool (server/log.c `log_child`, "
                   "`apr_pool_note_subprocess(p, procnew, APR_KILL_AFTER_TIMEOUT)`), so a graceful restart kills the old "
                   "logger and starts a new one; the old children, still holding the old pipe, write their `Unable to "
                   "connect` lines into a pipe nobody reads. Only a line written in the first milliseconds, before the "
                   "old logger is gone, survives (see the counts below against the access log's 503s). The error log "
                   "shows graceful restarts and (almost) nothing wrong; the access log shows every 503. From the error "
                   "log alone the bursts are invisible or look like single stray errors; with the access log: 503 bursts "
                   "at each graceful restart.",
}
VERDICTS = {"syslog-two-hosts": {"web01": "rotation-restart", "web02": "backlog-overload"},
            "logger-pipe": {"web01": "no-errors"}}  # from the error log alone: the connect errors were lost


def readme(name: str, c: dict) -> str:
    two = name == "syslog-two-hosts"
    ver = "rsyslog " + (subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "rsyslog"], capture_output=True, text=True)
                        .stdout.strip() or "8")
    lines = [f"# {name}: {TITLES[name]}", "",
             "Captured from a **real** run (nothing edited by hand): Apache 2.4.71 (Debian) with Debian's "
             f"libapache2-mod-wsgi-py3 4.9.4, prefork MPM, Debian's {ver}, util-linux `logger` 2.38.1, logrotate 3.21, "
             f"everything under libfaketime (TZ={TZ}). Regenerate with `sudo scripts/repro/run-all.sh {name}` "
             "(`scripts/repro/repro_syslog.py`; the run writes this README and `counts.json`).", "",
             "## What was done", ""]
    if two:
        lines += [
            "- Two hosts, three rsyslogds: each host (`web01`, `web02`) runs in its own mount namespace "
            "(`unshare -m`, a private tmpfs `/dev` with only null/zero/full/random/urandom/tty/shm) with its own "
            "rsyslogd (`global(localHostname=\"web01\")`, imuxsock on that namespace's `/dev/log` with "
            "`SysSock.UseSysTimeStamp=\"off\"`) forwarding everything over TCP to 127.0.0.1 "
            "(`omfwd … template=\"RSYSLOG_ForwardFormat\"`); a central rsyslogd (`imtcp` on 127.0.0.1) writes every "
            "message twice: `logs/syslog` with `RSYSLOG_TraditionalFileFormat` (RFC 3164 stamp) and "
            "`logs/syslog-rfc3339` with `RSYSLOG_FileFormat` (RFC 3339). Configs: `web01/config/rsyslog.conf`, "
            "`web02/config/rsyslog.conf`, `central/rsyslog.conf`.",
            "- web01: `ErrorLog syslog:local1`, LogLevel `warn wsgi:info`, WSGIDaemonProcess `app processes=1 threads=4`, "
            f"{c['keepaliveClients']} keep-alive clients (a request every 0.5–1.5 s), Debian's logrotate stanza on "
            "`logs/*.log` (here only the access log: the error log is syslog) with postrotate `apache2 -k graceful`, "
            f"`logrotate -f` at 06:25 on {c['days']} simulated days.",
            "- web02: `ErrorLog syslog:local1`, `processes=1 threads=1 listen-backlog=1 connect-timeout=3`, a 1.5 s app, "
            "8 concurrent one-shot requests at: " + ", ".join(e["fake"] for e in c["timeline"] if e["what"].startswith("web02: burst"))
            + " (the last one 30 s after web01's rotation that day). No logrotate, no restart.",
        ]
    else:
        lines += [
            "- One host (`web01`) in its own mount namespace with its own rsyslogd (`global(localHostname=\"web01\")`, "
            "imuxsock with `SysSock.UseSysTimeStamp=\"off\"`) writing `logs/syslog` (`RSYSLOG_TraditionalFileFormat`) "
            "and `logs/syslog-rfc3339` (`RSYSLOG_FileFormat`); config `web01/config/rsyslog.conf`.",
            f"- `ErrorLog {LOGGER_CMD}` (Apache's piped logger: one `logger` process reading Apache's formatted lines; it "
            "survives graceful restarts), LogLevel `warn wsgi:info`, WSGIDaemonProcess `app processes=1 threads=4`, "
            f"{c['keepaliveClients']} keep-alive clients, Debian's logrotate stanza (access log only) with postrotate "
            f"`apache2 -k graceful`, `logrotate -f` at 06:25 on {c['days']} simulated days.",
        ]
    lines += ["- Client-side results: " + "; ".join(f"{k}: {json.dumps(v.get('status', {}), sort_keys=True)}"
                                                   + (f" errors {json.dumps(v['errors'], sort_keys=True)}" if v.get("errors") else "")
                                                   for k, v in c["clients"].items()) + ".",
              "", "## Right diagnosis", "", DIAGNOSIS[name], "",
              "## What actually appeared (counted from the files in `logs/`, per envelope hostname)", ""]
    for fname, f in c["syslog"]["files"].items():
        lines += [f"### `logs/{fname}` ({f['lines']} lines, {f['unparsed']} without a recognised envelope)", "",
                  "| host | lines | WSGI0116-equiv. | WSGI0117-equiv. | errno | origin-check | graceful | configured | stop | first | last |",
                  "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- | --- |"]
        for host, h in f["hosts"].items():
            m = h["markers"]
            lines.append(f"| {host} | {h['lines']} | {h['WSGI0116']} | {h['WSGI0117']} | "
                         + (", ".join(f"({k}) × {v}" for k, v in sorted(h["errno"].items())) or "–")
                         + f" | {h['origin-check']} | {m.get('graceful', 0)} | {m.get('configured', 0)} | {m.get('stop', 0)} | "
                           f"{h['first']} | {h['last']} |")
        lines.append("")
        for host, h in f["hosts"].items():
            lines.append(f"- {host}: tags " + ", ".join(f"`{k}` × {v}" for k, v in sorted(h["tags"].items()))
                         + "; connect errors by minute: "
                         + (", ".join(f"{k} × {v}" for k, v in h["errorsByMinute"].items()) or "none")
                         + f"; sockets {h['sockets_rotating']} generation-numbered, {h['sockets_uid']} `u<uid>`.")
        lines.append("")
    for host, hc in c["hosts"].items():
        a = hc["access"]
        t = a["totals"]
        lines += [f"### `{host}/access/` (the host's access log, a plain file)", "",
                  "| file | lines | requests | internal dummy | status counts |", "| --- | ---: | ---: | ---: | --- |"]
        for fn, f in a["files"].items():
            lines.append(f"| `{fn}` | {f['lines']} | {f['requests']} | {f['dummy']} | "
                         + ", ".join(f"{k} × {v}" for k, v in sorted(f["status"].items())) + " |")
        lines.append(f"| **total** | {t['lines']} | {t['requests']} | {t['dummy']} | "
                     + ", ".join(f"{k} × {v}" for k, v in sorted(t["status"].items())) + " |")
        lines += ["", "5xx episodes (lines < 60 s apart): "
                  + ("; ".join(f"{e['first'].replace('T', ' ')}–{e['last'][11:]} "
                               + ", ".join(f"{k} × {v}" for k, v in sorted(e["status"].items()))
                               for e in a["failureEpisodes"]) or "none") + ".", ""]
    runs = c.get("logrotateRuns") or []
    if runs:
        lines.append("logrotate runs (web01): " + ", ".join(f"{r['date']} exit {r['exit']}" for r in runs)
                     + "; logrotate's own logs in `web01/logrotate/`.")
    lines += ["", "Harness check: " + ("passed." if not c["checkProblems"] else "**FAILED: " + "; ".join(c["checkProblems"]) + "**"),
              "", "## Files", "",
              "- `logs/syslog`, `logs/syslog-rfc3339`: the syslog files exactly as rsyslogd wrote them.",
              "- `<host>/access/`: that host's access log(s) (`CustomLog … combined_D`), rotated by its stanza.",
              "- `<host>/config/`: `httpd.conf`, `app.wsgi`, `rsyslog.conf`" + (", `logrotate.conf`, `logrotate.status`" if runs else "")
              + (". `central/rsyslog.conf`: the central rsyslogd." if two else "."),
              f"- `counts.json`: the counts above, the expected per-host verdicts, the timeline (real and simulated "
              f"times); the temporary root `{c['serverRoot']}` was deleted after the run.", ""]
    return "\n".join(lines)


def run_and_write(name: str, out_dir: str, days: int | None, keep: bool, pre: float, post: float, conns: int) -> dict:
    if name == "journald-export":
        c = run_journald(name, out_dir, days or 3, keep, pre, post, conns)
        with open(os.path.join(out_dir, name, "README.md"), "w") as f:
            f.write(journald_readme(c))
        return c
    c = run(name, out_dir, days or 3, keep, pre, post, conns)
    c["expected"] = {"hosts": VERDICTS[name]}
    dest = os.path.join(out_dir, name)
    with open(os.path.join(dest, "counts.json"), "w") as f:
        json.dump(c, f, indent=2, sort_keys=True)
        f.write("\n")
    with open(os.path.join(dest, "README.md"), "w") as f:
        f.write(readme(name, c))
    return c


SCENARIOS = [*TITLES, "journald-export"]


# ----------------------------------------------------------------------------- journald

JOURNALD = "/lib/systemd/systemd-journald"
JOURNALCTL = "/usr/bin/journalctl"


class RealClock(Clock):
    """No libfaketime for the journald run: journalctl's short formats print _SOURCE_REALTIME_TIMESTAMP,
    the kernel's SCM_TIMESTAMP of the syslog datagram, which libfaketime cannot fake; a faked Apache
    would give entries whose two stamps disagree by weeks."""

    def __init__(self) -> None:
        self.offset = 0

    def set(self, local: dt.datetime) -> None:
        pass

    def sleep_until(self, local: dt.datetime) -> None:
        pass

    def env(self) -> dict:
        return repro.base_env()


def run_journald(name: str, out_dir: str, rotations: int, keep: bool, pre: float, post: float, conns: int) -> dict:
    """One host (hostname web01 in its own UTS + mount namespace) running Debian's systemd-journald by hand
    (no systemd: it creates its sockets itself), Apache with `ErrorLog syslog:local1` into it, keep-alive
    clients, `logrotate -f` + graceful `rotations` times a few seconds apart on the real clock; then
    journalctl -o json / short-iso / export of the whole journal."""
    need(JOURNALD, JOURNALCTL, "/usr/bin/unshare", "/usr/bin/nsenter")
    root = tempfile.mkdtemp(prefix=f"wsgi-logdoctor-repro-{name}-", dir="/tmp")
    os.chmod(root, 0o755)
    clock = RealClock()
    timeline: list[dict] = []
    stop_file = os.path.join(root, "stop-clients")

    def mark(what: str) -> None:
        timeline.append({"what": what, "real": round(time.time(), 3),
                         "local": dt.datetime.now().astimezone().isoformat(timespec="milliseconds")})

    h = make_host(root, "web01", replace(WEB01, name="web01"), "syslog:local1")
    ns = Namespace(root, "web01", journald=True)
    jd = subprocess.Popen(ns.argv([JOURNALD]), env=repro.base_env(), stdout=subprocess.DEVNULL,
                          stderr=open(os.path.join(root, "journald.stderr"), "w"))
    inst = NsInstance(h["root"], h["conf"], clock, ns)
    client = None
    exports: dict[str, str] = {}
    try:
        time.sleep(1.5)
        if jd.poll() is not None:
            raise RuntimeError("systemd-journald exited: " + open(os.path.join(root, "journald.stderr")).read())
        inst.start(h["port"])
        mark("apache started")
        client = subprocess.Popen(
            [sys.executable, os.path.join(repro.HERE, "client.py"), "keepalive", "--port", str(h["port"]), "--conns",
             str(conns), "--interval", "1", "--duration", str(int(10 + rotations * (pre + post + 5) + 30)),
             "--max-requests", "600", "--stop-file", stop_file, "--out", os.path.join(root, "client-stats-web01.json")],
            env=repro.base_env())
        time.sleep(3 + pre)
        for k in range(rotations):
            mark(f"logrotate -f ({k + 1})")
            r = subprocess.run(ns.argv([LOGROTATE, "-f", "-s", h["lr_state"], h["lr_conf"]]), env=clock.env(),
                               capture_output=True, text=True, timeout=120)
            h["lr_runs"].append({"n": k + 1, "exit": r.returncode, "stderr": r.stderr})
            if r.returncode != 0:
                raise RuntimeError(f"logrotate failed: {r.stderr}")
            inst.track()
            time.sleep(post + pre)
            inst.track()
        with open(stop_file, "w"):
            pass
        client.wait(timeout=60)
        mark("stopping apache")
    finally:
        if client is not None and client.poll() is None:
            client.kill()
            client.wait()
        inst.stop()
        time.sleep(1)
        try:
            for fmt, fname in (("json", "journal.json"), ("short-iso", "journal.short-iso"), ("export", "journal.export")):
                r = subprocess.run(ns.argv([JOURNALCTL, "-D", "/run/log/journal", "--no-pager", "-o", fmt]),
                                   env=repro.base_env(), capture_output=True, text=True, timeout=60)
                exports[fname] = r.stdout
        finally:
            jd.terminate()
            jd.wait(timeout=15)
            ns.close()
    mark("stopped")
    dest = os.path.join(out_dir, name)
    if os.path.exists(dest):
        shutil.rmtree(dest)
    os.makedirs(os.path.join(dest, "logs"))
    for fname, text in exports.items():
        with open(os.path.join(dest, "logs", fname), "w") as f:
            f.write(text)
    hd = os.path.join(dest, "web01")
    os.makedirs(os.path.join(hd, "access"))
    os.makedirs(os.path.join(hd, "config"))
    for f in sorted(os.listdir(os.path.join(h["root"], "logs"))):
        shutil.copy2(os.path.join(h["root"], "logs", f), os.path.join(hd, "access", f))
    for src, dst in ((h["conf"], "httpd.conf"), (h["lr_conf"], "logrotate.conf"), (h["lr_state"], "logrotate.status")):
        shutil.copy2(src, os.path.join(hd, "config", dst))
    with open(os.path.join(root, "client-stats-web01.json")) as f:
        clients = {"client-stats-web01": json.load(f)}
    counts = {"scenario": name, "serverRoot": root, "port": h["port"], "rotations": rotations, "clients": clients,
              "timeline": timeline, "logrotateRuns": h["lr_runs"], "journal": count.count_journal_json(os.path.join(dest, "logs", "journal.json")),
              "access": count.count_access_dir(os.path.join(hd, "access")), "expected": {"hosts": {"web01": "rotation-restart"}}}
    counts["checkProblems"] = ([] if counts["journal"]["apache"]["WSGI0117"] >= 1 else ["no connect errors in the journal"])
    with open(os.path.join(dest, "counts.json"), "w") as f:
        json.dump(counts, f, indent=2, sort_keys=True)
        f.write("\n")
    if not keep:
        shutil.rmtree(root, ignore_errors=True)
    return counts


def journald_readme(c: dict) -> str:
    j = c["journal"]
    a = j["apache"]
    acc = c["access"]["totals"]
    jv = subprocess.run([JOURNALCTL, "--version"], capture_output=True, text=True).stdout.split("\n")[0].strip()
    return "\n".join([
        "# journald-export: `ErrorLog syslog:local1` into a real systemd-journald, exported with journalctl", "",
        f"Captured from a **real** run (nothing edited by hand): Apache 2.4.71 (Debian) with Debian's libapache2-mod-wsgi-py3 "
        f"4.9.4, prefork MPM, Debian's systemd-journald and journalctl ({jv}), logrotate 3.21. Regenerate with "
        "`sudo scripts/repro/run-all.sh journald-export` (`scripts/repro/repro_syslog.py`).", "",
        "## What was done", "",
        "- No systemd runs on the capture machine, so `/lib/systemd/systemd-journald` was started by hand inside its own "
        "mount + UTS namespace (`unshare -m -u`, hostname `web01`, a private tmpfs `/run` and `/dev`, `/dev/log` a symlink "
        "to `/run/systemd/journal/dev-log`); without socket activation journald creates its sockets itself and writes a "
        "runtime journal under `/run/log/journal/<machine-id>/`.",
        f"- Apache in the same namespace with `ErrorLog syslog:local1`, LogLevel `warn wsgi:info`, {c['clients']['client-stats-web01'].get('requests', '?')} "
        f"requests from 4 keep-alive clients, and {c['rotations']} runs of `logrotate -f` (Debian's stanza on the access "
        "log, postrotate `apache2 -k graceful`) a few seconds apart.",
        "- **Real clock, no libfaketime**: journald stores the kernel's SCM_TIMESTAMP of each syslog datagram as "
        "`_SOURCE_REALTIME_TIMESTAMP` and `journalctl -o short-iso` prints that one; libfaketime cannot fake it, so a "
        "simulated calendar would give every entry two stamps weeks apart. The rotations are therefore seconds apart, not days: "
        "this fixture is about the envelope (what a journal export of Apache's lines looks like), not the schedule.",
        "- Then, before journald stopped: `journalctl -D /run/log/journal --no-pager -o json` → `logs/journal.json`, "
        "`-o short-iso` → `logs/journal.short-iso`, `-o export` → `logs/journal.export` (the binary-safe export "
        "format; `systemd-journal-remote -o x.journal logs/journal.export` turns it back into a journal file). "
        "The journal file itself is not kept (binary, 8 MiB).", "",
        "## Right diagnosis", "",
        "rotation-restart for host web01: ENOENT connect errors on the previous generation right after each graceful "
        "restart; as with `syslog:` everywhere, the journal holds no restart notice (Apache applies `LogLevel warn` to its "
        "notices under syslog), so the restarts show only in the rising socket generation and the logrotate stanza.", "",
        "## What actually appeared", "",
        f"- `logs/journal.json`: {j['entries']} entries; SYSLOG_IDENTIFIER: "
        + ", ".join(f"`{k}` × {v}" for k, v in sorted(j["identifiers"].items())) + ".",
        f"- Apache's entries (`_COMM` apache2): {a['lines']}; hostnames "
        + ", ".join(f"`{k}` × {v}" for k, v in a["hostnames"].items()) + "; connect errors: "
        f"WSGI0116-equiv. {a['WSGI0116']}, WSGI0117-equiv. {a['WSGI0117']}, errno "
        + (", ".join(f"({k}) × {v}" for k, v in sorted(a["errno"].items())) or "none")
        + f"; sockets {a['sockets_rotating']} generation-numbered, {a['sockets_uid']} `u<uid>`; restart markers "
        + (", ".join(f"`{k}` × {v}" for k, v in sorted(a["markerCodes"].items())) or "none") + ".",
        f"- Access log (`web01/access/`): {acc['requests']} requests, "
        + ", ".join(f"{k} × {v}" for k, v in sorted(acc["status"].items())) + "; 5xx episodes: "
        + ("; ".join(f"{e['first'][11:]}–{e['last'][11:]} " + ", ".join(f"{k} × {v}" for k, v in sorted(e["status"].items()))
                     for e in c["access"]["failureEpisodes"]) or "none") + ".",
        f"- logrotate runs: " + ", ".join(f"exit {r['exit']}" for r in c["logrotateRuns"]) + ".", "",
        "Harness check: " + ("passed." if not c["checkProblems"] else "**FAILED: " + "; ".join(c["checkProblems"]) + "**"), "",
        "## Files", "",
        "- `logs/journal.json`, `logs/journal.short-iso`, `logs/journal.export`: journalctl's output, unedited.",
        "- `web01/access/`: the access log(s); `web01/config/`: `httpd.conf`, `logrotate.conf`, `logrotate.status`.",
        f"- `counts.json`: the counts above and the timeline; the temporary root `{c['serverRoot']}` was deleted.", ""])
