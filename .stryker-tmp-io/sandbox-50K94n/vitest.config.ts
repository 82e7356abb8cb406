// @ts-nocheck
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two files at a time: most of a test's time is spent waiting on redis-server processes and the
    // local control plane, so two workers on two cores halve the suite (vitest's default is one).
    maxWorkers: 2,
    testTimeout: 60000,
    hookTimeout: 60000,
    globalSetup: ['test/global-setup.ts'],
  },
});
