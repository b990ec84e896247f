// Which commands run inline code (`python -c`, `node -e`, `perl -e`, awk programs, sed scripts…)
// and where that code is: in an argument, or on stdin (`python - <<EOF`).
import { programName } from './wrappers.js';
import type { Word } from './types.js';

export interface InlineCode {
  language: string;
  /** The code arguments (several for `perl -e a -e b`). */
  code: Word[];
  /** The program reads its code from stdin (no script file, no inline code). */
  fromStdin: boolean;
}

interface Flavour {
  language: string;
  /** Options whose argument is code (separate word, or the rest of a cluster). */
  code: string[];
  /** Options that take an argument (so the next word is not the script). */
  args: string[];
  /** Short options may be clustered (`perl -lne`), and a code option ends the cluster. */
  clusters: boolean;
  /** Options after which there is no code to see (`python -m`, `php -f`). */
  stop?: string[];
}

const PY: Flavour = { language: 'python', code: ['-c'], args: ['-W', '-X', '-Q'], clusters: true, stop: ['-m'] };
const NODE: Flavour = { language: 'javascript', code: ['-e', '--eval', '-p', '--print'], args: ['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '-C', '--conditions', '--input-type'], clusters: false };
const PERL: Flavour = { language: 'perl', code: ['-e', '-E'], args: [], clusters: true };
const RUBY: Flavour = { language: 'ruby', code: ['-e'], args: ['-I', '-r', '-C', '-E', '-F', '--encoding'], clusters: true };
const PHP: Flavour = { language: 'php', code: ['-r', '-B', '-R', '-E'], args: ['-c', '-d', '-z'], clusters: false, stop: ['-f', '-S'] };
const OSA: Flavour = { language: 'applescript', code: ['-e'], args: ['-l', '-s'], clusters: false };
const LUA: Flavour = { language: 'lua', code: ['-e'], args: ['-l'], clusters: false };
const R: Flavour = { language: 'r', code: ['-e', '--expr'], args: [], clusters: false };

function flavour(name: string): Flavour | null {
  if (/^(python|pypy)(\d+(\.\d+)?)?$/.test(name)) return PY;
  if (name === 'node' || name === 'nodejs' || name === 'bun') return NODE;
  if (name === 'perl' || /^perl5(\.\d+)*$/.test(name)) return PERL;
  if (name === 'ruby' || name === 'jruby') return RUBY;
  if (/^php(\d+(\.\d+)?)?$/.test(name)) return PHP;
  if (name === 'osascript') return OSA;
  if (/^lua(jit|\d(\.\d)?)?$/.test(name)) return LUA;
  if (name === 'Rscript') return R;
  return null;
}

/** The inline code a command runs, or null when it is not an interpreter (or runs a file). */
export function inlineCode(argv: Word[]): InlineCode | null {
  const name = programName(argv[0]);
  if (!name) return null;
  if (name === 'deno') {
    if (argv[1]?.value !== 'eval') return null;
    const code = argv.slice(2).find((w) => !(w.value ?? '').startsWith('-'));
    return code ? { language: 'javascript', code: [code], fromStdin: false } : null;
  }
  if (/^[gmn]?awk$/.test(name)) return awk(argv);
  if (name === 'sed' || name === 'gsed') return sed(argv);
  const f = flavour(name);
  if (!f) return null;
  const code: Word[] = [];
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    const v = w.value;
    if (v === null) return code.length ? { language: f.language, code, fromStdin: false } : null;
    if (v === '-') break;
    if (v === '--') return code.length ? { language: f.language, code, fromStdin: false } : null;
    if (!v.startsWith('-')) return code.length ? { language: f.language, code, fromStdin: false } : null; // a script file
    const eq = v.indexOf('=');
    const opt = v.startsWith('--') && eq > 0 ? v.slice(0, eq) : v;
    if (f.stop?.includes(opt)) return code.length ? { language: f.language, code, fromStdin: false } : null;
    if (f.code.includes(opt)) {
      if (opt !== v) code.push({ ...w, value: v.slice(eq + 1) });
      else if (argv[i + 1]) code.push(argv[++i]!);
      continue;
    }
    if (f.args.includes(opt)) {
      if (opt === v) i++;
      continue;
    }
    if (f.clusters && !v.startsWith('--')) {
      for (let j = 1; j < v.length; j++) {
        const c = `-${v[j]}`;
        if (f.stop?.includes(c)) return code.length ? { language: f.language, code, fromStdin: false } : null;
        if (f.code.includes(c)) {
          const rest = v.slice(j + 1);
          if (rest) code.push({ ...w, value: rest });
          else if (argv[i + 1]) code.push(argv[++i]!);
          break;
        }
        if (f.args.includes(c)) {
          if (j === v.length - 1) i++;
          break;
        }
      }
    }
  }
  return { language: f.language, code, fromStdin: code.length === 0 };
}

function awk(argv: Word[]): InlineCode | null {
  for (let i = 1; i < argv.length; i++) {
    const v = argv[i]!.value;
    if (v === null) return { language: 'awk', code: [argv[i]!], fromStdin: false };
    if (v === '-f' || v.startsWith('--file')) return null;
    if (v === '-F' || v === '-v' || v === '--assign' || v === '--field-separator') {
      i++;
      continue;
    }
    if (v === '--') continue;
    if (v.startsWith('-') && v.length > 1) continue;
    return { language: 'awk', code: [argv[i]!], fromStdin: false };
  }
  return null;
}

function sed(argv: Word[]): InlineCode | null {
  const code: Word[] = [];
  let sawFile = false;
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    const v = w.value;
    if (v === null) {
      if (!code.length && !sawFile) code.push(w);
      continue;
    }
    if (v === '-e' || v === '--expression') {
      if (argv[i + 1]) code.push(argv[++i]!);
    } else if (v.startsWith('--expression=')) code.push({ ...w, value: v.slice(13) });
    else if (v === '-f' || v.startsWith('--file')) {
      sawFile = true;
      if (v === '-f') i++;
    } else if (v === '-l' || v === '--line-length') i++;
    else if (v.startsWith('-') && v.length > 1) continue;
    else if (!code.length && !sawFile) code.push(w);
  }
  return code.length ? { language: 'sed', code, fromStdin: false } : null;
}
