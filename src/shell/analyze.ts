// analyzeShell(): Bash command line → every simple command that may run, with argv after quote
// removal and static expansion, wrappers looked through, nested shells and inline interpreter
// code analysed, and everything unknowable reported as an Unknown. Never throws.
import { initialScope } from './scope.js';
import { Walker, type Frame } from './walk.js';
import type { ShellAnalysis, ShellContext } from './types.js';

/** Inputs longer than this are analysed up to this length and reported as over budget. */
export const MAX_SOURCE = 256 * 1024;

export function analyzeShell(source: string, ctx: ShellContext): ShellAnalysis {
  const out: ShellAnalysis = { commands: [], interpreter: [], unknowns: [], functions: [] };
  try {
    let text = typeof source === 'string' ? source : String(source);
    if (text.length > MAX_SOURCE) {
      out.unknowns.push({ kind: 'budget', detail: `command longer than ${MAX_SOURCE} characters`, span: { start: MAX_SOURCE, end: text.length } });
      text = text.slice(0, MAX_SOURCE);
    }
    const walker = new Walker(ctx, out);
    const frame: Frame = { source: text, spans: true, depth: 0, wrappers: [], redirects: [], background: false };
    walker.runSource(text, initialScope(ctx), frame);
  } catch (e) {
    // Last line of defence: an analysis that failed is reported, never thrown.
    const detail = e instanceof RangeError ? 'stack exhausted' : `internal error: ${e instanceof Error ? e.message : String(e)}`;
    out.unknowns.push({ kind: e instanceof RangeError ? 'budget' : 'parse-error', detail });
  }
  return out;
}
