// Character classes and small decoders shared by the parser and the expander.

/** Characters that end an unquoted word (bash metacharacters). */
export function isMeta(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '<' || c === '>';
}

export function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

export function isNameStart(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
}

export function isNameChar(c: string | undefined): boolean {
  return c !== undefined && (isNameStart(c) || (c >= '0' && c <= '9'));
}

export function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

export const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Special parameters: `$?`, `$#`, `$@`… */
export function isSpecialParam(c: string | undefined): boolean {
  return c === '@' || c === '*' || c === '#' || c === '?' || c === '-' || c === '$' || c === '!' || isDigit(c);
}

/** Words that end a list when they appear in command position. */
export const LIST_TERMINATORS: ReadonlySet<string> = new Set(['}', 'then', 'fi', 'do', 'done', 'elif', 'else', 'esac']);

/** Decodes the body of `$'…'` (ANSI-C quoting) the way bash does. */
export function decodeAnsiC(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[++i]!;
    switch (n) {
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'e': case 'E': out += '\x1b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case "'": out += "'"; break;
      case '"': out += '"'; break;
      case '?': out += '?'; break;
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1, i + 3));
        if (m) {
          out += String.fromCharCode(parseInt(m[0], 16));
          i += m[0].length;
        } else out += '\\x';
        break;
      }
      case 'u': case 'U': {
        const m = (n === 'u' ? /^[0-9a-fA-F]{1,4}/ : /^[0-9a-fA-F]{1,8}/).exec(s.slice(i + 1, i + 9));
        if (m) {
          const cp = parseInt(m[0], 16);
          out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
          i += m[0].length;
        } else out += '\\' + n;
        break;
      }
      case 'c': {
        const ch = s[i + 1];
        if (ch !== undefined) {
          out += String.fromCharCode(ch.toUpperCase().charCodeAt(0) & 0x1f);
          i++;
        }
        break;
      }
      default:
        if (n >= '0' && n <= '7') {
          const m = /^[0-7]{1,3}/.exec(s.slice(i, i + 3))!;
          out += String.fromCharCode(parseInt(m[0], 8) & 0xff);
          i += m[0].length - 1;
        } else out += '\\' + n;
    }
  }
  return out;
}

/** Backslash escapes of `echo -e` and printf formats (like ANSI-C, plus `\0nnn` octal). */
export function decodeEchoEscapes(s: string): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[i + 1]!;
    if (n === 'c') return { text: out, stop: true };
    if (n === '0') {
      const m = /^[0-7]{0,3}/.exec(s.slice(i + 2, i + 5))!;
      out += String.fromCharCode(parseInt(m[0] || '0', 8) & 0xff);
      i += 1 + m[0].length;
      continue;
    }
    // Reuse the ANSI-C decoder for a single escape.
    const m = /^\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|.)/s.exec(s.slice(i))!;
    out += decodeAnsiC(m[0]);
    i += m[0].length - 1;
  }
  return { text: out, stop: false };
}
