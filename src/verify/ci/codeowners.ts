// CODEOWNERS entries for the critical areas, kept in one marked block so `ci init` can update
// its own lines without touching anyone else's.
import { CRITICAL_AREAS } from '../critical-areas.js';

export const BEGIN = '# >>> gatehouse: critical areas need a code owner review (gatehouse ci init)';
export const END = '# <<< gatehouse';

export function codeownersBlock(owners: readonly string[], extraPaths: readonly string[] = []): string {
  const who = owners.join(' ');
  const lines = [BEGIN];
  for (const a of CRITICAL_AREAS) {
    lines.push(`# ${a.label}`);
    for (const p of a.owners) lines.push(`${p} ${who}`);
  }
  for (const p of extraPaths) lines.push(`${p.startsWith('/') || p.startsWith('*') ? p : `/${p}`} ${who}`);
  lines.push('# gatehouse verification settings and this file', `/.gatehouse/ ${who}`, `/.github/CODEOWNERS ${who}`, END);
  return lines.join('\n') + '\n';
}

/** Inserts or replaces gatehouse's block in an existing CODEOWNERS text. Later lines win in
 * CODEOWNERS, so the block goes at the end. Pure. */
export function mergeCodeowners(existing: string | undefined, block: string): string {
  if (!existing) return block;
  const i = existing.indexOf(BEGIN);
  const j = existing.indexOf(END);
  if (i >= 0 && j > i) {
    const rest = (existing.slice(0, i) + existing.slice(j + END.length).replace(/^\n/, '')).trimEnd();
    return rest ? rest + '\n\n' + block : block;
  }
  return existing.trimEnd() + '\n\n' + block;
}

export function isValidOwner(o: string): boolean {
  return /^@[A-Za-z0-9-]+(\/[A-Za-z0-9._-]+)?$/.test(o) || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(o);
}
