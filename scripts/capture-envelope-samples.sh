#!/usr/bin/env bash
# Captures what Debian's rsyslogd writes for Apache's syslog lines, in the three file templates
# the reader's envelope table knows (RSYSLOG_TraditionalFileFormat = RFC 3164,
# RSYSLOG_FileFormat = RFC 3339, RSYSLOG_SyslogProtocol23Format = RFC 5424), fed by util-linux
# `logger` both ways Apache uses syslog: `ErrorLog syslog:local1` (the message without Apache's
# [time]) and a piped `ErrorLog "|/usr/bin/logger -t httpd -p local1.err"` (whole lines, stamp
# included). Usage: scripts/capture-envelope-samples.sh <out-dir>   (needs rsyslog, bsdutils)
set -euo pipefail
out=${1:?usage: $0 <out-dir>}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'kill "$(cat "$work/pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$work"' EXIT
cat > "$work/rsyslog.conf" <<CONF
global(workDirectory="$work" localHostname="web01")
module(load="imuxsock" SysSock.Use="off")
input(type="imuxsock" Socket="$work/log.sock" CreatePath="on")
*.* action(type="omfile" file="$out/rsyslog-traditional.log" template="RSYSLOG_TraditionalFileFormat")
*.* action(type="omfile" file="$out/rsyslog-fileformat.log" template="RSYSLOG_FileFormat")
*.* action(type="omfile" file="$out/rsyslog-protocol23.log" template="RSYSLOG_SyslogProtocol23Format")
CONF
rm -f "$out"/rsyslog-*.log
rsyslogd -n -f "$work/rsyslog.conf" -i "$work/pid" &
for _ in $(seq 50); do [ -S "$work/log.sock" ] && break; sleep 0.1; done
log() { logger -u "$work/log.sock" "$@"; }
# ErrorLog syslog:local1 — Apache passes the message without its [time] (server/log.c)
log -t apache2 -i -p local1.notice "[mpm_prefork:notice] [pid 1200:tid 1200] AH00171: Graceful restart requested, doing restart"
log -t apache2 -i -p local1.err "[wsgi:error] [pid 4242:tid 4242] (2)No such file or directory: [client 192.0.2.7:51234] mod_wsgi (pid=4242): Unable to connect to WSGI daemon process 'app' on '/var/run/apache2/wsgi.1200.3.1.sock' as user with uid=33."
log -t apache2 -i -p local1.err "[wsgi:error] [pid 4250:tid 4250] (111)Connection refused: [client 192.0.2.8:40002] [script /srv/app/app.wsgi] WSGI0116: Unable to connect to WSGI daemon process 'app' on '/run/httpd/wsgi.1200.3.1.sock' after multiple attempts as listener backlog limit was exceeded or the socket does not exist."
log -t apache2 -i -p local1.alert "[wsgi:alert] [pid 5521:tid 5521] WSGI0034: Request origin could not be validated; magic token mismatch."
# ErrorLog "|/usr/bin/logger -t httpd -p local1.err" — whole lines on logger's stdin
printf '%s\n' "[Tue Nov 17 06:25:03.512338 2026] [wsgi:error] [pid 4251:tid 4251] (2)No such file or directory: [client 192.0.2.9:40003] mod_wsgi (pid=4251): Unable to connect to WSGI daemon process 'app' on '/var/run/apache2/wsgi.1200.2.1.sock' as user with uid=33." \
  | log -t httpd -p local1.err
sleep 1
kill "$(cat "$work/pid")"
wait 2>/dev/null || true
