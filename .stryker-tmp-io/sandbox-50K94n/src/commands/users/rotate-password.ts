// @ts-nocheck
// memctl users rotate-password <user>: zero-downtime, two-phase rotation, verified with AUTH on
// every node. Phase one by default; --finish runs phase two; --grace D runs both with a pause;
// --single-shot replaces the password at once.
import type { Context } from '../../context.js';
import { InterruptedError, UsageError } from '../../lib/io/errors.js';
import { writeOutput, type Block } from '../../lib/io/output.js';
import { startProgress } from '../../lib/io/progress.js';
import { confirmDestructive } from '../../lib/io/prompt.js';
import { readAllStdin, readSecret } from '../../lib/io/secrets.js';
import { abortableSleep } from '../../lib/io/sleep.js';
import { validatePassword, validateUserName } from '../../lib/control/access-string.js';
import { phaseOne, phaseTwo, singleShot, type PhaseReport, type RotationContext } from '../../lib/control/rotation.js';
import { parsePositiveDuration } from '../../lib/control/validate.js';
import { memctlCommand, waitTimeoutMs } from '../options/wait.js';

export interface RotateFlags {
  passwordStdin?: boolean;
  passwordFile?: string;
  generate?: boolean;
  currentPasswordStdin?: boolean;
  currentPasswordFile?: string;
  finish?: boolean;
  grace?: string;
  singleShot?: boolean;
  replaceExisting?: boolean;
  timeout?: string;
}

/** Both secrets; when both come from stdin it holds two lines: the current password, then the new one. */
async function secrets(ctx: Context, user: string, flags: RotateFlags): Promise<{ current?: string; next: string; generated?: string }> {
  let stdinLines: string[] | undefined;
  const bothOnStdin = flags.passwordStdin === true && flags.currentPasswordStdin === true;
  const line = async (index: number): Promise<string> => {
    stdinLines ??= (await readAllStdin(ctx.io)).split(/\r?\n/);
    return stdinLines[index] ?? '';
  };
  const current = await readSecret(
    ctx.io,
    process.env,
    { stdin: flags.currentPasswordStdin, file: flags.currentPasswordFile },
    {
      label: `current password of user ${user}`,
      flagNames: { stdin: '--current-password-stdin', file: '--current-password-file' },
      envVar: 'MEMCTL_CURRENT_PASSWORD',
      confirm: false,
      required: flags.singleShot !== true,
    },
    bothOnStdin ? () => line(0) : undefined,
  );
  const next = await readSecret(
    ctx.io,
    process.env,
    { stdin: flags.passwordStdin, file: flags.passwordFile, generate: flags.generate },
    {
      label: `new password of user ${user}`,
      flagNames: { stdin: '--password-stdin', file: '--password-file', generate: '--generate' },
      envVar: 'MEMCTL_PASSWORD',
      confirm: true,
      required: true,
    },
    bothOnStdin ? () => line(1) : undefined,
  );
  if (flags.generate === true && flags.finish === true) throw new UsageError('--finish needs the new password from phase one, not a newly generated one');
  return {
    current: current === undefined ? undefined : current.value,
    next: validatePassword((next as { value: string }).value, 'new password'),
    generated: next?.generated === true ? next.value : undefined,
  };
}

function reportBlocks(report: PhaseReport): Block[] {
  return [
    {
      kind: 'fields',
      title: `Rotation of ${report.user}: phase ${report.phase}`,
      fields: [
        ['user', report.user],
        ['phase', report.phase],
        ['result', report.action === 'updated' ? 'done' : 'already done (nothing changed)'],
        ['passwords now', report.passwordCount],
        ['clusters', report.clusters.join(', ')],
        ['nodes verified', report.nodes],
      ],
    },
    { kind: 'table', title: 'Verification (AUTH on every node)', headers: ['node', 'current password', 'new password'], rows: report.verification.map((v) => [v.node, v.current ?? '-', v.next]) },
  ];
}

export async function run(ctx: Context, name: string, flags: RotateFlags): Promise<void> {
  const user = validateUserName(name);
  const modes = [flags.finish === true, flags.grace !== undefined, flags.singleShot === true].filter(Boolean).length;
  if (modes > 1) throw new UsageError('use only one of --finish, --grace and --single-shot');
  const graceMs = flags.grace === undefined ? undefined : parsePositiveDuration('--grace', flags.grace);
  const timeoutMs = waitTimeoutMs(ctx, flags.timeout, 30 * 60_000);
  const { current, next, generated } = await secrets(ctx, user, flags);
  if (current === next) throw new UsageError('the new password is the same as the current one');
  // Removing the old password breaks clients still using it: ask first.
  if (flags.finish === true || graceMs !== undefined || flags.singleShot === true) {
    await confirmDestructive(ctx.io, {
      question: `Remove the old password of ${user}${graceMs === undefined ? '' : ` after ${flags.grace ?? ''}`}? Clients still using it will be refused.`,
      action: `to remove the old password of user ${user}`,
      yes: ctx.yes,
    });
  }
  const plane = await ctx.controlPlane();
  const progress = await startProgress(ctx.io, `rotating the password of ${user}`, { quiet: ctx.quiet });
  const { checkAuth } = await import('../../lib/redis/auth-check.js');
  const resume = memctlCommand(ctx, `users rotate-password ${user}${flags.finish === true ? ' --finish' : ''} (same password options)`);
  const rotation: RotationContext = {
    plane,
    nodeTls: async () => ctx.nodeTls(),
    checkAuth: (targets, u, password) => checkAuth(targets, u, password),
    progress,
    timeoutMs,
    intervalMs: ctx.pollIntervalMs,
    signal: ctx.signal,
    resume,
  };
  const reports: PhaseReport[] = [];
  try {
    if (flags.singleShot === true) {
      reports.push(await singleShot(rotation, { user, next, current }));
    } else if (flags.finish === true) {
      reports.push(await phaseTwo(rotation, { user, current: current as string, next }));
    } else {
      reports.push(await phaseOne(rotation, { user, current: current as string, next }, { replaceExisting: flags.replaceExisting === true }));
      if (graceMs !== undefined) {
        progress.update(`grace period: both passwords work for ${flags.grace ?? ''}; clients move to the new one`);
        await abortableSleep(graceMs, ctx.signal);
        if (ctx.signal?.aborted === true) {
          throw new InterruptedError('interrupted during the grace period; phase two did not run (both passwords still work)', { hint: `finish later: ${memctlCommand(ctx, `users rotate-password ${user} --finish`)}` });
        }
        reports.push(await phaseTwo(rotation, { user, current: current as string, next }));
      }
    }
    progress.succeed(`password rotation of ${user}: phase ${reports.map((r) => r.phase).join(' and ')} verified on ${reports[0]?.nodes ?? 0} node(s)`);
  } catch (err) {
    progress.fail(`password rotation of ${user} stopped`);
    throw err;
  }
  const last = reports[reports.length - 1] as PhaseReport;
  if (!ctx.quiet && last.phase === 'one') {
    ctx.io.stderr.write(`both passwords work now; move clients to the new one, then run: ${memctlCommand(ctx, `users rotate-password ${user} --finish`)} (same password options)\n`);
  }
  const data = { ...(reports.length === 1 ? last : { phases: reports }), ...(generated === undefined ? {} : { password: generated }) };
  const blocks = reports.flatMap(reportBlocks);
  if (generated !== undefined) blocks.push({ kind: 'fields', fields: [['new password (shown once)', generated]] });
  await writeOutput(ctx.io, { data, blocks }, ctx.output);
}
