#!/usr/bin/env bash
# Captures fixtures/access-formats/: one real Apache (Debian's apache2, prefork, its own ServerRoot
# in a temp dir, port 18471) writes the same requests through several CustomLogs, one per LogFormat
# below, under TZ=Europe/Berlin. The lines are what src/access/format.ts is held to
# (test/access/format.test.ts). Needs root (Apache drops to www-data) and curl.
#   bash scripts/access-formats/capture.sh fixtures/access-formats
set -euo pipefail
dest=${1:?destination folder}
root=$(mktemp -d /tmp/access-formats.XXXXXX)
trap 'apache2 -d "$root" -f "$root/httpd.conf" -k stop >/dev/null 2>&1 || true; sleep 1; rm -rf "$root"' EXIT
mkdir -p "$root/logs" "$root/htdocs/app" "$root/run"
echo hello >"$root/htdocs/index.html"
echo "item" >"$root/htdocs/app/item.txt"
chmod -R a+rX "$root"
port=${ACCESS_FORMATS_PORT:-18471}
cat >"$root/httpd.conf" <<CONF
ServerRoot "$root"
ServerName formats.example
Listen 127.0.0.1:$port
PidFile $root/run/httpd.pid
Mutex file:$root/run default
LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule dir_module /usr/lib/apache2/modules/mod_dir.so
LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so
TypesConfig /etc/mime.types
User www-data
Group www-data
DocumentRoot "$root/htdocs"
<Directory "$root/htdocs">
  Require all granted
</Directory>
ErrorLog $root/logs/error.log
KeepAlive On
StartServers 5
MinSpareServers 5
# Debian's apache2.conf nicknames, verbatim
LogFormat "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"" vhost_combined
LogFormat "%h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"" combined
LogFormat "%h %l %u %t \"%r\" %>s %O" common
# RHEL's httpd.conf combined (%b) and mod_logio's combinedio
LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"" rhel_combined
LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" %I %O" combinedio
# custom: the mod_log_config manual's millisecond example, epoch forms, end times, durations
LogFormat "[%{%d/%b/%Y %H:%M:%S}t.%{msec_frac}t %{%z}t] %a \"%r\" %>s %D" msec_frac
LogFormat "%{sec}t %{msec}t %{usec}t %h %m %U%q %>s %T %{ms}T" epoch
LogFormat "%{begin:%Y-%m-%dT%H:%M:%S}t %{end:%Y-%m-%dT%H:%M:%S}t %h \"%r\" %s %>s %{us}T" begin_end
LogFormat "%V %v %h %u \"%r\" %>s %b %t \"%{X-Forwarded-For}i\" %{%A %e %B %Y %I:%M:%S %p}t" mixed
CustomLog $root/logs/vhost_combined.log vhost_combined
CustomLog $root/logs/combined.log combined
CustomLog $root/logs/common.log common
CustomLog $root/logs/rhel_combined.log rhel_combined
CustomLog $root/logs/combinedio.log combinedio
CustomLog $root/logs/msec_frac.log msec_frac
CustomLog $root/logs/epoch.log epoch
CustomLog $root/logs/begin_end.log begin_end
CustomLog $root/logs/mixed.log mixed
CustomLog $root/logs/literal.log "%h %t \"%r\" %>s \\"quoted\\" %{User-Agent}i"
CONF
TZ=Europe/Berlin apache2 -d "$root" -f "$root/httpd.conf" -k start
sleep 1
u="http://127.0.0.1:$port"
curl -s -o /dev/null "$u/"
curl -s -o /dev/null -A 'Mozilla/5.0 (X11; Linux x86_64) "quoted" \agent' -e "$u/from?x=1" "$u/app/item.txt?id=7&q=a%20b"
curl -s -o /dev/null "$u/missing/page?z=1"
curl -s -o /dev/null -u 'alice:secret' "$u/app/"
curl -s -o /dev/null -H 'X-Forwarded-For: 203.0.113.9, 10.0.0.2' "$u/app/item.txt"
curl -s -o /dev/null -X POST --data 'a=1' "$u/index.html"
curl -s -o /dev/null "$u/a%20space/x"
printf 'GET /raw HTTP/1.0\r\n\r\n' | timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; cat >&3; cat <&3 >/dev/null" || true
# graceful restarts: httpd may wake idle children with an internal dummy connection (server/mpm_unix.c)
TZ=Europe/Berlin apache2 -d "$root" -f "$root/httpd.conf" -k graceful
sleep 2
TZ=Europe/Berlin apache2 -d "$root" -f "$root/httpd.conf" -k graceful
sleep 2
curl -s -o /dev/null "$u/after-graceful"
sleep 1
mkdir -p "$dest"
for f in "$root"/logs/*.log; do
  n=$(basename "$f")
  [ "$n" = error.log ] && continue
  cp "$f" "$dest/$n"
done
sed -n '/^# Debian/,/^CustomLog.*literal/p' "$root/httpd.conf" | sed "s#$root#\${ROOT}#g" >"$dest/formats.conf"
apache2 -v | head -1 >"$dest/apache-version.txt"
