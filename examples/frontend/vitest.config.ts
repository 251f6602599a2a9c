import { defineConfig } from 'vitest/config';
import { LOADED_MACHINE_TIMEOUTS } from '../../vitest.shared.ts';

/** The same time limits as every workspace, for a busy, shared machine (see vitest.shared.ts). */
export default defineConfig({
  test: { ...LOADED_MACHINE_TIMEOUTS },
});
