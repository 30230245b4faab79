// Errors a user can fix: the CLI prints `wsgi-logdoctor: <where>: <message>` and exits 2,
// never a stack trace (cli-contract.md, exit status 2).
export class InputError extends Error {
  readonly file: string | undefined;
  readonly line: number | undefined;
  constructor(message: string, where?: { file?: string; line?: number }) {
    // No stack trace: the user sees one line, never a stack, and capturing one costs ~15 µs,
    // which lenient readers pay per bad line (a 200,000-line garbage crontab under --root).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'InputError';
    this.file = where?.file;
    this.line = where?.line;
  }

  /** `file:line: message`, `file: message`, or just the message. */
  describe(): string {
    if (this.file === undefined) return this.message;
    return this.line === undefined ? `${this.file}: ${this.message}` : `${this.file}:${this.line}: ${this.message}`;
  }
}

/** A non-fatal problem worth telling the user about (printed on stderr, kept in the report). */
export interface Warning {
  message: string;
  file?: string;
  line?: number;
}
