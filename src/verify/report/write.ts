// Writes a report file whole or not at all (temp file + rename), so a crash never leaves half a
// SARIF file for the upload step to choke on.
import { appendFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GatehouseError } from '../../errors.js';

export function writeReport(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    throw new GatehouseError({ code: 'verify/cannot-write', message: `cannot write the report: ${(e as Error).message}`, file: path });
  }
}

export function appendReport(path: string, text: string): void {
  try {
    appendFileSync(path, text);
  } catch (e) {
    throw new GatehouseError({ code: 'verify/cannot-write', message: `cannot append the job summary: ${(e as Error).message}`, file: path });
  }
}
