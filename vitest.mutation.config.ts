import { defineConfig } from 'vitest/config';

// The unit tests alone, for mutation testing (stryker.config.mjs): no integration or e2e test (they
// start redis-server and the local control plane) and no global setup (it scans the output of
// memctl runs, which unit tests do not make). Stryker runs one vitest worker per Stryker process.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 10000,
  },
});
