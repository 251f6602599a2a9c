import { defineConfig } from 'vitest/config';
import { LOADED_MACHINE_TIMEOUTS } from '../../vitest.shared.ts';

/** Generating the whole district takes seconds on a busy machine: the shared time limits (see vitest.shared.ts). */
export default defineConfig({
  test: { ...LOADED_MACHINE_TIMEOUTS },
});
