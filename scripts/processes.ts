/**
 * 进程: the stack's processes, from the parts list: one per entry module, so the four department
 * stand-ins (one entry) are one process, named `backends`; every other part is its own process,
 * named by its id. `npm start`, the container's launcher (`part.ts`) and its health check use this.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { PARTS, builtPathOf, type Part } from '@district/parts';

export interface StackProcess {
  /** The part's id, or `<kind>s` for parts that share an entry (`backends`). */
  name: string;
  /** Its main module from the repository root (TypeScript source). */
  entry: string;
  /** The parts it serves. */
  parts: Part[];
}

export const STACK_PROCESSES: readonly StackProcess[] = [...new Set(PARTS.map((p) => p.entry))].map((entry) => {
  const parts = PARTS.filter((p) => p.entry === entry);
  return { name: parts.length === 1 ? parts[0].id : `${parts[0].kind}s`, entry, parts };
});

/** The container's launcher's own setting (part.ts): which process to run when no argument names one. */
export const PartSettingsSchema = z.object({
  PART: z.string().min(1).optional().describe('The process `node dist/scripts/part.js` runs when no argument names one: a part id (gateway, market, …, services) or backends; the container image\'s one setting'),
});

/** The root scripts production runs, besides every process's entry. */
const ROOT_ENTRIES = ['scripts/start.ts', 'scripts/part.ts', 'scripts/healthcheck.ts', 'scripts/audit-verify.ts'];

/** Every module `npm run build` compiles, from the repository root: each process's entry, then the root scripts. */
export const BUILT_ENTRIES: readonly string[] = [...STACK_PROCESSES.map((p) => p.entry), ...ROOT_ENTRIES];

/** The folders the build writes (each entry's dist/), from the repository root. */
export const BUILT_FOLDERS: readonly string[] = [...new Set(BUILT_ENTRIES.map((e) => path.posix.dirname(builtPathOf(e))))];

/** The process serving this name (a process name, or the id of any part it serves). */
export function processOf(name: string): StackProcess | undefined {
  return STACK_PROCESSES.find((p) => p.name === name || p.parts.some((part) => part.id === name));
}

/** The repository (or image) root: the nearest folder above this module whose package.json lists workspaces. Works from scripts/ and from dist/scripts/. */
export function repoRoot(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'package-lock.json'))) return dir;
    if (dir === path.dirname(dir)) throw new Error('no package-lock.json above the scripts');
  }
}

/** Production runs only built JavaScript: the built entry of a process, absolute. */
export const builtEntryOf = (p: StackProcess) => path.join(repoRoot(), builtPathOf(p.entry));

/** The line telling an operator what to do when NODE_ENV=production finds no build. */
export const NOT_BUILT = 'NODE_ENV=production runs only the built JavaScript, and it is not there: run `npm run build` first';
