// Which files of a package a scan reads: source in the languages we analyse, manifests and docs.
// Bounded, so a hostile package cannot exhaust memory or time.
import type { SourceFile } from '../types.js';
import { langOf } from './sg.js';

export const MAX_FILE_BYTES = 2 * 1024 * 1024;
export const MAX_FILES = 20_000;

const SKIP_DIR = /(?:^|\/)(?:\.git|__pycache__|\.venv|venv|\.tox|\.mypy_cache|\.pytest_cache|coverage|\.nyc_output)(?:\/|$)/;
const DOC = /(?:^|\/)(?:README|readme|Readme)(?:\.[a-z]+)?$/;
const MANIFEST = /(?:^|\/)(?:package\.json|package-lock\.json|npm-shrinkwrap\.json|pyproject\.toml|setup\.py|setup\.cfg|requirements\.txt|binding\.gyp)$/;

export function wanted(path: string, size: number): boolean {
  if (size > MAX_FILE_BYTES || SKIP_DIR.test(path)) return false;
  return langOf(path) !== undefined || DOC.test(path) || MANIFEST.test(path);
}

/** Source files that belong to the package itself (not vendored dependencies). */
export function ownSources(files: readonly SourceFile[]): SourceFile[] {
  return files.filter((f) => langOf(f.path) !== undefined && !/(?:^|\/)node_modules\//.test(f.path));
}

export function readmeText(files: readonly SourceFile[]): string {
  return files.filter((f) => DOC.test(f.path) && !f.path.includes('node_modules/')).map((f) => f.text).join('\n');
}
