import { defineConfig } from 'vitest/config';
import { LOADED_MACHINE_TIMEOUTS } from '../../vitest.shared.ts';

/** Code generation is CPU-bound: the same time limits as every workspace, for a busy, shared machine (see vitest.shared.ts). */
export default defineConfig({
  test: { ...LOADED_MACHINE_TIMEOUTS },
});
