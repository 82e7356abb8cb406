// Mutation testing of the pure-logic modules against the unit tests: `npm run test:mutation`
// (docs/testing.md has the scores and the mutants that remain). Not part of `npm test` or CI.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  coverageAnalysis: 'perTest',
  // The machine is shared: two Stryker processes, each running one vitest worker.
  concurrency: 2,
  mutate: [
    // control: the pure modules. Left out: the service adapters and what only calls AWS or Redis
    // (alarm-calls, alarm-sync, elasticache, elasticache-access, memorydb, price-source, roles),
    // the password and token rotations (orchestration of the control plane and live AUTH checks,
    // run end to end by test/e2e/users.test.ts) and redis-commands (a generated table, not logic).
    'src/lib/control/access-string.ts',
    'src/lib/control/alarm-plan.ts',
    'src/lib/control/bucket-check.ts',
    'src/lib/control/elasticache-shapes.ts',
    'src/lib/control/endpoints.ts',
    'src/lib/control/memorydb-shapes.ts',
    'src/lib/control/metric-catalog.ts',
    'src/lib/control/metrics.ts',
    'src/lib/control/model.ts',
    'src/lib/control/node-types.ts',
    'src/lib/control/pricing.ts',
    'src/lib/control/service-calls.ts',
    'src/lib/control/snapshot-export.ts',
    'src/lib/control/validate.ts',
    'src/lib/control/versions.ts',
    'src/lib/control/wait.ts',
    'src/lib/control/windows.ts',
    // key slots
    'src/lib/control/slots.ts',
    'src/lib/redis/slot.ts',
    // io
    'src/lib/io/*.ts',
    // bench histogram
    'src/lib/redis/bench/histogram.ts',
    // protocol codecs
    'src/lib/local/http/json-protocol.ts',
    'src/lib/local/http/query-protocol.ts',
    'src/lib/local/http/cloudwatch-protocols.ts',
    'src/lib/redis/bench/resp.ts',
    // pagination
    'src/lib/local/api/shared/pagination.ts',
  ],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  thresholds: { high: 90, low: 85, break: null },
};
