// The only actions the generated workflow uses, pinned to the commit of a reviewed release.
// Provenance: the release tags' commits in the actions/checkout and actions/setup-node
// repositories (tag v7.0.1 of actions/checkout, 2026-07-17; tag v7.0.0 of actions/setup-node,
// 2026-07-13), read from the repositories' git history, not from a tag at run time.
// To update: look up the new release tag's commit (`git ls-remote <repo> refs/tags/vX.Y.Z^{}`)
// and change both fields together.
export const PINNED_ACTIONS = {
  checkout: { uses: 'actions/checkout', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', tag: 'v7.0.1' },
  setupNode: { uses: 'actions/setup-node', sha: '820762786026740c76f36085b0efc47a31fe5020', tag: 'v7.0.0' },
} as const;

export function pinned(a: { uses: string; sha: string; tag: string }): string {
  return `${a.uses}@${a.sha} # ${a.tag}`;
}
