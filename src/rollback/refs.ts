// Refs of the shadow store. Each session's checkpoints form one chain (refs/checkpoints/<session>),
// so retention can drop a whole session by deleting one ref; refs/heads/latest (HEAD) is the last
// checkpoint of any session, the baseline the next snapshot compares against. Reads go straight
// to the files (no git process on the hot path); writes go through git.
import { crypto } from '../env/builtins.js';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { git, gitText, OID_RE } from './git.js';
import { writeAtomic, type Store } from './store.js';

export const LATEST_REF = 'refs/heads/latest';

/** A session id as a ref name component: kept when it is plainly safe, hashed otherwise. */
export function sessionRefName(session: string): string {
  const safe = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(session) && !session.endsWith('.lock');
  return `refs/checkpoints/${safe ? session : 'h-' + crypto().createHash('sha256').update(session).digest('hex').slice(0, 32)}`;
}

/** A ref's commit id from the loose file or packed-refs; undefined when it does not exist. */
export function readRef(gitDir: string, name: string): string | undefined {
  try {
    const v = readFileSync(join(gitDir, name), 'utf8').trim();
    if (OID_RE.test(v)) return v;
  } catch {
    // not loose
  }
  try {
    const packed = readFileSync(join(gitDir, 'packed-refs'), 'utf8');
    for (const line of packed.split('\n')) {
      if (line.endsWith(` ${name}`)) {
        const oid = line.slice(0, 40);
        if (OID_RE.test(oid)) return oid;
      }
    }
  } catch {
    // no packed refs
  }
  return undefined;
}

export interface Head {
  commit: string;
  tree: string;
}

/** The latest checkpoint and its tree (cached beside the store, checked against the ref). */
export function readHead(store: Store): Head | undefined {
  const commit = readRef(store.git.gitDir, LATEST_REF);
  if (!commit) return undefined;
  try {
    const [c, t] = readFileSync(store.headPath, 'utf8').trim().split(' ');
    if (c === commit && t && OID_RE.test(t)) return { commit, tree: t };
  } catch {
    // no cache yet
  }
  const tree = gitText(store.bare, ['rev-parse', '--verify', '--quiet', `${commit}^{tree}`]);
  writeAtomic(store.headPath, `${commit} ${tree}\n`);
  return { commit, tree };
}

/** Points the session chain and HEAD at a new checkpoint. The loose ref files are written
 * directly (atomic rename), which saves a git process per checkpoint: every ref writer of this
 * store holds the store lock, and a loose ref overrides a packed one. The session ref goes first,
 * so a crash in between leaves HEAD on the older checkpoint, which the next snapshot moves on. */
export function advanceRefs(store: Store, session: string, commit: string, tree: string): void {
  for (const ref of [sessionRefName(session), LATEST_REF]) {
    const path = join(store.git.gitDir, ref);
    mkdirSync(dirname(path), { recursive: true });
    // The temporary name ends in .lock, which is never a valid ref name: a crash cannot leave a
    // stray ref behind.
    const tmp = `${path}.${process.pid}.lock`;
    writeFileSync(tmp, `${commit}\n`);
    renameSync(tmp, path);
  }
  writeAtomic(store.headPath, `${commit} ${tree}\n`);
}

export function deleteRefs(store: Store, refs: string[]): void {
  if (refs.length === 0) return;
  git(store.bare, ['update-ref', '--stdin'], { input: refs.map((r) => `delete ${r}\n`).join('') });
}

/** Every session ref and its commit. */
export function listSessionRefs(store: Store): Map<string, string> {
  const out = new Map<string, string>();
  const text = gitText(store.bare, ['for-each-ref', '--format=%(objectname) %(refname)', 'refs/checkpoints/']);
  for (const line of text.split('\n')) {
    const i = line.indexOf(' ');
    if (i === 40) out.set(line.slice(41), line.slice(0, 40));
  }
  return out;
}
