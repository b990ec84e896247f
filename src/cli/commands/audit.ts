// `gatehouse audit …`: the audit log's commands. Each subcommand lives in src/audit/cli/ and is
// loaded only when used, so `audit verify` never pays for SQLite or OpenTelemetry.
import { defineGroup, type Command } from '../command.js';

const lazy = (name: string) => async (): Promise<Command> => ((await import(`../../audit/cli/${name}.js`)) as { default: Command }).default;

export default defineGroup({
  meta: {
    name: 'audit',
    summary: 'Query, verify and export the tamper-evident audit log of every hook decision',
    usage: ['audit <command> [options]'],
    description:
      'Every event the hook sees is appended to a hash-chained JSONL log under the state directory\n' +
      '(`$GATEHOUSE_STATE_DIR`, else `$XDG_STATE_HOME/gatehouse`, else ~/.local/state/gatehouse), with\n' +
      'signed checkpoints. See docs/audit.md for the record schema and settings.',
    examples: ['gatehouse audit verify', 'gatehouse audit query --verdict deny --since 7d', 'gatehouse audit ship --otlp http://collector:4318'],
  },
  subcommands: {
    sessions: lazy('sessions'),
    query: lazy('query'),
    tail: lazy('tail'),
    report: lazy('report'),
    verify: lazy('verify'),
    recover: lazy('recover'),
    export: lazy('export'),
    ship: lazy('ship'),
    coverage: lazy('coverage'),
  },
});
