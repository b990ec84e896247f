// Every built-in pack, in a fixed order. A pack is a module exporting PACK and rules.
import type { Rule } from '../types.js';
import * as exfiltration from './exfiltration.js';
import * as cloud from './cloud.js';
import * as database from './database.js';
import * as filesystem from './filesystem.js';
import * as git from './git.js';
import * as infraLock from './infra-lock.js';
import * as obfuscation from './obfuscation.js';
import * as persistence from './persistence.js';
import * as publish from './publish.js';
import * as remoteCode from './remote-code.js';
import * as secrets from './secrets.js';
import * as supplyChain from './supply-chain.js';
import * as system from './system.js';

export interface Pack {
  PACK: string;
  rules: readonly Rule[];
}

export const PACKS: readonly Pack[] = [filesystem, git, secrets, exfiltration, remoteCode, obfuscation, persistence, publish, database, cloud, system, supplyChain, infraLock];

export function builtinRules(): { rules: Rule[]; sources: Map<string, string> } {
  const rules: Rule[] = [];
  const sources = new Map<string, string>();
  for (const pack of PACKS) {
    for (const r of pack.rules) {
      rules.push(r);
      sources.set(r.id, `pack:${pack.PACK}`);
    }
  }
  return { rules, sources };
}
