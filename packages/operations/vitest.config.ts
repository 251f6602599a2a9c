import { defineConfig } from 'vitest/config';
import { LOADED_MACHINE_TIMEOUTS } from '../../vitest.shared.ts';

/** Tests here start servers: time limits that hold on a busy, shared machine (see vitest.shared.ts). */
export default defineConfig({
  test: { ...LOADED_MACHINE_TIMEOUTS },
});
