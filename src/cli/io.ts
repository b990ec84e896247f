// What a command may touch of the outside world. Tests pass their own; main() passes the process.
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<Buffer>;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** True when stdout is a terminal (colour, confirmations). */
  isTTY: boolean;
  /** True when stdin is a terminal (a human could answer a prompt). */
  stdinIsTTY: boolean;
}

export function processIo(): Io {
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    readStdin: () =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        process.stdin.on('data', (c: Buffer) => chunks.push(c));
        process.stdin.on('end', () => resolve(Buffer.concat(chunks)));
        process.stdin.on('error', reject);
      }),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
    stdinIsTTY: Boolean(process.stdin.isTTY),
  };
}

/** An Io that records everything, for tests. */
export function memoryIo(init: Partial<Omit<Io, 'out' | 'err'>> & { stdin?: string | Buffer } = {}): Io & {
  stdout: string;
  stderr: string;
} {
  const io = {
    stdout: '',
    stderr: '',
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    readStdin: init.readStdin ?? (async () => Buffer.from(init.stdin ?? '')),
    cwd: init.cwd ?? process.cwd(),
    env: init.env ?? {},
    isTTY: init.isTTY ?? false,
    stdinIsTTY: init.stdinIsTTY ?? false,
  };
  return io;
}
