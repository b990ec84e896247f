// Shared harness for the per-pack edge-case tables: run a tool call through the whole engine on
// the example fixture and report which rules of one pack fired.
import { afterAll } from 'vitest';
import { createFixture, fixtureContext, runExample } from '../../../src/policy/example-runner.js';
import { emptyPolicyData } from '../../../src/policy/data.js';
import { preparePolicy, type EngineContext, type LoadedPolicy } from '../../../src/policy/engine.js';
import type { Example } from '../../../src/policy/types.js';

export type Case = readonly [input: string | Example, expected: readonly string[]];

export interface PackTable {
  ctx: EngineContext;
  /** Rule ids of the pack that fire, sorted; with `production`, under a policy that says `production: true`. */
  fired(input: string | Example, opts?: { production?: boolean }): string[];
}

export function packTable(pack: string): PackTable {
  const fx = createFixture();
  afterAll(() => fx.cleanup());
  const ctx = fixtureContext(fx);
  let prod: LoadedPolicy | undefined;
  return {
    ctx,
    fired(input, opts = {}) {
      const e: Example = typeof input === 'string' ? { Bash: input } : input;
      if (opts.production) prod ??= preparePolicy({ ...emptyPolicyData(), production: true }, ctx);
      const ids = runExample(e, ctx, opts.production ? prod : undefined).hits.map((h) => h.ruleId).filter((id) => id.startsWith(`${pack}/`));
      return [...new Set(ids)].sort();
    },
  };
}

export const label = (input: string | Example): string => (typeof input === 'string' ? input : JSON.stringify(input));
