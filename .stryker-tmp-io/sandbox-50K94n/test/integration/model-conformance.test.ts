// @ts-nocheck
// Every answer the local control plane gives over a broad scenario of both services (clusters and
// replication groups of both cluster modes, resharding, failovers, snapshots, copies, restores,
// users, ACLs, user groups, tags, events, catalogs, paging, and refused requests) checked against
// the botocore service models by bench/model-conformance.py, a client we did not write: no field
// the model lacks, none of another type, no enum value outside the model, no error code or HTTP
// status the operation does not list.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlane, type TestPlane } from '../helpers/local.js';

const run = promisify(execFile);
const script = join(import.meta.dirname, '..', '..', 'bench', 'model-conformance.py');
const hasBoto3 = await run('python3', ['-c', 'import boto3'], { timeout: 20_000 }).then(
  () => true,
  () => false,
);

let t: TestPlane;

beforeAll(async () => {
  t = await startPlane();
});

afterAll(async () => {
  await t?.stop();
});

interface Conformance {
  operations: number;
  answers: number;
  unknown: number;
  wrongType: number;
  badEnum: number;
  errorsNotModelled: number;
  noError: number;
  notOffered: string[];
  findings: Array<{ kind: string; operation: string; path: string; detail: string }>;
}

describe.skipIf(!hasBoto3)('botocore models (skipped when python3 has no boto3)', () => {
  it('the answers of both services have no unknown, wrong-typed or unmodelled field, enum or error', async () => {
    const env = { PATH: process.env.PATH, HOME: t.stateDir, AWS_EC2_METADATA_DISABLED: 'true' };
    const out = await run('python3', [script, '--endpoint', t.plane.endpoint, '--json'], { env, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 }).catch((e: { stdout: string; stderr: string }) => e);
    expect(out.stderr).toBe('');
    const result = JSON.parse(out.stdout) as Conformance;
    expect(result.findings).toEqual([]);
    expect([result.unknown, result.wrongType, result.badEnum, result.errorsNotModelled, result.noError]).toEqual([0, 0, 0, 0, 0]);
    // The scenario reached what it is meant to cover.
    expect(result.operations).toBeGreaterThanOrEqual(50);
    expect(result.answers).toBeGreaterThanOrEqual(200);
  }, 300_000);
});
