import { bool, defineCommand, defineGroup, str, type Parsed } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { printJson, style } from '../format.js';
import type { Io } from '../io.js';
import { GatehouseError } from '../../errors.js';
import { projectDir } from '../../env/locations.js';
import { SEVERITIES, severityRank, type Severity } from '../../mcp/types.js';

function project(p: Parsed, io: Io): string {
  const given = str(p, 'project');
  return given ? (given.startsWith('/') ? given : `${io.cwd}/${given}`) : projectDir(io.env, io.cwd);
}

function failOn(p: Parsed): Severity | 'none' {
  const v = str(p, 'fail-on') ?? 'high';
  if (v !== 'none' && !(SEVERITIES as readonly string[]).includes(v)) {
    throw new GatehouseError({ code: 'cli/usage', message: `--fail-on must be one of ${SEVERITIES.join(', ')}, none` });
  }
  return v as Severity | 'none';
}

const PROJECT = { type: 'string' as const, value: 'DIR', description: 'Project folder (default: $CLAUDE_PROJECT_DIR or the current folder)' };
const JSON_OPT = { type: 'boolean' as const, description: 'Print JSON' };

const listCmd = defineCommand({
  meta: {
    name: 'mcp list',
    summary: 'List every configured MCP server with its scope, launch and pin state',
    usage: ['mcp list [--json]'],
    description: 'Reads ~/.claude.json (or $CLAUDE_CONFIG_DIR/.claude.json: user and this project\'s entries), the\nproject\'s .mcp.json, plugin .mcp.json files, managed-mcp.json and Claude Desktop\'s config.',
    options: { json: JSON_OPT, project: PROJECT },
    positionals: false,
  },
  async run(p, io) {
    const { discover } = await import('../../mcp/discover.js');
    const { loadLock, lockPath } = await import('../../mcp/lock.js');
    const { formatList, launchText } = await import('../../mcp/report.js');
    const dir = project(p, io);
    const d = discover({ env: io.env, projectDir: dir });
    const pinned = new Set(Object.keys(loadLock(lockPath(dir)).servers));
    if (bool(p, 'json')) {
      printJson(io, {
        servers: d.servers.map((s) => ({ name: s.name, scope: s.scope, file: s.file, line: s.line, enabled: s.enabled, pinned: pinned.has(s.name), toolPrefix: s.toolPrefix, ...(s.plugin ? { plugin: s.plugin } : {}), transport: s.launch.transport, launch: launchText(s), envKeys: Object.keys(s.launch.env) })),
        problems: d.problems,
      });
    } else io.out(formatList(d, style(io), pinned));
    return d.problems.length ? EXIT.input : EXIT.ok;
  },
});

const scanCmd = defineCommand({
  meta: {
    name: 'mcp scan',
    summary: 'Read an MCP server\'s code and metadata without running it, and judge it',
    usage: ['mcp scan <server|folder|tarball|name@version>... [--json|--sarif] [--fail-on SEVERITY] [--run]', 'mcp scan --all'],
    description:
      'Fetches without running anything (registry packages with `npm pack --ignore-scripts`), extracts the\n' +
      'tools, prompts, resources and instructions statically, and checks code, install scripts, metadata\n' +
      'and config. --run additionally installs it with scripts off and lists its tools inside a bubblewrap\n' +
      'jail (no network, empty HOME, clean environment, time and memory limits) to compare.',
    options: {
      all: { type: 'boolean', description: 'Scan every configured server' },
      json: JSON_OPT,
      sarif: { type: 'boolean', description: 'Print SARIF 2.1.0' },
      'fail-on': { type: 'string', value: 'SEVERITY', description: 'Exit 1 at or above this risk: critical, high, medium, low, info, none', default: 'high' },
      run: { type: 'boolean', description: 'Also list tools from the running server inside a jail' },
      verbose: { type: 'boolean', short: 'v', description: 'Show info findings and every tool' },
      project: PROJECT,
    },
    examples: ['gatehouse mcp scan ./my-server', 'gatehouse mcp scan @scope/server@1.2.3 --sarif > mcp.sarif', 'gatehouse mcp scan --all --fail-on medium'],
    notes: ['Exit 1 when the overall risk reaches --fail-on; 3 when a target cannot be read.'],
  },
  async run(p, io) {
    const threshold = failOn(p);
    const dir = project(p, io);
    let targets = p.positionals;
    if (bool(p, 'all')) {
      const { discover } = await import('../../mcp/discover.js');
      targets = discover({ env: io.env, projectDir: dir }).servers.map((s) => s.name);
    }
    if (targets.length === 0) throw new GatehouseError({ code: 'cli/usage', message: 'name a server, folder, tarball or package, or use --all' });
    const { vet } = await import('../../mcp/vet.js');
    const r = await vet(targets, { env: io.env, cwd: io.cwd, projectDir: dir });
    if (bool(p, 'run')) {
      const { addRunFindings } = await import('../../mcp/dynamic.js');
      await addRunFindings(r, { env: io.env });
    }
    if (bool(p, 'sarif')) {
      const { toSarif } = await import('../../mcp/sarif.js');
      printJson(io, toSarif(r.targets.flatMap((t) => t.findings)));
    } else if (bool(p, 'json')) {
      printJson(io, {
        risk: r.risk,
        targets: r.targets.map((t) => ({
          target: t.target,
          ...(t.server ? { server: t.server } : {}),
          risk: t.risk,
          ...(t.unsupported ? { unsupported: t.unsupported } : {}),
          ...(t.scan ? { package: t.scan.package, files: t.scan.files, install: t.scan.install, network: t.scan.network, surface: t.scan.surface, durationMs: t.scan.durationMs } : {}),
          ...(t.run ? { run: t.run } : {}),
          findings: t.findings,
        })),
        lapsedSuppressions: r.lapsedSuppressions,
        problems: r.problems,
      });
    } else io.out((await import('../../mcp/report.js')).formatScan(r, style(io), { verbose: bool(p, 'verbose') }));
    return threshold !== 'none' && severityRank(r.risk) >= severityRank(threshold) ? EXIT.findings : EXIT.ok;
  },
});

const pinCmd = defineCommand({
  meta: {
    name: 'mcp pin',
    summary: 'Record configured servers (identity, package, every tool\'s spec hash) in .gatehouse/mcp-lock.json',
    usage: ['mcp pin [server...] [--run] [--accept-risk] [--json]'],
    description:
      'Pins every enabled configured server, or the ones named. The tool list comes from static\n' +
      'extraction of the package; with --run, from a jailed listing of the running server as well.\n' +
      'A server whose scan reaches --fail-on (default high) is refused unless --accept-risk.',
    options: {
      run: { type: 'boolean', description: 'Pin the tool list the server reports when run inside the jail' },
      'accept-risk': { type: 'boolean', description: 'Pin even when the scan finds high-risk code' },
      'fail-on': { type: 'string', value: 'SEVERITY', description: 'Refuse to pin at or above this risk', default: 'high' },
      'no-fetch': { type: 'boolean', description: 'Do not fetch registry packages (use local copies only)' },
      json: JSON_OPT,
      project: PROJECT,
    },
    notes: ['Exit 1 when a server was refused.'],
  },
  async run(p, io) {
    const { pinServers } = await import('../../mcp/pins.js');
    const threshold = failOn(p);
    const run = bool(p, 'run') ? (await import('../../mcp/dynamic.js')).listForPin(io.env, project(p, io)) : undefined;
    const r = await pinServers(p.positionals, {
      env: io.env,
      projectDir: project(p, io),
      fetch: !bool(p, 'no-fetch'),
      acceptRisk: bool(p, 'accept-risk') || threshold === 'none',
      ...(threshold !== 'none' ? { failOn: threshold } : {}),
      ...(run ? { run } : {}),
    });
    if (bool(p, 'json')) printJson(io, r);
    else {
      const st = style(io);
      for (const x of r.pinned) io.out(`${st.green('pinned')} ${x.name}${x.version ? `@${x.version}` : ''}: ${x.tools} tools (${x.source}), risk ${x.risk}\n`);
      for (const x of r.refused) io.out(`${st.red('refused')} ${x.name}: risk ${x.risk}, ${x.findings} finding(s) at or above --fail-on; run \`gatehouse mcp scan ${x.name}\`\n`);
      if (!r.pinned.length && !r.refused.length) io.out('No servers to pin.\n');
    }
    return r.refused.length ? EXIT.findings : EXIT.ok;
  },
});

const verifyCmd = defineCommand({
  meta: {
    name: 'mcp verify',
    summary: 'Compare configured servers with their pins: new, changed and removed tools, changed packages',
    usage: ['mcp verify [--json] [--fetch]'],
    description: 'Works offline: folders are re-read, npx servers are read from npx\'s cache. Writes the observed\nstate the PreToolUse hook consults.',
    options: { json: JSON_OPT, fetch: { type: 'boolean', description: 'Fetch registry packages missing locally' }, project: PROJECT },
    positionals: false,
    notes: ['Exit 1 when anything drifted.'],
  },
  async run(p, io) {
    const { verifyPins } = await import('../../mcp/pins.js');
    const v = await verifyPins({ env: io.env, projectDir: project(p, io), fetch: bool(p, 'fetch') });
    if (bool(p, 'json')) printJson(io, v);
    else io.out((await import('../../mcp/report.js')).formatVerify(v, style(io)));
    return v.ok ? EXIT.ok : EXIT.findings;
  },
});

const approveCmd = defineCommand({
  meta: {
    name: 'mcp approve',
    summary: 'Accept the current state of a pinned server, or of some of its tools',
    usage: ['mcp approve <server> [tool...] [--package-only] [--json]'],
    description: 'Without tools: accepts the package, launch, instructions and every tool. With tools: only\nthose (new ones are added, removed ones dropped). --package-only accepts the package and launch\nbut leaves tool changes blocked.',
    options: { 'package-only': { type: 'boolean', description: 'Accept package, launch and instructions only' }, fetch: { type: 'boolean', description: 'Fetch registry packages missing locally' }, json: JSON_OPT, project: PROJECT },
  },
  async run(p, io) {
    const [server, ...tools] = p.positionals;
    if (!server) throw new GatehouseError({ code: 'cli/usage', message: 'name the server to approve' });
    const { approve } = await import('../../mcp/pins.js');
    const r = await approve(server, { env: io.env, projectDir: project(p, io), tools, packageOnly: bool(p, 'package-only'), fetch: bool(p, 'fetch') });
    if (bool(p, 'json')) printJson(io, r);
    else {
      io.out(`approved ${server}: ${r.approved.join(', ') || 'nothing'}\n`);
      if (!r.report.ok) io.out((await import('../../mcp/report.js')).formatVerify(r.report, style(io)));
    }
    return EXIT.ok;
  },
});

const suppressCmd = defineCommand({
  meta: {
    name: 'mcp suppress',
    summary: 'Suppress one finding by its fingerprint, with a reason (lapses when the code changes)',
    usage: ['mcp suppress <fingerprint> --reason TEXT [--id RULE]'],
    options: { reason: { type: 'string', value: 'TEXT', description: 'Why this finding is acceptable (required)' }, id: { type: 'string', value: 'RULE', description: 'The finding id, for the record' }, project: PROJECT },
  },
  async run(p, io) {
    const [fp] = p.positionals;
    const reason = str(p, 'reason');
    if (!fp || !/^[0-9a-f]{32}$/.test(fp)) throw new GatehouseError({ code: 'cli/usage', message: 'give the 32-hex fingerprint shown by `gatehouse mcp scan --json`' });
    if (!reason?.trim()) throw new GatehouseError({ code: 'cli/usage', message: '--reason is required' });
    const { loadSuppressions, saveSuppressions, suppressionsPath } = await import('../../mcp/suppressions.js');
    const file = suppressionsPath(project(p, io));
    const s = loadSuppressions(file);
    s.suppressions = s.suppressions.filter((x) => x.fingerprint !== fp);
    s.suppressions.push({ fingerprint: fp, id: str(p, 'id') ?? 'unknown', reason: reason.trim(), created: new Date().toISOString() });
    saveSuppressions(file, s);
    io.out(`suppressed ${fp} in ${file}\n`);
    return EXIT.ok;
  },
});

export default defineGroup({
  meta: {
    name: 'mcp',
    summary: 'Vet MCP servers before install, pin what was approved, catch rug pulls',
    usage: ['mcp <command> [options]'],
  },
  subcommands: { list: listCmd, scan: scanCmd, pin: pinCmd, verify: verifyCmd, approve: approveCmd, suppress: suppressCmd },
});
