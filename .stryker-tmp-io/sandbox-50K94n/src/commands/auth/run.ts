// @ts-nocheck
// memctl auth token <cluster> --user U: an IAM authentication token (SigV4 presigned "connect"),
// valid 15 minutes, for clients to send as `AUTH <user> <token>` over TLS.
import type { Context } from '../../context.js';
import { UsageError } from '../../lib/io/errors.js';
import { registerSecret } from '../../lib/io/debug.js';
import { writeOutput } from '../../lib/io/output.js';
import { validateUserName } from '../../lib/control/access-string.js';
import { parseInteger, validateName, validateRange } from '../../lib/control/validate.js';

export interface TokenFlags {
  user?: string;
  expires?: string;
}

export async function token(ctx: Context, clusterArg: string, flags: TokenFlags): Promise<void> {
  const cluster = validateName(ctx.service === 'memorydb' ? 'cluster' : 'replication group', clusterArg);
  if (flags.user === undefined) throw new UsageError('--user is required: the IAM-enabled user the token is for');
  const user = validateUserName(flags.user);
  const expiresInSeconds = flags.expires === undefined ? 900 : validateRange('--expires', parseInteger('--expires', flags.expires), { min: 1, max: 900 });
  const settings = await ctx.awsSettings();
  const [{ credentialsAndRegion }, { iamAuthToken, iamTokenExpiry }] = await Promise.all([import('../../lib/aws/clients.js'), import('../../lib/aws/iam-token.js')]);
  const { credentials, region } = await credentialsAndRegion({ settings, debug: ctx.debug }, ctx.service);
  const value = await iamAuthToken({ cluster, user, region, service: ctx.service, credentials, expiresInSeconds });
  registerSecret(value);
  const expiresAt = iamTokenExpiry(value);
  if (!ctx.quiet) ctx.io.stderr.write(`token for ${user} on ${cluster}, valid until ${expiresAt.toISOString()}; use it as: AUTH ${user} <token> (TLS required)\n`);
  await writeOutput(ctx.io, { data: { cluster, user, token: value, expiresAt }, blocks: [{ kind: 'table', headers: ['token'], rows: [[value]] }] }, ctx.output);
}
