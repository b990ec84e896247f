// One error type for everything gatehouse reports on purpose. Modules throw it; exactly one
// formatter (cli/format.ts) turns it into text or JSON, and the hook turns it into a fail-closed answer.

export interface ErrorPlace {
  file?: string;
  line?: number;
  column?: number;
}

export interface GatehouseErrorInit extends ErrorPlace {
  /** Stable code such as `policy/invalid-verdict` or `hook/bad-input`. Tests and docs key on it. */
  code: string;
  message: string;
  /** What the user can do about it. */
  hint?: string;
  /** Dotted key path inside the file, e.g. `rules[3].verdict`. */
  key?: string;
  cause?: unknown;
}

export class GatehouseError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly key: string | undefined;

  constructor(init: GatehouseErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'GatehouseError';
    this.code = init.code;
    this.hint = init.hint;
    this.file = init.file;
    this.line = init.line;
    this.column = init.column;
    this.key = init.key;
  }

  /** `file:line:col code key: message` — the one-line form used everywhere. */
  format(): string {
    let place = '';
    if (this.file) {
      place = this.file;
      if (this.line !== undefined) place += `:${this.line}`;
      if (this.line !== undefined && this.column !== undefined) place += `:${this.column}`;
      place += ' ';
    }
    const key = this.key ? `${this.key}: ` : '';
    return `${place}${this.code} ${key}${this.message}`;
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.file !== undefined) out.file = this.file;
    if (this.line !== undefined) out.line = this.line;
    if (this.column !== undefined) out.column = this.column;
    if (this.key !== undefined) out.key = this.key;
    if (this.hint !== undefined) out.hint = this.hint;
    return out;
  }
}

/** Several problems found at once (a policy file with three mistakes reports all three). */
export class GatehouseErrors extends GatehouseError {
  readonly errors: GatehouseError[];
  constructor(errors: GatehouseError[], summary?: string) {
    const first = errors[0];
    super({
      code: first?.code ?? 'gatehouse/errors',
      message: summary ?? `${errors.length} problem${errors.length === 1 ? '' : 's'}: ${errors.map((e) => e.format()).join('; ')}`,
      file: first?.file,
      line: first?.line,
      column: first?.column,
      hint: first?.hint,
      key: first?.key,
    });
    this.errors = errors;
  }
}

/** A short, stack-free description of any thrown value, safe to show to a user or the model. */
export function describeError(e: unknown): string {
  if (e instanceof GatehouseError) return e.format();
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return code ? `${code}: ${e.message}` : e.message;
  }
  return String(e);
}
