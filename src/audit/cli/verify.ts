import { resolve } from 'node:path';
import { bool, defineCommand, str } from '../../cli/command.js';
import { EXIT } from '../../cli/exit-codes.js';
import { printJson, style } from '../../cli/format.js';
import { loadPublicKey } from '../keys.js';
import { verifyLog } from '../verify.js';
import { DIR_OPTION, JSON_OPTION, logOptions } from './common.js';

export default defineCommand({
  meta: {
    name: 'audit verify',
    summary: 'Check the hash chain, signed checkpoints and retention anchor; name the first bad record',
    usage: ['audit verify [--dir DIR] [--key PUBLIC.pem] [--json]'],
    description:
      'Recomputes every entry hash (RFC 8785 canonical JSON, SHA-256), checks each link, and holds the\n' +
      'chain against the Ed25519-signed checkpoints: an edited, deleted, reordered or inserted record,\n' +
      'or a log cut back past a checkpoint, fails verification.',
    options: {
      ...DIR_OPTION,
      key: { type: 'string', value: 'PEM', description: 'Public key to trust (default: the state directory key)' },
      ...JSON_OPTION,
    },
    examples: ['gatehouse audit verify', 'gatehouse audit verify --dir ./audit-copy --key audit-ed25519.pub.pem --json'],
    notes: ['Exit 0 when the log verifies, 1 when it does not.'],
    positionals: false,
  },
  async run(p, io) {
    const o = logOptions(p, io);
    const keyFile = str(p, 'key');
    const publicKey = loadPublicKey(o.keyDir, keyFile ? resolve(io.cwd, keyFile) : undefined);
    const r = verifyLog(o.dir, publicKey ? { publicKey } : {});
    if (bool(p, 'json')) {
      printJson(io, r);
      return r.ok ? EXIT.ok : EXIT.findings;
    }
    const s = style(io);
    for (const w of r.warnings) io.err(`${s.yellow('warning:')} ${w}\n`);
    const span = r.firstSeq !== undefined ? ` (seq ${r.firstSeq}–${r.lastSeq})` : '';
    const cps = `${r.checkpoints.verified}/${r.checkpoints.total - r.checkpoints.expired} signed checkpoints verified` + (r.checkpoints.last ? ` (last at seq ${r.checkpoints.last.seq}, ${r.checkpoints.last.ts})` : '');
    const notes = Object.entries(r.notes).map(([k, n]) => `${n} × ${k}`).join(', ');
    if (r.ok) {
      io.out(`${s.green('✓')} audit log verified: ${r.entries} entries${span} in ${r.segments} segment(s); ${cps}`);
      if (r.anchor) io.out(`; ${r.anchor.expired} older entries expired by retention (anchored at seq ${r.anchor.seq})`);
      io.out(notes ? `; notes: ${notes}\n` : '\n');
      return EXIT.ok;
    }
    const first = r.problems[0]!;
    const where = first.segment ? ` (${first.segment}${first.line ? ` line ${first.line}` : ''})` : '';
    io.out(`${s.red('✗')} audit log FAILED verification: first bad record: seq ${first.seq ?? '?'}${where}\n`);
    for (const pr of r.problems) io.out(`  ${s.bold(pr.kind)}: ${pr.message}\n`);
    io.out(`  read ${r.entries} entries${span} in ${r.segments} segment(s); ${cps}\n`);
    return EXIT.findings;
  },
});
