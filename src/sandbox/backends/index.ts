// Picks a backend by name and platform. The platform is a parameter (STYLE §13), so a Linux test
// run can still exercise the macOS choice.
import { GatehouseError } from '../../errors.js';
import type { Platform, SandboxBackend } from '../types.js';
import { linuxBwrapBackend } from './linux-bwrap.js';
import { linuxSrtBackend } from './linux-srt.js';
import { macosSeatbeltBackend } from './macos-seatbelt.js';

export const BACKEND_NAMES = ['bubblewrap', 'sandbox-runtime', 'seatbelt'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export function hostPlatform(p: NodeJS.Platform = process.platform): Platform | undefined {
  if (p === 'linux') return 'linux';
  if (p === 'darwin') return 'macos';
  if (p === 'win32') return 'windows';
  return undefined;
}

export function selectBackend(platform: Platform | undefined, name: string | undefined, env: Readonly<Record<string, string | undefined>>): SandboxBackend {
  const want = name ?? (platform === 'macos' ? 'seatbelt' : 'bubblewrap');
  if (platform === 'linux' && want === 'bubblewrap') return linuxBwrapBackend({ env });
  if ((platform === 'linux' || platform === 'macos') && want === 'sandbox-runtime') return linuxSrtBackend({ env, platform });
  if (platform === 'macos' && want === 'seatbelt') return macosSeatbeltBackend({ env });
  throw new GatehouseError({
    code: 'sandbox/no-backend',
    message: `no sandbox backend '${want}' on ${platform ?? process.platform}`,
    hint:
      platform === 'windows'
        ? 'native Windows has no OS sandbox here: run inside WSL2, or use `gatehouse sandbox profile --engine docker|podman`'
        : `backends: bubblewrap and sandbox-runtime (Linux), seatbelt and sandbox-runtime (macOS)`,
  });
}
