// The last step before anything leaves gatehouse: every report is passed through the secret
// detectors once more, whatever the checks already did.
import { redactText } from '../../audit/redact.js';

export function redactOutput(text: string): string {
  return redactText(text).text;
}
