// The policy file schema, as data: every key with its type and description. Validation, the
// reference docs (docs/policy.md) and `gatehouse policy explain` all read this one table.

export type FieldType =
  | { kind: 'number'; values?: readonly number[] }
  | { kind: 'boolean' }
  | { kind: 'string'; values?: readonly string[] }
  | { kind: 'string-list' }
  | { kind: 'map'; of: FieldType; keyDescription: string }
  | { kind: 'object'; fields: Readonly<Record<string, Field>> }
  | { kind: 'list'; of: FieldType }
  | { kind: 'verdict-or-setting' };

export interface Field {
  type: FieldType;
  description: string;
  /** Only honoured in the managed (organisation) policy. */
  managedOnly?: boolean;
}

export const PACK_VALUES = ['on', 'off', 'deny', 'ask'] as const;
export const PATH_OPS = ['read', 'write', 'delete', 'list', 'search', 'meta'] as const;

const customMatch: Field = {
  description: 'Conditions, all of which must hold for the rule to match.',
  type: {
    kind: 'object',
    fields: {
      tool: { type: { kind: 'string' }, description: 'Tool name glob: `Bash`, `Read`, `mcp__github__*`.' },
      command: {
        type: { kind: 'string' },
        description: 'Glob over each simple command the shell would run, argv joined by spaces after quote removal and expansion (`psql * prod*`).',
      },
      program: { type: { kind: 'string' }, description: 'Program name of a command (`psql`, `kubectl`), after wrappers such as sudo or env.' },
      args: { type: { kind: 'string-list' }, description: 'Arguments that must all appear in the command (`--force`).' },
      path: {
        type: { kind: 'string-list' },
        description: 'Paths in gitignore syntax, relative to the project root (`deploy/**`); `/abs` and `~/x` are absolute.',
      },
      op: { type: { kind: 'string-list' }, description: `Path operations the path condition applies to: ${PATH_OPS.join(', ')} (default: all).` },
      host: { type: { kind: 'string-list' }, description: 'Network host globs (`*.prod.example.com`).' },
      prompt: { type: { kind: 'string' }, description: 'Regular expression (case-insensitive) over the user prompt text.' },
    },
  },
};

export const customRule: Field = {
  description: 'A project or organisation rule.',
  type: {
    kind: 'object',
    fields: {
      id: { type: { kind: 'string' }, description: 'Stable id, `<namespace>/<kebab-name>` (not a built-in pack name).' },
      verdict: { type: { kind: 'string', values: ['deny', 'ask', 'allow'] }, description: 'What a match means.' },
      summary: { type: { kind: 'string' }, description: 'One line: what the rule catches.' },
      why: { type: { kind: 'string' }, description: 'Why it matters.' },
      fix: { type: { kind: 'string' }, description: 'What to do instead.' },
      match: customMatch,
      examples: {
        description: 'Tool calls that must (`match`) and must not (`pass`) trigger the rule; `gatehouse policy test` runs them.',
        type: {
          kind: 'object',
          fields: {
            match: { type: { kind: 'list', of: { kind: 'string' } }, description: 'Bash commands (strings) that must match.' },
            pass: { type: { kind: 'list', of: { kind: 'string' } }, description: 'Bash commands (strings) that must not match.' },
          },
        },
      },
    },
  },
};

export const POLICY_SCHEMA: Readonly<Record<string, Field>> = {
  version: { type: { kind: 'number', values: [1] }, description: 'Schema version of this file. Always 1.' },
  packs: {
    type: { kind: 'map', of: { kind: 'string', values: PACK_VALUES }, keyDescription: 'pack name' },
    description: 'Turn a built-in pack off, or force every rule in it to `deny` or `ask`.',
  },
  rules: {
    type: { kind: 'map', of: { kind: 'verdict-or-setting' }, keyDescription: 'rule id' },
    description: 'Per-rule verdict (`deny`, `ask`, `allow`, `off`), or `{verdict, note}`; the note is shown with every hit.',
  },
  protect: {
    type: { kind: 'string-list' },
    description: 'Extra protected paths, in gitignore syntax (like `.claudeignore`), relative to the project root; `/abs` and `~/x` are absolute.',
  },
  unprotect: {
    type: { kind: 'string-list' },
    description: 'Exceptions to protected paths (built-in secret paths, `.claudeignore`, `protect`). A loosening: see trust.',
  },
  custom: { type: { kind: 'list', of: customRule.type }, description: 'Your own rules.' },
  git: {
    description: 'Git settings.',
    type: {
      kind: 'object',
      fields: {
        protectedBranches: {
          type: { kind: 'string-list' },
          description: 'Branch globs that pushes, force pushes and deletions treat as protected (default: main, master, release/*, production).',
        },
      },
    },
  },
  directories: {
    description: 'Directories outside the project that count as part of it.',
    type: { kind: 'object', fields: { allowed: { type: { kind: 'string-list' }, description: 'Absolute or `~/` paths.' } } },
  },
  production: { type: { kind: 'boolean' }, description: 'This machine or project is production (the sandbox advisor and deploy rules use it).' },
  audit: {
    description: 'Audit log settings (the rest, such as recording prompt text, are environment variables: see docs/audit.md).',
    type: {
      kind: 'object',
      fields: {
        onWriteFailure: {
          type: { kind: 'string', values: ['block', 'continue'] },
          description: 'When the audit log cannot be written on a blocking event: refuse the call (default) or continue with a warning.',
        },
      },
    },
  },
  gate: {
    description: 'Human approval of `ask` verdicts when nobody is at Claude Code\'s prompt (headless runs).',
    type: {
      kind: 'object',
      fields: {
        waitSeconds: {
          type: { kind: 'number' },
          description: 'How long the hook waits for `gatehouse approve` before giving up (0–3600, default 0: refuse at once and let a retry pass once approved). Keep it below the hook timeout.',
        },
        onTimeout: {
          type: { kind: 'string', values: ['deny', 'defer'] },
          description: '`deny` (default) refuses the call; `defer` ends a headless run with the call pending, to be resumed after approval.',
        },
      },
    },
  },
  detect: {
    type: { kind: 'map', of: { kind: 'string', values: ['alert', 'block', 'off'] }, keyDescription: 'detector id' },
    description: 'Per-detector mode: `alert` (record and tell the user), `block` (also refuse the call), `off`. See docs/detection-alerts.md.',
  },
  baseline: {
    type: { kind: 'string', values: ['learn', 'enforce'] },
    description: 'First-seen domains, git remotes and MCP servers: `learn` (default) records them with an informational alert; `enforce` refuses what the learned baseline does not contain.',
  },
  alerts: {
    description: 'Where alerts go besides the audit log, the user\'s screen and `gatehouse alerts`. A loosening (data leaves the machine): honoured from user or managed policy, or a trusted project file.',
    type: {
      kind: 'object',
      fields: {
        webhook: { type: { kind: 'string' }, description: 'URL that receives a Slack-compatible JSON payload per alert.' },
        command: { type: { kind: 'string-list' }, description: 'A program and its arguments, run with the alert as JSON on stdin.' },
        minSeverity: { type: { kind: 'string', values: ['info', 'low', 'medium', 'high', 'critical'] }, description: 'Only alerts at or above this severity go to the webhook and command (default: medium).' },
        perMinute: { type: { kind: 'number' }, description: 'Rate limit for the webhook and command (default 10 per minute).' },
      },
    },
  },
  lock: {
    type: { kind: 'string-list' },
    managedOnly: true,
    description: 'Rule ids (or `*`) that user and project policies may not change. Managed policy only.',
  },
};
