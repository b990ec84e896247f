// Every command table, merged. A program appears in at most one table.
import { CLOUD_CLI_COMMANDS } from './cloud-cli.js';
import { cloudCommands } from './cloud.js';
import { containerCommands } from './containers.js';
import { DB_CLIENT_COMMANDS } from './db.js';
import { ormCommands } from './db-orm.js';
import { DEPLOY_COMMANDS } from './deploy.js';
import { FS_COMMANDS } from './fs.js';
import { GIT_COMMANDS } from './git.js';
import { NET_COMMANDS } from './net.js';
import { packageCommands } from './pkg.js';
import { SYSTEM_COMMANDS } from './system.js';
import { SYSTEM_ACCESS_COMMANDS } from './system-access.js';
import type { CommandHandler } from './view.js';

// Runners (npx, `python -m`, `php artisan`, `docker exec`) look the program they run up in the merged table.
const lookup = (program: string): CommandHandler | undefined => (Object.prototype.hasOwnProperty.call(COMMAND_TABLES, program) ? COMMAND_TABLES[program] : undefined);

export const COMMAND_TABLES: Readonly<Record<string, CommandHandler>> = {
  ...FS_COMMANDS,
  ...NET_COMMANDS,
  ...GIT_COMMANDS,
  ...packageCommands(lookup),
  ...DB_CLIENT_COMMANDS,
  ...ormCommands(lookup),
  ...cloudCommands(lookup),
  ...containerCommands(lookup),
  ...CLOUD_CLI_COMMANDS,
  ...DEPLOY_COMMANDS,
  ...SYSTEM_COMMANDS,
  ...SYSTEM_ACCESS_COMMANDS,
};
