// The output of commands whose output is fixed by their arguments (echo, printf, cat of a
// heredoc), so `$(echo rm)`, `echo 'rm -rf /' | sh` and `printf '\x72m'` can be seen through.
import { decodeEchoEscapes } from './lexer.js';
import type { Word } from './types.js';

/** Programs that turn data into other data (decoding, decompressing, reversing): what comes out
 * of them cannot be read from the command line. */
export function isDecoder(argv: Word[]): boolean {
  const name = (argv[0]?.value ?? '').replace(/^.*\//, '');
  const args = argv.slice(1).map((w) => w.value ?? '');
  const flag = (re: RegExp) => args.some((a) => re.test(a));
  switch (name) {
    case 'base64': case 'base32': case 'basenc': case 'gbase64':
      return flag(/^(-[a-zA-Z]*[dD]|--decode)$/);
    case 'xxd': return flag(/^-[a-zA-Z]*r/);
    case 'openssl': return flag(/^(-d|-base64|-a|enc|base64)$/);
    case 'gzip': case 'bzip2': case 'xz': case 'zstd': case 'lzma': case 'brotli':
      return flag(/^(-[a-zA-Z]*d|--decompress|--uncompress)$/);
    case 'gunzip': case 'zcat': case 'bunzip2': case 'bzcat': case 'unxz': case 'xzcat': case 'unzstd': case 'zstdcat': case 'uudecode': case 'rev': case 'tr': case 'iconv': case 'recode':
      return true;
  }
  return false;
}

/** Static stdout of `argv` (with static stdin text, if any), or null when unknown. */
export function staticOutput(argv: Word[], stdinText: string | null | undefined): string | null {
  if (!argv.length || argv.some((w) => w.value === null)) return null;
  const args = argv.map((w) => w.value!);
  const name = args[0]!.replace(/^.*\//, '');
  if (name === 'echo') return echo(args.slice(1));
  if (name === 'printf') return printf(args.slice(1));
  if (name === 'cat' && args.length === 1 && typeof stdinText === 'string') return stdinText;
  if ((name === 'true' || name === ':') && args.length === 1) return '';
  return null;
}

function echo(args: string[]): string {
  let newline = true;
  let escapes = false;
  while (args.length && /^-[neE]+$/.test(args[0]!)) {
    const f = args.shift()!;
    if (f.includes('n')) newline = false;
    if (f.includes('e')) escapes = true;
    if (f.includes('E')) escapes = false;
  }
  let text = args.join(' ');
  if (escapes) {
    const d = decodeEchoEscapes(text);
    if (d.stop) return d.text;
    text = d.text;
  }
  return newline ? text + '\n' : text;
}

/** printf with %s, %b, %c, %d/%i and %%; other conversions make the output unknown. */
function printf(args: string[]): string | null {
  if (args[0] === '--') args = args.slice(1);
  if (!args.length || args[0] === '-v') return null;
  const fmt = args[0]!;
  const rest = args.slice(1);
  let out = '';
  let k = 0;
  for (let round = 0; round < 64; round++) {
    let used = false;
    let stop = false;
    const piece = fmt.replace(/%(%|[-+ #0]*\d*(?:\.\d+)?([sbcdiq]))|[^%]+|%/g, (m, _all, conv: string | undefined) => {
      if (m === '%%') return '%';
      if (!m.startsWith('%') || m === '%') {
        const d = decodeEchoEscapes(m);
        return d.text;
      }
      const arg = rest[k++] ?? '';
      used = true;
      switch (conv) {
        case 's': return arg;
        case 'b': { const d = decodeEchoEscapes(arg); if (d.stop) stop = true; return d.text; }
        case 'c': return arg.charAt(0);
        case 'd': case 'i': return /^[-+]?\d+$/.test(arg) ? String(Number(arg)) : arg === '' ? '0' : ((stop = true), '');
        default: stop = true; return '';
      }
    });
    if (/%[-+ #0]*\d*(?:\.\d+)?[^sbcdiq%\d.\-+ #]/.test(fmt)) return null;
    out += piece;
    if (stop || !used || k >= rest.length) break;
  }
  return out;
}
