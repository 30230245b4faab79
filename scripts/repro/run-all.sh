#!/usr/bin/env bash
# Regenerate the real-Apache reproduction fixtures (fixtures/real/<scenario>/) from scratch.
#   sudo scripts/repro/run-all.sh                      # every scenario, default days
#   sudo scripts/repro/run-all.sh --days 2 daily-rotation-prefork rotation-off-prefork
#   scripts/repro/run-all.sh --out /tmp/x ...          # somewhere else (the live e2e test does this)
# Installs the Debian packages it needs (apache2, libapache2-mod-wsgi-py3, logrotate, faketime,
# curl, python3) through scripts/install-test-deps.sh when they are missing. Each scenario runs
# its own Apache on 127.0.0.1 and stops it (by PID) before the next starts; see repro.py.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ "$(id -u)" != 0 ]; then
  echo "run-all.sh: must run as root (Apache switches to www-data; logrotate wants root-owned configs)" >&2
  exit 2
fi
WSGI_LOGDOCTOR_NO_BROWSER=1 "$here/../install-test-deps.sh" >&2
exec python3 "$here/repro.py" "$@"
