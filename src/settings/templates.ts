// Files `gatehouse init` creates in a project when they are missing.

/** A deliberately small starting policy: the built-in packs apply without it (see docs/policy.md). */
export const POLICY_TEMPLATE = `# gatehouse policy for this project — review it and commit it with the project.
# The built-in rule packs apply without any configuration; this file only adjusts them.
# If this file cannot be loaded, gatehouse refuses every guarded call (fail closed) and names
# the file and line, so keep it valid: \`gatehouse policy check\` lists every problem.
# Tightening works from here; loosening (lower verdicts, \`off\`) needs \`gatehouse policy trust\`.
# docs/policy.md describes every key.
version: 1

# Change a built-in rule's verdict (deny | ask | allow | off), or add a note shown with it:
# rules:
#   secrets/env-file: deny
#   filesystem/recursive-delete-critical:
#     verdict: deny
#     note: "Ask the maintainers before deleting anything outside ./build"

# Extra paths the agent must not read or change, on every tool (gitignore syntax, like .claudeignore):
# protect:
#   - config/production/**
#   - "~/.config/acme/token"
`;
