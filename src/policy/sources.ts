// Where policy comes from, highest authority last: user, project (.gatehouse/policy.yaml and
// ```gatehouse blocks in CLAUDE.md), managed (/etc/gatehouse).
import { join, relative } from 'node:path';
import { managedConfigDir, userConfigDir } from '../env/locations.js';
import type { Layer } from './compile.js';

export interface PolicyFile {
  layer: Layer;
  file: string;
  /** Short name for messages. */
  name: string;
  markdown?: boolean;
}

export const PROJECT_POLICY = join('.gatehouse', 'policy.yaml');

export function policyFiles(projectDir: string, env: Readonly<Record<string, string | undefined>>): PolicyFile[] {
  const user = join(userConfigDir(env), 'policy.yaml');
  const managed = join(managedConfigDir(env), 'policy.yaml');
  const rel = (f: string) => relative(projectDir, f) || f;
  return [
    { layer: 'user', file: user, name: user },
    { layer: 'project', file: join(projectDir, PROJECT_POLICY), name: PROJECT_POLICY },
    { layer: 'project', file: join(projectDir, 'CLAUDE.md'), name: rel(join(projectDir, 'CLAUDE.md')), markdown: true },
    { layer: 'project', file: join(projectDir, '.claude', 'CLAUDE.md'), name: rel(join(projectDir, '.claude', 'CLAUDE.md')), markdown: true },
    { layer: 'managed', file: managed, name: managed },
  ];
}
