// Drives the built CLI in-process (commands are discovered from dist/, which `npm test` builds).
import { memoryIo, type Io } from '../../src/cli/io.js';

type Main = (argv: string[], io: Io) => Promise<number>;

export async function cli(argv: string[], init: { cwd: string; env: NodeJS.ProcessEnv }) {
  const { main } = (await import('../../dist/cli/main.js' as string)) as { main: Main };
  const io = memoryIo(init);
  const code = await main(argv, io);
  return { code, io };
}
