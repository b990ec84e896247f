// What a sandbox hides inside the project: the same protected set the policy engine enforces on
// every channel — `.claudeignore` (gitignore semantics, nested files), the policy's `protect:`
// patterns, and the built-in secret files (.env files, private keys, credential files) — minus the
// policy's `unprotect:` exceptions. An ignored directory is masked whole and not descended into.
import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { GatehouseError } from '../errors.js';
import { IGNORE_FILE, loadIgnoreMatcher, type ProtectPattern } from '../policy/ignore-file.js';
import { isCredentialFile, isEnvFile, isPrivateKeyFile } from '../policy/packs/secrets.js';

export { IGNORE_FILE };

export interface HiddenEntry {
  path: string;
  kind: 'file' | 'dir';
  /** `file:line` of the rule, or `built-in secret file`. */
  source: string;
}

export interface PolicyPaths {
  protect: readonly ProtectPattern[];
  unprotect: readonly ProtectPattern[];
}

export const NO_POLICY: PolicyPaths = { protect: [], unprotect: [] };

/** `(absolute path, is a directory) → why it is hidden, or null`. */
export type HiddenTest = (path: string, isDir: boolean) => string | null;

export function hiddenTest(projectDir: string, home: string, policy: PolicyPaths = NO_POLICY): HiddenTest {
  const protectedBy = loadIgnoreMatcher(projectDir, home, policy.protect);
  const exempt = policy.unprotect.length ? loadIgnoreMatcher(projectDir, home, policy.unprotect, () => null) : undefined;
  return (path, isDir) => {
    if (exempt?.match(path, isDir)) return null;
    const hit = protectedBy.match(path, isDir);
    if (hit) return hit;
    if (!isDir && (isEnvFile(path) || isPrivateKeyFile(path) || isCredentialFile(path))) return 'built-in secret file';
    return null;
  };
}

/**
 * Walks `projectDir` (never into its `.git`) and lists what is hidden. Fails closed when the tree
 * is larger than `limit` entries rather than silently leaving files unmasked.
 */
export function findHidden(projectDir: string, home: string, opts: { policy?: PolicyPaths; limit?: number } = {}): { entries: HiddenEntry[]; walked: number } {
  const limit = opts.limit ?? 300_000;
  const test = hiddenTest(projectDir, home, opts.policy);
  const entries: HiddenEntry[] = [];
  let walked = 0;
  const stack = [projectDir];
  while (stack.length) {
    const dir = stack.pop()!;
    let list: Dirent[];
    try {
      list = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const d of list) {
      if (++walked > limit) {
        throw new GatehouseError({
          code: 'sandbox/project-too-large',
          message: `more than ${limit} entries under ${projectDir}; cannot list every protected file to mask`,
          hint: 'run from a smaller directory (--project), or list large generated folders in .claudeignore so they are masked whole',
        });
      }
      const abs = join(dir, d.name);
      if (d.name === '.git' && dir === projectDir) continue;
      const isDir = d.isDirectory();
      if (!isDir && !d.isFile()) continue;
      const why = test(abs, isDir);
      if (why) {
        entries.push({ path: abs, kind: isDir ? 'dir' : 'file', source: why });
        continue;
      }
      if (isDir) stack.push(abs);
    }
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { entries, walked };
}
