#!/usr/bin/env bash
# Installs the real components the test suite uses as oracles and for live reproductions,
# from Debian's packages, only when they are missing. Never touches /etc/apache2 beyond what
# the packages themselves install; the project's Apache instances run from their own ServerRoot.
#   logrotate           -> `logrotate -d` oracle for the config parser
#   systemd             -> `systemd-analyze calendar` oracle for OnCalendar
#   apache2, libapache2-mod-wsgi-py3, faketime, curl, python3 -> the reproduction harness
#   chromium            -> the HTML report's browser test
#   bsdutils            -> util-linux `script`: a pseudo-terminal for the progress tests (Essential on Debian)
#   cmark-gfm           -> CommonMark/GFM oracle for the markdown report's tests
#   ansible-core        -> contrib/ansible's playbook, run against localhost
#   prometheus          -> `promtool check metrics` oracle for --format prometheus
#   monitoring-plugins-basic -> the Monitoring Plugins' own check_dummy/utils conventions for --check
#   cron-daemon-common, anacron -> the real Debian /etc/crontab, /etc/anacrontab, /etc/cron.d/anacron
#                          and anacron.timer copied into fixtures/schedule/debian12 (no daemon is started)
set -euo pipefail

want=()
need() { # need <command-or-path> <package>
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -e "$1" ]; then want+=("$2"); fi
}
need logrotate logrotate
need systemd-analyze systemd
need /usr/sbin/apache2 apache2
need /usr/lib/apache2/modules/mod_wsgi.so libapache2-mod-wsgi-py3
need faketime faketime
need curl curl
need python3 python3
need cmark-gfm cmark-gfm
need script bsdutils
need /etc/crontab cron-daemon-common
need /usr/sbin/anacron anacron
need ansible-playbook ansible-core
need promtool prometheus
need /usr/lib/nagios/plugins/check_dummy monitoring-plugins-basic
if [ "${WSGI_LOGDOCTOR_NO_BROWSER:-}" != 1 ]; then need chromium chromium; fi

if [ ${#want[@]} -eq 0 ]; then
  echo "install-test-deps: everything present"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-deps: missing ${want[*]} and cannot install them here (needs root and apt-get);" >&2
  echo "install-test-deps: the tests that need them will be skipped (in CI they are required)" >&2
  [ "${CI:-}" = true ] && exit 1
  exit 0
fi
echo "install-test-deps: installing ${want[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# policy-rc.d keeps the packages' own apache2 service from being started by the install.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
echo "install-test-deps: done"
