// Small glob helpers for policy conditions (commands, tools, hosts, branches). Path conditions use
// gitignore syntax through the ignore file machinery instead.

const cache = new Map<string, RegExp>();

/** `*` matches anything (spaces included, as in Claude Code's `Bash(npm * --save)`), `?` one character. */
export function globToRegExp(glob: string, flags = ''): RegExp {
  const key = `${flags}\u0000${glob}`;
  let re = cache.get(key);
  if (!re) {
    let src = '';
    for (const ch of glob) {
      if (ch === '*') src += '.*';
      else if (ch === '?') src += '.';
      else src += ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
    }
    re = new RegExp(`^${src}$`, flags);
    cache.set(key, re);
  }
  return re;
}

export function globMatch(glob: string, text: string, caseInsensitive = false): boolean {
  return globToRegExp(glob, caseInsensitive ? 'i' : '').test(text);
}

/** Branch globs: `*` does not cross `/` (release/* matches release/1.2, not release/a/b). */
export function branchMatch(glob: string, branch: string): boolean {
  const src = glob
    .split('*')
    .map((p) => p.replace(/[.+^${}()|[\]\\/?]/g, '\\$&'))
    .join('[^/]*');
  return new RegExp(`^${src}$`).test(branch);
}
