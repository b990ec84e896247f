// Unified diffs for --dry-run output.
import { createTwoFilesPatch } from 'diff';

/** A unified diff of a file's text before and after (undefined = absent); empty when equal. */
export function unifiedDiff(path: string, before: string | undefined, after: string | undefined): string {
  if (before === after) return '';
  return createTwoFilesPatch(before === undefined ? '/dev/null' : path, after === undefined ? '/dev/null' : path, before ?? '', after ?? '', '', '', { context: 3 });
}
