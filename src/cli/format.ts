// The one place where errors become text or JSON, and where colour is decided.
import { GatehouseError, GatehouseErrors, describeError } from '../errors.js';
import type { Io } from './io.js';

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2) + '\n');
}

export function errorToJson(e: unknown): Record<string, unknown> {
  if (e instanceof GatehouseErrors) return { code: e.code, message: e.message, errors: e.errors.map((x) => x.toJSON()) };
  if (e instanceof GatehouseError) return e.toJSON();
  return { code: 'gatehouse/internal', message: describeError(e) };
}

export function printError(io: Io, e: unknown, json = false): void {
  if (json) {
    io.out(JSON.stringify({ error: errorToJson(e) }, null, 2) + '\n');
    return;
  }
  const list = e instanceof GatehouseErrors ? e.errors : [e];
  for (const item of list) {
    if (item instanceof GatehouseError) {
      io.err(`gatehouse: ${item.format()}\n`);
      if (item.hint) io.err(`  hint: ${item.hint}\n`);
    } else {
      io.err(`gatehouse: internal error: ${describeError(item)}\n`);
    }
  }
}

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const plain: Style = { bold: (s) => s, dim: (s) => s, red: (s) => s, green: (s) => s, yellow: (s) => s, cyan: (s) => s };
const wrap = (a: number, b: number) => (s: string) => `\x1b[${a}m${s}\x1b[${b}m`;
const ansi: Style = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  cyan: wrap(36, 39),
};

/** Colour only on a terminal, and never when NO_COLOR is set. */
export function style(io: Io): Style {
  return io.isTTY && !io.env.NO_COLOR && io.env.TERM !== 'dumb' ? ansi : plain;
}

/** Render rows as an aligned text table. */
export function table(rows: string[][], gap = '  '): string {
  if (rows.length === 0) return '';
  const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, visible(c))));
  return (
    rows
      .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - visible(c)))).join(gap).trimEnd())
      .join('\n') + '\n'
  );
}
