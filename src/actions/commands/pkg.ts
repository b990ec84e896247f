// Package managers and publishing tools, merged. Runners among them (npx, dlx, `python -m`) need
// the whole command table to hand over the program they run, so the caller passes a lookup.
import type { Lookup } from './delegate.js';
import { jsCommands } from './pkg-js.js';
import { NATIVE_PACKAGE_COMMANDS } from './pkg-native.js';
import { pythonCommands } from './pkg-python.js';
import { SYSTEM_PACKAGE_COMMANDS } from './pkg-system.js';
import { PUBLISH_COMMANDS } from './publish.js';
import type { CommandHandler } from './view.js';

export function packageCommands(lookup: Lookup): Record<string, CommandHandler> {
  return { ...jsCommands(lookup), ...pythonCommands(lookup), ...NATIVE_PACKAGE_COMMANDS, ...SYSTEM_PACKAGE_COMMANDS, ...PUBLISH_COMMANDS };
}
