// Top-level dispatch. Each command lives in cli/commands/<name>.js and is imported only when used.
import { readdirSync } from 'node:fs';
import { GatehouseError } from '../errors.js';
import { VERSION } from '../version.js';
import { runCommand, type Command, type Group } from './command.js';
import { EXIT, EXIT_HELP } from './exit-codes.js';
import { printError } from './format.js';
import { processIo, type Io } from './io.js';

const COMMANDS_DIR = new URL('./commands/', import.meta.url);

export function commandNames(): string[] {
  return readdirSync(COMMANDS_DIR)
    .filter((f) => f.endsWith('.js'))
    .map((f) => f.slice(0, -3))
    .sort();
}

export async function loadCommand(name: string): Promise<Command | Group | undefined> {
  if (!/^[a-z][a-z0-9-]*$/.test(name) || !commandNames().includes(name)) return undefined;
  const mod = (await import(new URL(`${name}.js`, COMMANDS_DIR).href)) as { default: Command | Group };
  return mod.default;
}

async function topHelp(io: Io): Promise<void> {
  const rows: [string, string][] = [];
  for (const name of commandNames()) {
    const c = await loadCommand(name);
    if (c && !(c.meta as { hidden?: boolean }).hidden) rows.push([name, c.meta.summary]);
  }
  const width = Math.max(...rows.map(([n]) => n.length));
  io.out(
    [
      `gatehouse ${VERSION} — defense in depth for AI coding agents`,
      '',
      'Usage: gatehouse <command> [options]     gatehouse <command> --help',
      '',
      'Commands:',
      ...rows.map(([n, s]) => `  ${n.padEnd(width)}  ${s}`),
      '',
      'Start with `gatehouse demo`, then `gatehouse init` in your project.',
      EXIT_HELP,
      '',
    ].join('\n'),
  );
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  const json = argv.includes('--json');
  try {
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      await topHelp(io);
      return name ? EXIT.ok : EXIT.usage;
    }
    if (name === '--version' || name === '-V' || name === 'version') {
      io.out(`${VERSION}\n`);
      return EXIT.ok;
    }
    const cmd = await loadCommand(name);
    if (!cmd) {
      throw new GatehouseError({
        code: 'cli/unknown-command',
        message: `unknown command '${name}'`,
        hint: `commands: ${commandNames().join(', ')}`,
      });
    }
    return await runCommand(cmd, rest, io);
  } catch (e) {
    printError(io, e, json);
    if (e instanceof GatehouseError) return e.code.startsWith('cli/') ? EXIT.usage : EXIT.input;
    return EXIT.internal;
  }
}
