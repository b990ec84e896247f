// Reads policy files and compiles them. Loaded by the hook only when its cache misses (a policy
// file changed), as the separate bundle dist/policy-compiler.cjs, because the YAML parser alone
// costs more to load than the whole hook budget.
import { readFileSync } from 'node:fs';
import { compilePolicy, type PolicySourceText } from './compile.js';
import type { PolicyData } from './data.js';
import { PACKS } from './packs/index.js';
import type { PolicyFile } from './sources.js';
import { isTrusted } from './trust.js';

export function compileFiles(files: readonly PolicyFile[], stateDir: string, revision: string): PolicyData {
  const sources: PolicySourceText[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') continue;
      // Present but unreadable: the policy cannot be known, so it is invalid.
      return {
        ...compilePolicy([], [], revision),
        errors: [{ code: 'policy/unreadable', message: `cannot read the policy file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, file: f.name }],
      };
    }
    if (f.markdown && !/^\s*(`{3,}|~{3,})\s*gatehouse\s*$/m.test(text)) continue;
    if (text.includes('\u0000')) {
      return { ...compilePolicy([], [], revision), errors: [{ code: 'policy/invalid-yaml', message: 'the policy file contains NUL bytes', file: f.name }] };
    }
    sources.push({ ...f, text, ...(f.layer === 'project' ? { trusted: isTrusted(stateDir, f.file, text) } : {}) });
  }
  const builtin = PACKS.flatMap((p) => p.rules.map((r) => ({ id: r.id, pack: p.PACK, verdict: r.verdict })));
  return compilePolicy(sources, builtin, revision);
}
