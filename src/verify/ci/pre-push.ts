// The local pre-push hook: runs the fast checks on what is about to be pushed, compared with
// the branch's upstream (or the remote's default branch). Opt-in via `ci init --pre-push`.
export const HOOK_MARKER = '# gatehouse pre-push hook';

export function prePushHook(): string {
  return `#!/bin/sh
${HOOK_MARKER} (written by \`gatehouse ci init --pre-push\`; delete this file to turn it off).
# Runs the checks that only read files; add lint,test to GATEHOUSE_PRE_PUSH_CHECKS to run those too.
checks="\${GATEHOUSE_PRE_PUSH_CHECKS:-security,docs}"
base=$(git rev-parse --abbrev-ref --symbolic-full-name '@{upstream}' 2>/dev/null) ||
  base=$(git symbolic-ref -q --short refs/remotes/origin/HEAD 2>/dev/null) || base=""
if command -v gatehouse >/dev/null 2>&1; then gh=gatehouse; else gh="npx --no-install gatehouse"; fi
if [ -n "$base" ]; then
  exec $gh verify --base "$base" --checks "$checks"
fi
echo "gatehouse: no upstream or origin/HEAD to compare with; checking the whole project" >&2
exec $gh verify --checks "$checks"
`;
}
