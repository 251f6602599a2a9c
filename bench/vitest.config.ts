import { defineConfig } from 'vitest/config';
import { LOADED_MACHINE_TIMEOUTS } from '../vitest.shared.ts';

/** The harness's own unit tests: the same time limits as every workspace (see vitest.shared.ts). */
export default defineConfig({
  test: { ...LOADED_MACHINE_TIMEOUTS },
});
