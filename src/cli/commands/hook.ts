import { defineCommand } from '../command.js';
import { readBounded } from '../../hook/read-input.js';
import { runHook } from '../../hook/run.js';
import { Readable } from 'node:stream';
import * as compiler from '../../policy/compiler-entry.js';

export default defineCommand({
  meta: {
    name: 'hook',
    summary: 'Answer one Claude Code hook event (reads JSON on stdin); installed by `gatehouse init`',
    usage: ['hook < event.json'],
    description:
      'Reads one hook event from stdin and answers per the Claude Code hook protocol: nothing on no\n' +
      'objection, a deny/ask decision with the rule and reason otherwise. Fails closed: bad input or\n' +
      'an internal error refuses the call with a reason (exit 2 when the event itself is unreadable).',
    notes: ['Hook exit codes follow Claude Code: 0 answered (JSON on stdout or nothing), 2 refuse (reason on stderr), 1 non-blocking error.'],
    positionals: false,
  },
  async run(_args, io) {
    const bytes = await readBounded(Readable.from([await io.readStdin()]));
    const answer = await runHook(bytes, { env: io.env, now: Date.now, loadCompiler: () => compiler });
    if (answer.stdout) io.out(answer.stdout);
    if (answer.stderr) io.err(answer.stderr);
    return answer.exitCode;
  },
});
