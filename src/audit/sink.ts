// The hook's audit sink: append, and on failure either throw (the hook then refuses a blocking
// event: no record, no permission) or, when the user chose GATEHOUSE_AUDIT_FAIL_OPEN, warn on stderr.
import { describeError } from '../errors.js';
import { appendRecord } from './append.js';
import { auditOptions } from './options.js';
import type { DecisionRecord } from './record.js';

type Env = Readonly<Record<string, string | undefined>>;

export function auditSink(env: Env, warn: (text: string) => void = (t) => void process.stderr.write(t)): (rec: DecisionRecord) => void {
  return (rec) => {
    let failOpen = false;
    try {
      const options = auditOptions(env);
      failOpen = options.failOpen;
      appendRecord(rec, { env, options });
    } catch (e) {
      if (!failOpen) throw e;
      warn(`gatehouse: warning: the audit log could not be written (${describeError(e)}); continuing because GATEHOUSE_AUDIT_FAIL_OPEN is set\n`);
    }
  };
}
