// Generates a realistic Apache 2.4 + mod_wsgi error log for the benchmark (synthetic, but every
// line shape is taken from real logs quoted in fixtures/real and the Apache/mod_wsgi source templates):
// application tracebacks and prints through [wsgi:error] with [remote …], client-denied and SSL
// warnings, proxy timeouts, a daily logrotate graceful restart at 06:25 followed by a burst of
// WSGI0117 ENOENT errors from old workers, and an occasional listener-backlog overload.
// Deterministic (seeded) so every run benchmarks the same bytes.
import fs from 'node:fs';
import zlib from 'node:zlib';

// opts (the access-log figure): `until` stops at that instant instead of at targetBytes, `stepMs`
// is the largest gap between entries (default 1000), `backlogRate` the share of lone WSGI0116
// lines (default 0.00005; 0 leaves only the daily bursts).
export function generate(file, targetBytes, opts = {}) {
  const stepMs = opts.stepMs ?? 1000;
  const backlogRate = opts.backlogRate ?? 0.00005;
  const until = opts.until ?? Infinity;
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const DAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n) => String(n).padStart(2, '0');
  const stamp = (ms) => {
    const d = new Date(ms);
    const us = String(Math.floor(rnd() * 1e6)).padStart(6, '0');
    return `[${DAY[d.getUTCDay()]} ${MON[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${us} ${d.getUTCFullYear()}]`;
  };
  const ip = () =>
    `${Math.floor(rnd() * 223) + 1}.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 254) + 1}`;
  const pid = () => 20000 + Math.floor(rnd() * 9000);
  const trace = [
    'Traceback (most recent call last):',
    '  File "/srv/app/venv/lib/python3.11/site-packages/django/core/handlers/exception.py", line 55, in inner',
    '    response = get_response(request)',
    '  File "/srv/app/venv/lib/python3.11/site-packages/django/core/handlers/base.py", line 197, in _get_response',
    '    response = wrapped_callback(request, *callback_args, **callback_kwargs)',
    '  File "/srv/app/shop/views.py", line 88, in checkout',
    "    order = Order.objects.get(pk=request.session['order_id'])",
    "KeyError: 'order_id'",
  ];
  const misc = [
    (c) =>
      `[authz_core:error] [pid ${pid()}:tid ${pid()}] [client ${c}] AH01630: client denied by server configuration: /var/www/html/.env`,
    (c) =>
      `[core:error] [pid ${pid()}:tid ${pid()}] (70007)The timeout specified has expired: [client ${c}] AH00574: ap_content_length_filter: apr_bucket_read() failed, referer: https://shop.example.com/cart`,
    () =>
      `[ssl:warn] [pid ${pid()}:tid ${pid()}] AH01909: shop.example.com:443:0 server certificate does NOT include an ID which matches the server name`,
    (c) =>
      `[wsgi:error] [pid ${pid()}:tid ${pid()}] [remote ${c}] INFO 2026 shop.payments: payment authorised for order ${Math.floor(rnd() * 1e6)}`,
    (c) =>
      `[wsgi:error] [pid ${pid()}:tid ${pid()}] [remote ${c}] /srv/app/venv/lib/python3.11/site-packages/django/db/models/fields/__init__.py:1595: RuntimeWarning: DateTimeField Order.created received a naive datetime while time zone support is active.`,
    (c) =>
      `[core:info] [pid ${pid()}:tid ${pid()}] [client ${c}] AH00128: File does not exist: /var/www/html/favicon.ico`,
    (c) =>
      `[proxy_http:error] [pid ${pid()}:tid ${pid()}] (104)Connection reset by peer: [client ${c}] AH01102: error reading status line from remote server 127.0.0.1:8081`,
  ];
  const fd = fs.openSync(file, 'w');
  let size = 0;
  let buf = [];
  let t = opts.from ?? Date.UTC(2026, 7, 1, 0, 0, 0);
  let apachePid = 1200;
  let gen = 0;
  const out = (line) => {
    buf.push(line);
    size += Buffer.byteLength(line) + 1;
    if (buf.length >= 4096) {
      fs.writeSync(fd, buf.join('\n') + '\n');
      buf = [];
    }
  };
  let nextRestart = t + (6 * 3600 + 25 * 60 + 1) * 1000;
  let counts = { WSGI0117: 0, WSGI0116: 0, restarts: 0 };
  while (size < targetBytes && t < until) {
    t += Math.floor(rnd() * stepMs);
    if (t >= nextRestart) {
      out(
        `${stamp(t)} [mpm_prefork:notice] [pid ${apachePid}:tid ${apachePid}] AH00171: Graceful restart requested, doing restart`,
      );
      out(
        `AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using 127.0.1.1. Set the 'ServerName' directive globally to suppress this message`,
      );
      out(
        `${stamp(t + 200)} [mpm_prefork:notice] [pid ${apachePid}:tid ${apachePid}] AH00163: Apache/2.4.62 (Debian) mod_wsgi/4.9.4 Python/3.11 configured -- resuming normal operations`,
      );
      out(
        `${stamp(t + 201)} [core:notice] [pid ${apachePid}:tid ${apachePid}] AH00094: Command line: '/usr/sbin/apache2'`,
      );
      counts.restarts++;
      const n = 5 + Math.floor(rnd() * 30);
      for (let i = 0; i < n; i++) {
        const c = pid();
        out(
          `${stamp(t + 300 + i * 20)} [wsgi:error] [pid ${c}:tid ${c}] (2)No such file or directory: [client ${ip()}:${40000 + i}] mod_wsgi (pid=${c}): Unable to connect to WSGI daemon process 'shop' on '/var/run/apache2/wsgi.${apachePid}.${gen}.1.sock' as user with uid=33.`,
        );
        counts.WSGI0117++;
      }
      gen++;
      nextRestart += 86400000;
      continue;
    }
    const r = rnd();
    const c = `${ip()}:${1024 + Math.floor(rnd() * 60000)}`;
    if (r < 0.45) {
      const p = pid();
      for (const l of trace) out(`${stamp(t)} [wsgi:error] [pid ${p}:tid ${p + 7}] [remote ${c}] ${l}`);
    } else if (r < 1 - backlogRate) {
      out(`${stamp(t)} ${pick(misc)(c)}`);
    } else {
      const p = pid();
      out(
        `${stamp(t)} [wsgi:error] [pid ${p}:tid ${p + 3}] (11)Resource temporarily unavailable: [client ${c}] mod_wsgi (pid=${p}): Unable to connect to WSGI daemon process 'shop' on '/var/run/apache2/wsgi.${apachePid}.${gen}.1.sock' after multiple attempts as listener backlog limit was exceeded or the socket does not exist.`,
      );
      counts.WSGI0116++;
    }
  }
  if (buf.length) fs.writeSync(fd, buf.join('\n') + '\n');
  fs.closeSync(fd);
  return counts;
}

// An access log for the same days (Debian's combined plus %D, as the reproduction harness logs):
// steady traffic from many clients, written in request-end order like Apache (so %t runs slightly
// out of order), and around each daily 06:25:01 restart a few seconds of 503s for the keep-alive
// clients of the old children. `days` from 2026-08-01 UTC; grows to about targetBytes.
export function generateAccess(file, targetBytes, days) {
  let seed = 4242;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n) => String(n).padStart(2, '0');
  const clf = (ms) => {
    const d = new Date(ms);
    return `[${p2(d.getUTCDate())}/${MON[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000]`;
  };
  const paths = [
    '/',
    '/shop/cart',
    '/shop/checkout?step=2',
    '/api/v1/orders?page=3&size=50',
    '/static/app.4f9c2.js',
    '/static/site.css',
    '/account/login',
    '/api/v1/products/8812',
    '/search?q=walking+boots',
  ];
  const agents = [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    'curl/8.5.0',
  ];
  const start = Date.UTC(2026, 7, 1, 0, 0, 0);
  const end = start + days * 86400000;
  const restarts = Array.from({ length: days }, (_, k) => Date.UTC(2026, 7, 1 + k, 6, 25, 1));
  const lineBytes = 215; // about, for the request rate
  const perMs = targetBytes / lineBytes / (end - start);
  const fd = fs.openSync(file, 'w');
  let buf = [];
  let size = 0;
  const pending = []; // [endMs, line] not yet written, kept in end order
  let counts = { lines: 0, s503: 0 };
  const flushUpTo = (t) => {
    pending.sort((a, b) => a[0] - b[0]);
    let k = 0;
    while (k < pending.length && pending[k][0] <= t) {
      buf.push(pending[k][1]);
      k++;
    }
    pending.splice(0, k);
    if (buf.length >= 8192) {
      const chunk = buf.join('\n') + '\n';
      size += Buffer.byteLength(chunk);
      fs.writeSync(fd, chunk);
      buf = [];
    }
  };
  let t = start;
  while (t < end && size < targetBytes * 1.02) {
    t += -Math.log(1 - rnd()) / perMs; // Poisson arrivals
    const ms = Math.floor(t);
    const inBurst = restarts.some((r) => ms >= r && ms <= r + 2500);
    const status = inBurst && rnd() < 0.3 ? 503 : rnd() < 0.03 ? 404 : 200;
    const us = status === 503 ? 200 + Math.floor(rnd() * 800) : Math.floor(2000 + rnd() * rnd() * 900000);
    const ip = `${Math.floor(rnd() * 223) + 1}.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 254) + 1}`;
    const p = paths[Math.floor(rnd() * paths.length)];
    const line = `${ip} - - ${clf(ms)} "GET ${p} HTTP/1.1" ${status} ${status === 200 ? 1000 + Math.floor(rnd() * 30000) : 556} "https://shop.example.com/" "${agents[Math.floor(rnd() * agents.length)]}" ${us}`;
    pending.push([ms + us / 1000, line]);
    counts.lines++;
    if (status === 503) counts.s503++;
    if (pending.length >= 256) flushUpTo(ms - 1000);
  }
  flushUpTo(Infinity);
  if (buf.length) fs.writeSync(fd, buf.join('\n') + '\n');
  fs.closeSync(fd);
  return counts;
}

// The same log as RFC 3164 syslog (ErrorLog syslog: through rsyslog's default file format): the
// Apache stamp becomes "Mmm dd hh:mm:ss host tag[pid]:", the rest of the line stays. Lines
// without a stamp (AH00558 on stderr) are copied as they are.
export function toSyslog(src, dst) {
  const re = /^\[\w{3} (\w{3}) (\d{2}) (\d{2}:\d{2}:\d{2})\.\d{6} \d{4}\] /;
  const inFd = fs.openSync(src, 'r');
  const outFd = fs.openSync(dst, 'w');
  const buf = Buffer.allocUnsafe(8 << 20);
  let carry = '';
  for (;;) {
    const n = fs.readSync(inFd, buf, 0, buf.length, null);
    if (n <= 0) break;
    const lines = (carry + buf.toString('latin1', 0, n)).split('\n');
    carry = lines.pop();
    const out = lines.map((l) => {
      const m = re.exec(l);
      return m ? `${m[1]} ${m[2].replace(/^0/, ' ')} ${m[3]} web01 apache2[812]: ${l.slice(m[0].length)}` : l;
    });
    fs.writeSync(outFd, Buffer.from(out.join('\n') + '\n', 'latin1'));
  }
  if (carry) fs.writeSync(outFd, Buffer.from(carry + '\n', 'latin1'));
  fs.closeSync(inFd);
  fs.closeSync(outFd);
}

// A year of daily rotation (logrotate dateext + compress): error_log-YYYYMMDD.gz for 365 days
// and the current error_log, about `dayBytes` each, from one generated year split at midnight.
export function rotatedYear(dir, dayBytes) {
  fs.mkdirSync(dir, { recursive: true });
  const start = Date.UTC(2025, 7, 1);
  const whole = `${dir}/.year.tmp`;
  // ~210 bytes a line on average: the step that gives dayBytes a day
  const stepMs = Math.max(2, Math.floor((2 * 86400000 * 210) / dayBytes));
  generate(whole, Infinity, { until: start + 365.5 * 86400000, stepMs, from: start });
  const MON = { Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12 };
  // split at midnight, streaming: each finished day is compressed and written at once
  let day = null;
  let lines = [];
  let count = 0;
  const flush = (name) => {
    if (day === null) return;
    const body = Buffer.from(lines.join('\n') + '\n', 'latin1');
    if (name) fs.writeFileSync(`${dir}/${name}`, body);
    else fs.writeFileSync(`${dir}/error_log-${day}.gz`, zlib.gzipSync(body, { level: 6 }));
    count++;
    lines = [];
  };
  const fd = fs.openSync(whole, 'r');
  const buf = Buffer.allocUnsafe(8 << 20);
  let carry = '';
  for (;;) {
    const n = fs.readSync(fd, buf, 0, buf.length, null);
    const chunk = n > 0 ? carry + buf.toString('latin1', 0, n) : carry;
    const ls = chunk.split('\n');
    carry = n > 0 ? ls.pop() : '';
    for (const l of ls) {
      if (l === '') continue;
      const m = /^\[\w{3} (\w{3}) (\d{2}) \d{2}:\d{2}:\d{2}\.\d{6} (\d{4})\]/.exec(l);
      const d = m ? `${m[3]}${String(MON[m[1]]).padStart(2, '0')}${m[2]}` : day;
      if (d !== day) {
        flush();
        day = d;
      }
      lines.push(l);
    }
    if (n <= 0) break;
  }
  fs.closeSync(fd);
  fs.rmSync(whole);
  flush('error_log');
  count--;
  return count;
}
