// The lint check: the project's own ESLint (JSON output) and Prettier (--list-different), when
// the project configures them. Running them executes the project's config files, which is why
// lint is a check the user selects; gatehouse never installs anything into the project.
import { fingerprint } from '../suppress.js';
import { execProblem, execTool } from '../exec.js';
import { redactText } from '../../audit/redact.js';
import type { Finding, RuleMeta, ToolInfo } from '../types.js';
import type { Check, CheckContext, CheckOutcome } from './context.js';
import { firstExisting, readPackageJson, resolveProjectBin } from './resolve-bin.js';

const ESLINT_CONFIGS = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts', '.eslintrc.js', '.eslintrc.cjs', '.eslintrc.json', '.eslintrc.yml', '.eslintrc.yaml', '.eslintrc'];
const PRETTIER_CONFIGS = ['.prettierrc', '.prettierrc.json', '.prettierrc.json5', '.prettierrc.yml', '.prettierrc.yaml', '.prettierrc.toml', '.prettierrc.js', '.prettierrc.cjs', '.prettierrc.mjs', 'prettier.config.js', 'prettier.config.cjs', 'prettier.config.mjs', '.prettierrc.ts', 'prettier.config.ts'];
const LINTABLE = /\.([cm]?[jt]sx?|vue|svelte|astro)$/;

interface EslintMessage {
  ruleId: string | null;
  severity: number;
  message: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  fatal?: boolean;
}

/** Converts ESLint's JSON formatter output; throws when it is not that. Pure. */
export function parseEslintJson(stdout: string, project: string): { findings: Finding[]; rules: RuleMeta[] } {
  const data = JSON.parse(stdout) as { filePath: string; messages: EslintMessage[]; source?: string }[];
  if (!Array.isArray(data)) throw new Error('expected an array of file results');
  const findings: Finding[] = [];
  const rules = new Map<string, RuleMeta>();
  for (const f of data) {
    if (typeof f?.filePath !== 'string' || !Array.isArray(f.messages)) throw new Error('unexpected file result shape');
    const file = f.filePath.startsWith(project + '/') ? f.filePath.slice(project.length + 1) : f.filePath;
    for (const m of f.messages) {
      const ruleId = m.ruleId ? `eslint/${m.ruleId}` : 'eslint/parse-error';
      if (!rules.has(ruleId)) {
        const core = m.ruleId && !m.ruleId.includes('/');
        rules.set(ruleId, {
          id: ruleId,
          summary: m.ruleId ? `ESLint rule ${m.ruleId}` : 'ESLint could not parse the file',
          why: 'The project’s ESLint configuration enables this rule.',
          fix: core ? `See https://eslint.org/docs/latest/rules/${m.ruleId}` : 'See the plugin’s documentation for this rule.',
          level: m.severity === 2 || m.fatal ? 'error' : 'warning',
        });
      }
      const message = redactText(m.message).text;
      findings.push({
        check: 'lint',
        tool: 'eslint',
        ruleId,
        level: m.severity === 2 || m.fatal ? 'error' : 'warning',
        message,
        file,
        ...(m.line ? { line: m.line } : {}),
        ...(m.column ? { column: m.column } : {}),
        ...(m.endLine ? { endLine: m.endLine } : {}),
        ...(m.endColumn ? { endColumn: m.endColumn } : {}),
        fingerprint: fingerprint(ruleId, file, message, m.line),
      });
    }
  }
  return { findings, rules: [...rules.values()] };
}

async function runEslint(ctx: CheckContext, out: CheckOutcome): Promise<void> {
  const bin = resolveProjectBin(ctx.project, 'eslint');
  if (!bin) {
    out.failure = 'ESLint is configured but not installed in the project (run your install first; gatehouse does not install tools into projects)';
    return;
  }
  const targets = ctx.change ? ctx.files.filter((f) => LINTABLE.test(f)) : ['.'];
  if (targets.length === 0) {
    out.ran!.push(`eslint ${bin.version}: no changed files to lint`);
    return;
  }
  const major = Number(bin.version.split('.')[0]);
  const args = [bin.script, '--format', 'json', ...(major >= 9 ? ['--no-warn-ignored'] : []), '--', ...targets];
  const r = await execTool(process.execPath, args, { cwd: ctx.project, env: ctx.env, timeoutMs: ctx.timeoutMs });
  const bad = execProblem(r, 'eslint', ctx.timeoutMs);
  if (bad) {
    out.failure = bad;
    return;
  }
  if (r.code !== 0 && r.code !== 1) {
    out.failure = `eslint exited with ${r.code}: ${redactText(r.stderr.trim().split('\n').slice(0, 3).join(' ')).text || 'no message'}`;
    return;
  }
  try {
    const parsed = parseEslintJson(r.stdout, ctx.project);
    out.findings.push(...parsed.findings);
    out.tools.push({ name: 'eslint', version: bin.version, informationUri: 'https://eslint.org', rules: parsed.rules });
    out.ran!.push(`eslint ${bin.version} on ${ctx.change ? `${targets.length} changed file(s)` : 'the project'}`);
  } catch (e) {
    out.failure = `eslint output could not be read: ${(e as Error).message}`;
  }
}

const PRETTIER_RULE: RuleMeta = {
  id: 'prettier/format',
  summary: 'File is not formatted as the project’s Prettier config says',
  why: 'Formatting noise hides real changes in review.',
  fix: 'Run prettier --write on the file.',
  level: 'error',
};

async function runPrettier(ctx: CheckContext, out: CheckOutcome): Promise<void> {
  const bin = resolveProjectBin(ctx.project, 'prettier');
  if (!bin) {
    out.failure = 'Prettier is configured but not installed in the project (gatehouse does not install tools into projects)';
    return;
  }
  const targets = ctx.change ? ctx.files : ['.'];
  if (targets.length === 0) return;
  const r = await execTool(process.execPath, [bin.script, '--list-different', '--ignore-unknown', '--no-error-on-unmatched-pattern', '--', ...targets], {
    cwd: ctx.project,
    env: ctx.env,
    timeoutMs: ctx.timeoutMs,
  });
  const bad = execProblem(r, 'prettier', ctx.timeoutMs);
  if (bad || (r.code !== 0 && r.code !== 1)) {
    out.failure = bad ?? `prettier exited with ${r.code}: ${redactText(r.stderr.trim().split('\n').slice(0, 3).join(' ')).text || 'no message'}`;
    return;
  }
  const tool: ToolInfo = { name: 'prettier', version: bin.version, informationUri: 'https://prettier.io', rules: [PRETTIER_RULE] };
  out.tools.push(tool);
  for (const file of r.stdout.split('\n').map((s) => s.trim()).filter(Boolean)) {
    out.findings.push({ check: 'lint', tool: 'prettier', ruleId: PRETTIER_RULE.id, level: 'error', message: `${file} is not formatted (prettier --check).`, file, fingerprint: fingerprint(PRETTIER_RULE.id, file) });
  }
  out.ran!.push(`prettier ${bin.version} --check on ${ctx.change ? `${targets.length} changed file(s)` : 'the project'}`);
}

export const lintCheck: Check = async (ctx) => {
  const out: CheckOutcome = { findings: [], tools: [], ran: [] };
  const pkg = readPackageJson(ctx.project);
  const eslint = firstExisting(ctx.project, ESLINT_CONFIGS) ?? (pkg && 'eslintConfig' in pkg ? 'package.json' : undefined);
  const prettier = firstExisting(ctx.project, PRETTIER_CONFIGS) ?? (pkg && 'prettier' in pkg ? 'package.json' : undefined);
  if (!eslint && !prettier) {
    const why = 'no ESLint or Prettier configuration in the project';
    return ctx.explicit ? { ...out, failure: why } : { ...out, skipped: why };
  }
  // Both tools run at once; each reports its own problem.
  const a: CheckOutcome = { findings: [], tools: [], ran: [] };
  const b: CheckOutcome = { findings: [], tools: [], ran: [] };
  await Promise.all([eslint ? runEslint(ctx, a) : undefined, prettier ? runPrettier(ctx, b) : undefined]);
  const failure = [a.failure, b.failure].filter(Boolean).join('; ');
  return {
    findings: [...a.findings, ...b.findings],
    tools: [...a.tools, ...b.tools],
    ran: [...a.ran!, ...b.ran!],
    ...(failure ? { failure } : {}),
  };
};
