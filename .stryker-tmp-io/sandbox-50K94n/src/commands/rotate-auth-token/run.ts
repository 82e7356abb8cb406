// @ts-nocheck
// memctl --service elasticache rotate-auth-token <group>: zero-downtime rotation of a replication
// group's AUTH token, verified with AUTH on every node. Phase one (ROTATE) by default: both tokens
// work; --finish (SET) keeps only the new one; --grace D runs both with a pause.
import type { Context } from '../../context.js';
import { InterruptedError, UsageError } from '../../lib/io/errors.js';
import { writeOutput, type Block } from '../../lib/io/output.js';
import { startProgress } from '../../lib/io/progress.js';
import { confirmDestructive } from '../../lib/io/prompt.js';
import { readAllStdin } from '../../lib/io/secrets.js';
import { abortableSleep } from '../../lib/io/sleep.js';
import type { RotationContext } from '../../lib/control/rotation.js';
import { tokenPhaseOne, tokenPhaseTwo, type TokenPhaseReport } from '../../lib/control/token-rotation.js';
import { parsePositiveDuration, validateName } from '../../lib/control/validate.js';
import { memctlCommand, waitTimeoutMs } from '../options/wait.js';
import { readAuthToken } from '../options/service.js';

export interface RotateTokenFlags {
  authTokenStdin?: boolean;
  authTokenFile?: string;
  generateAuthToken?: boolean;
  currentAuthTokenStdin?: boolean;
  currentAuthTokenFile?: string;
  finish?: boolean;
  grace?: string;
  timeout?: string;
}

/** Both tokens; when both come from stdin it holds two lines: the current token, then the new one. */
async function tokens(ctx: Context, group: string, flags: RotateTokenFlags): Promise<{ current: string; next: string; generated?: string }> {
  if (flags.generateAuthToken === true && flags.finish === true) throw new UsageError('--finish needs the new token from phase one, not a newly generated one');
  let stdinLines: string[] | undefined;
  const bothOnStdin = flags.authTokenStdin === true && flags.currentAuthTokenStdin === true;
  const line = async (index: number): Promise<string> => {
    stdinLines ??= (await readAllStdin(ctx.io)).split(/\r?\n/);
    return stdinLines[index] ?? '';
  };
  const current = await readAuthToken(
    ctx,
    { stdin: flags.currentAuthTokenStdin, file: flags.currentAuthTokenFile },
    {
      label: `current token of ${group}`,
      flagNames: { stdin: '--current-auth-token-stdin', file: '--current-auth-token-file' },
      envVar: 'MEMCTL_CURRENT_AUTH_TOKEN',
      confirm: false,
      required: true,
    },
    bothOnStdin ? () => line(0) : undefined,
  );
  const next = await readAuthToken(
    ctx,
    { stdin: flags.authTokenStdin, file: flags.authTokenFile, generate: flags.generateAuthToken },
    {
      label: `new token of ${group}`,
      flagNames: { stdin: '--auth-token-stdin', file: '--auth-token-file', generate: '--generate-auth-token' },
      envVar: 'MEMCTL_AUTH_TOKEN',
      confirm: true,
      required: true,
    },
    bothOnStdin ? () => line(1) : undefined,
  );
  const c = current as { value: string };
  const n = next as { value: string; generated: boolean };
  if (c.value === n.value) throw new UsageError('the new token is the same as the current one');
  return { current: c.value, next: n.value, generated: n.generated ? n.value : undefined };
}

function reportBlocks(report: TokenPhaseReport): Block[] {
  return [
    {
      kind: 'fields',
      title: `AUTH token rotation of ${report.cluster}: phase ${report.phase}`,
      fields: [
        ['replication group', report.cluster],
        ['phase', report.phase],
        ['result', report.action === 'updated' ? 'done' : 'already done (nothing changed)'],
        ['nodes verified', report.nodes],
      ],
    },
    { kind: 'table', title: 'Verification (AUTH on every node)', headers: ['node', 'current token', 'new token'], rows: report.verification.map((v) => [v.node, v.current, v.next]) },
  ];
}

export async function run(ctx: Context, name: string, flags: RotateTokenFlags): Promise<void> {
  if (ctx.service !== 'elasticache') {
    throw new UsageError('rotate-auth-token is for ElastiCache replication groups: pass --service elasticache (or set MEMCTL_SERVICE=elasticache)', { hint: 'MemoryDB authenticates users: `memctl users rotate-password <user>`' });
  }
  const group = validateName('replication group', name);
  if (flags.finish === true && flags.grace !== undefined) throw new UsageError('use only one of --finish and --grace');
  const graceMs = flags.grace === undefined ? undefined : parsePositiveDuration('--grace', flags.grace);
  const timeoutMs = waitTimeoutMs(ctx, flags.timeout, 60 * 60_000);
  const { current, next, generated } = await tokens(ctx, group, flags);
  // Dropping the old token breaks clients still using it: ask first.
  if (flags.finish === true || graceMs !== undefined) {
    await confirmDestructive(ctx.io, {
      question: `Drop the old token of ${group}${graceMs === undefined ? '' : ` after ${flags.grace ?? ''}`}? Clients still using it will be refused.`,
      action: `to drop the old token of ${group}`,
      yes: ctx.yes,
    });
  }
  const plane = await ctx.controlPlane();
  const progress = await startProgress(ctx.io, `rotating the AUTH token of ${group}`, { quiet: ctx.quiet });
  const { checkAuth } = await import('../../lib/redis/auth-check.js');
  const rotation: RotationContext = {
    plane,
    nodeTls: async () => ctx.nodeTls(),
    checkAuth: (targets, user, password) => checkAuth(targets, user, password),
    progress,
    timeoutMs,
    intervalMs: ctx.pollIntervalMs,
    signal: ctx.signal,
    resume: memctlCommand(ctx, `rotate-auth-token ${group}${flags.finish === true ? ' --finish' : ''} (same token options)`),
  };
  const secrets = { cluster: group, current, next };
  const reports: TokenPhaseReport[] = [];
  try {
    if (flags.finish === true) {
      reports.push(await tokenPhaseTwo(rotation, secrets));
    } else {
      reports.push(await tokenPhaseOne(rotation, secrets));
      if (graceMs !== undefined) {
        progress.update(`grace period: both tokens work for ${flags.grace ?? ''}; clients move to the new one`);
        await abortableSleep(graceMs, ctx.signal);
        if (ctx.signal?.aborted === true) {
          throw new InterruptedError('interrupted during the grace period; phase two did not run (both tokens still work)', { hint: `finish later: ${memctlCommand(ctx, `rotate-auth-token ${group} --finish`)}` });
        }
        reports.push(await tokenPhaseTwo(rotation, secrets));
      }
    }
    progress.succeed(`AUTH token rotation of ${group}: phase ${reports.map((r) => r.phase).join(' and ')} verified on ${reports[0]?.nodes ?? 0} node(s)`);
  } catch (err) {
    progress.fail(`AUTH token rotation of ${group} stopped`);
    throw err;
  }
  const last = reports[reports.length - 1] as TokenPhaseReport;
  if (!ctx.quiet && last.phase === 'one') {
    ctx.io.stderr.write(`both tokens work now; move clients to the new one, then run: ${memctlCommand(ctx, `rotate-auth-token ${group} --finish`)} (same token options)\n`);
  }
  const data = { ...(reports.length === 1 ? last : { phases: reports }), ...(generated === undefined ? {} : { authToken: generated }) };
  const blocks = reports.flatMap(reportBlocks);
  if (generated !== undefined) blocks.push({ kind: 'fields', fields: [['new AUTH token (shown once)', generated]] });
  await writeOutput(ctx.io, { data, blocks }, ctx.output);
}
