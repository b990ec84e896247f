// What a database client reads besides its arguments: a heredoc or here-string, a file on stdin,
// or the output of `echo`/`printf` piped in. Static text becomes statements; the rest a source name.
import type { CommandView } from './view.js';

export interface DbInput {
  text?: string;
  /** A file or `<stdin>` whose content is not known here. */
  source?: string;
}

/** Output of `echo`/`printf` with static arguments, as the shell would print it (close enough for SQL). */
export function staticEcho(argv: readonly (string | null)[]): string | undefined {
  if (argv.some((a) => a === null)) return undefined;
  const [prog, ...args] = argv as string[];
  const unescape = (s: string) => s.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\\\/g, '\\');
  if (prog === 'echo') {
    let i = 0;
    let interpret = false;
    while (args[i] && /^-[neE]+$/.test(args[i]!)) interpret ||= args[i++]!.includes('e');
    const text = args.slice(i).join(' ');
    return interpret ? unescape(text) : text;
  }
  if (prog === 'printf') {
    const [format = '', ...rest] = args[0] === '--' ? args.slice(1) : args;
    let k = 0;
    return unescape(format).replace(/%[sdbq]/g, () => rest[k++] ?? '') + (k < rest.length ? rest.slice(k).join('') : '');
  }
  return undefined;
}

export function dbInput(v: CommandView): DbInput | undefined {
  const s = v.cmd.stdin;
  if (s) {
    if (s.kind === 'heredoc' || s.kind === 'here-string') return s.body != null ? { text: s.body } : { source: '<stdin>' };
    if (s.kind === 'file') return { source: s.path.value ?? '<file>' };
    const src = v.all[s.from];
    if (!src) return { source: '<stdin>' };
    const argv = src.argv.map((w) => w.value);
    const prog = argv[0]?.split('/').pop();
    if (prog === 'echo' || prog === 'printf') {
      const text = staticEcho([prog, ...argv.slice(1)]);
      return text !== undefined ? { text } : { source: '<stdin>' };
    }
    if (prog === 'cat' || prog === 'zcat' || prog === 'gunzip' || prog === 'bzcat' || prog === 'xzcat') {
      const files = argv.slice(1).filter((a): a is string => a !== null && !a.startsWith('-'));
      if (files.length) return { source: files.join(' ') };
    }
    return { source: '<stdin>' };
  }
  // Analysers that keep heredocs only as redirects.
  for (const r of v.cmd.redirects) {
    if ((r.op === '<<' || r.op === '<<-' || r.op === '<<<') && r.fd === 0) return r.body != null ? { text: r.body } : { source: '<stdin>' };
    if (r.op === '<' && r.fd === 0) return { source: r.target.value ?? '<file>' };
  }
  return undefined;
}
