// Every command table, merged. A program appears in at most one table.
import { FS_COMMANDS } from './fs.js';
import { GIT_COMMANDS } from './git.js';
import { NET_COMMANDS } from './net.js';
import type { CommandHandler } from './view.js';

export const COMMAND_TABLES: Readonly<Record<string, CommandHandler>> = {
  ...FS_COMMANDS,
  ...NET_COMMANDS,
  ...GIT_COMMANDS,
};
