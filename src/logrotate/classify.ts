// What a postrotate/lastaction script does to Apache (logrotate.md §3, §4). Scripts are read,
// never run. The table is the one source of truth: each entry has the command shapes it
// recognises and why it means what it means; tests iterate over real distro scripts.
import type { RotationAction } from '../model.js';

export interface ScriptClass {
  action: RotationAction;
  detail: string;
}

interface Rule {
  id: string;
  action: 'graceful' | 'restart';
  re: RegExp;
  why: string;
}

const APACHE = String.raw`(?:apache2?|httpd(?:24)?|\$\{?httpd_service\}?|\$\{?HTTPD\}?)`;
// (a path before the command needs no pattern of its own: `\b` also holds after its last '/';
// an optional `[\w./-]*/` there made every start position scan the whole path, quadratic on a
// long one)
const CTL = String.raw`(?:apache2?ctl|apachectl|httpd(?:24)?|apache2|start_apache2)`;
const INIT = String.raw`(?:/etc/(?:rc\.d/)?init\.d/|/etc/rc\.d/)`;
/**
 * What may stand between a command and its verb within one simple command: bounded, so that a
 * line with thousands of "httpd" (a fuzzed 260 KB pid-file path) is not scanned to its end from
 * each of them. Real scripts put a few options there (`-f /etc/httpd/conf/httpd.conf -k`).
 */
const GAP = String.raw`[^;&|\n]{0,512}?`;

// Ordered: restart shapes that contain a graceful-looking word are tested first where needed.
const RULES: Rule[] = [
  {
    id: 'ctl-graceful',
    action: 'graceful',
    re: new RegExp(String.raw`\b${CTL}\b${GAP}(?:-k\s+)?\bgraceful\b(?!-)`),
    why: 'apachectl/httpd graceful sends SIGUSR1 (graceful restart)',
  },
  {
    id: 'ctl-restart',
    action: 'restart',
    re: new RegExp(String.raw`\b${CTL}\b${GAP}(?:-k\s+)?\brestart\b`),
    why: 'apachectl/httpd restart sends SIGHUP (full restart)',
  },
  {
    id: 'systemctl-reload',
    action: 'graceful',
    re: new RegExp(
      String.raw`\bsystemctl\b${GAP}\b(?:reload|try-reload-or-restart|reload-or-try-restart)\s+(?:[\w@.-]+\s+)*${APACHE}(?:@[\w.-]*)?(?:\.service)?\b`,
    ),
    why: "systemctl reload runs the unit's ExecReload, which is `apachectl graceful` / `httpd -k graceful` on the Debian, RHEL/Fedora, SUSE and Arch units (SIGUSR1)",
  },
  {
    id: 'systemctl-restart',
    action: 'restart',
    re: new RegExp(
      String.raw`\bsystemctl\b${GAP}\b(?:restart|try-restart|reload-or-restart|condrestart)\s+(?:[\w@.-]+\s+)*${APACHE}(?:@[\w.-]*)?(?:\.service)?\b`,
    ),
    why: 'systemctl restart stops (graceful-stop) and starts Apache: a new parent, all children replaced',
  },
  {
    id: 'invoke-rc-reload',
    action: 'graceful',
    re: new RegExp(String.raw`\binvoke-rc\.d\s+(?:--[\w-]+\s+)*${APACHE}\s+(?:reload|force-reload|graceful)\b`),
    why: "invoke-rc.d apache2 reload → systemctl reload apache2 (ExecReload=apachectl graceful) or the init script's do_reload → apache2ctl graceful: SIGUSR1",
  },
  {
    id: 'invoke-rc-restart',
    action: 'restart',
    re: new RegExp(String.raw`\binvoke-rc\.d\s+(?:--[\w-]+\s+)*${APACHE}\s+restart\b`),
    why: 'invoke-rc.d apache2 restart: full restart',
  },
  {
    id: 'service-graceful',
    action: 'graceful',
    re: new RegExp(String.raw`\bservice\s+${APACHE}\s+(?:reload|graceful|force-reload)\b`),
    why: "service … reload/graceful → the unit's or init script's reload, a graceful restart on current distros (caveat: on RHEL 5/6 SysV init `service httpd reload` ran `killproc … -HUP`, a full restart)",
  },
  {
    id: 'service-restart',
    action: 'restart',
    re: new RegExp(String.raw`\bservice\s+${APACHE}\s+(?:restart|condrestart|try-restart)\b`),
    why: 'service … restart: full restart',
  },
  {
    id: 'initd-reload',
    action: 'graceful',
    re: new RegExp(String.raw`${INIT}${APACHE}\b${GAP}\b(?:reload|graceful|force-reload)\b`),
    why: "the init script's reload: Debian do_reload → apache2ctl graceful; Alpine OpenRC reload → httpd -k graceful (unless RELOAD_TYPE=restart in /etc/conf.d/apache2); SUSE rcapache2 reload → graceful (caveat: the RHEL 5/6 /etc/init.d/httpd reload ran `killproc … -HUP`, a full restart)",
  },
  {
    id: 'initd-restart',
    action: 'restart',
    re: new RegExp(String.raw`${INIT}${APACHE}\b${GAP}\brestart\b`),
    why: "the init script's restart: full restart",
  },
  {
    id: 'rc-service',
    action: 'graceful',
    re: new RegExp(String.raw`\b(?:rc-service\s+${APACHE}|rcapache2)\s+(?:--[\w-]+\s+)*(?:reload|graceful)\b`),
    why: 'OpenRC/SUSE rc helper reload: graceful (httpd -k graceful)',
  },
  {
    id: 'rc-service-restart',
    action: 'restart',
    re: new RegExp(String.raw`\b(?:rc-service\s+${APACHE}|rcapache2)\s+(?:--[\w-]+\s+)*restart\b`),
    why: 'OpenRC/SUSE rc helper restart: full restart',
  },
  {
    id: 'kill-usr1',
    action: 'graceful',
    re: /\b(?:p?kill(?:all)?)\s+(?:-s\s+)?-?(?:SIG)?USR1\b|\bkill\s+-10\b/,
    why: 'SIGUSR1 to the Apache parent is a graceful restart',
  },
  {
    id: 'kill-hup',
    action: 'restart',
    re: /\b(?:p?kill(?:all)?)\s+(?:-s\s+)?-?(?:SIG)?HUP\b|\bkill\s+-1\b/,
    why: 'SIGHUP to the Apache parent is a full restart (children killed at once)',
  },
];

/** Lines of a script without comments and blank lines. */
function commands(script: string): string[] {
  return script
    .split('\n')
    .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
    .filter((l) => l !== '');
}

const mentionsApache = (l: string) => /apache|httpd/i.test(l);

/** Classify one script's effect on Apache. */
export function classifyScript(script: string): ScriptClass {
  const lines = commands(script);
  if (lines.length === 0) return { action: 'none', detail: 'the script is empty' };
  const hits: { rule: Rule; line: string }[] = [];
  for (const line of lines) {
    for (const rule of RULES) {
      if (!rule.re.test(line)) continue;
      // kill with a signal must name the Apache pid (pid file, pidof, pgrep …)
      if (rule.id.startsWith('kill') && !mentionsApache(line)) continue;
      hits.push({ rule, line });
      break;
    }
  }
  const first = hits[0];
  if (!first) {
    const apache = lines.filter(mentionsApache);
    if (apache.length > 0) {
      return { action: 'unknown', detail: `mentions Apache but no known reload/restart command: \`${apache[0]}\`` };
    }
    return {
      action: 'unknown',
      detail: `does not touch Apache as far as can be told: \`${lines.slice(0, 2).join('; ')}\``,
    };
  }
  let detail = `\`${first.line}\`: ${first.rule.why}`;
  const other = hits.find((h) => h.rule.action !== first.rule.action);
  if (other)
    detail += `; also \`${other.line}\` (${other.rule.action}), which runs only if the first fails or in another branch`;
  return { action: first.rule.action, detail };
}
