// Everything that reaches the page from a log line, a config file or a path goes through one of
// these two functions: log lines are attacker-controlled (a client can put "<script>" in a URL
// that lands in the error log), and the report may be opened from an email.

/** Text or attribute value in HTML/SVG markup. */
export function esc(value: unknown): string {
  return String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` are escaped so no value
 * can close the element ("</script>") or open a comment; U+2028/2029 for old parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
