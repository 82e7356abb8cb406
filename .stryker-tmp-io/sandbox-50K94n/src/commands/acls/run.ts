// @ts-nocheck
// memctl acls list|describe|create|update|delete|attach: MemoryDB ACLs (ElastiCache: user groups).
import type { Context } from '../../context.js';
import { ConflictError, NotFoundError, UsageError } from '../../lib/io/errors.js';
import { writeOutput, type Rendered } from '../../lib/io/output.js';
import { confirmDestructive } from '../../lib/io/prompt.js';
import { validateUserName } from '../../lib/control/access-string.js';
import type { Acl } from '../../lib/control/model.js';
import { parseTag, validateName } from '../../lib/control/validate.js';
import { clusterDetailView } from '../views/cluster.js';
import { memctlCommand, waitForAcl, waitForAvailable, waitTimeoutMs } from '../options/wait.js';
import { clusterNoun, engineFlag, getCluster } from '../options/service.js';

/** The built-in ACL every account has: memctl will not change or delete it. */
const OPEN_ACCESS = 'open-access';

export function aclListView(acls: Acl[]): Rendered {
  return {
    data: acls,
    blocks: [{ kind: 'table', headers: ['name', 'status', 'users', 'clusters'], rows: acls.map((a) => [a.name, a.status, a.users.join(','), a.clusters.join(',')]) }],
  };
}

export function aclDetailView(acl: Acl): Rendered {
  return {
    data: acl,
    blocks: [
      {
        kind: 'fields',
        title: `${acl.service === 'memorydb' ? 'ACL' : 'User group'} ${acl.name}`,
        fields: [
          ['name', acl.name],
          ['status', acl.status],
          ['users', acl.users.join(', ')],
          ['clusters', acl.clusters.join(', ')],
          ['pending: add', acl.pendingChanges?.usersToAdd?.join(', ')],
          ['pending: remove', acl.pendingChanges?.usersToRemove?.join(', ')],
          ['minimum engine', acl.minimumEngineVersion],
          ['arn', acl.arn],
        ],
      },
    ],
  };
}

function userList(values: string[] | undefined): string[] {
  return [...new Set((values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '').map(validateUserName))];
}

function protectOpenAccess(ctx: Context, name: string, action: string): void {
  if (ctx.service === 'memorydb' && name === OPEN_ACCESS) throw new UsageError(`the built-in ACL ${OPEN_ACCESS} cannot be ${action}`);
}

/** What an ACL is called in messages: ElastiCache's are user groups. */
function aclNoun(ctx: Context): string {
  return ctx.service === 'memorydb' ? 'ACL' : 'user group';
}

interface WaitFlags {
  wait?: boolean;
  timeout?: string;
}

export async function list(ctx: Context): Promise<void> {
  const plane = await ctx.controlPlane();
  await writeOutput(ctx.io, aclListView(await plane.listAcls()), ctx.output);
}

export async function describe(ctx: Context, name: string): Promise<void> {
  const aclName = validateName(aclNoun(ctx), name);
  const plane = await ctx.controlPlane();
  const acl = await plane.findAcl(aclName);
  if (acl === undefined) throw new NotFoundError(`${aclNoun(ctx)} "${aclName}" not found`, { hint: `run \`${memctlCommand(ctx, 'acls list')}\`` });
  await writeOutput(ctx.io, aclDetailView(acl), ctx.output);
}

export async function create(ctx: Context, name: string, flags: WaitFlags & { user?: string[]; tag?: string[]; engine?: string }): Promise<void> {
  const aclName = validateName(aclNoun(ctx), name);
  protectOpenAccess(ctx, aclName, 'created again');
  const users = userList(flags.user);
  const tags = (flags.tag ?? []).map(parseTag);
  const engine = engineFlag(ctx, flags.engine);
  const timeoutMs = waitTimeoutMs(ctx, flags.timeout, 30 * 60_000);
  const plane = await ctx.controlPlane();
  let acl = await plane.createAcl(aclName, users, tags, { engine });
  const added = acl.users.filter((u) => !users.includes(u));
  if (added.length > 0 && !ctx.quiet) {
    ctx.io.stderr.write(`added the built-in user ${added.join(', ')} to user group ${aclName}: ElastiCache user groups must hold a user named default\n`);
  }
  if (flags.wait === true) acl = await waitForAcl(ctx, plane, aclName, { what: `${aclNoun(ctx)} ${aclName} to be active`, resume: memctlCommand(ctx, `acls describe ${aclName}`), timeoutMs });
  await writeOutput(ctx.io, aclDetailView(acl), ctx.output);
}

export async function update(ctx: Context, name: string, flags: WaitFlags & { add?: string[]; remove?: string[] }): Promise<void> {
  const aclName = validateName(aclNoun(ctx), name);
  protectOpenAccess(ctx, aclName, 'changed');
  const add = userList(flags.add);
  const remove = userList(flags.remove);
  if (add.length === 0 && remove.length === 0) throw new UsageError('nothing to update: give --add USER and/or --remove USER');
  const both = add.find((u) => remove.includes(u));
  if (both !== undefined) throw new UsageError(`user ${both} is both added and removed`);
  const timeoutMs = waitTimeoutMs(ctx, flags.timeout, 30 * 60_000);
  if (remove.length > 0) {
    await confirmDestructive(ctx.io, {
      question: `Remove ${remove.join(', ')} from ${aclNoun(ctx)} ${aclName}? They can no longer log in to its clusters.`,
      action: `to remove users from ${aclNoun(ctx)} ${aclName}`,
      yes: ctx.yes,
    });
  }
  const plane = await ctx.controlPlane();
  let acl = await plane.updateAcl(aclName, { add, remove });
  if (flags.wait === true) acl = await waitForAcl(ctx, plane, aclName, { what: `${aclNoun(ctx)} ${aclName} to be active`, resume: memctlCommand(ctx, `acls describe ${aclName}`), timeoutMs });
  await writeOutput(ctx.io, aclDetailView(acl), ctx.output);
}

export async function remove(ctx: Context, name: string): Promise<void> {
  const aclName = validateName(aclNoun(ctx), name);
  protectOpenAccess(ctx, aclName, 'deleted');
  await confirmDestructive(ctx.io, { question: `Delete ${aclNoun(ctx)} ${aclName}?`, action: `to delete ${aclNoun(ctx)} ${aclName}`, yes: ctx.yes });
  const plane = await ctx.controlPlane();
  const current = await plane.findAcl(aclName);
  if (current === undefined) throw new NotFoundError(`${aclNoun(ctx)} "${aclName}" not found`);
  if (current.clusters.length > 0) {
    throw new ConflictError(`${aclNoun(ctx)} ${aclName} is attached to ${current.clusters.join(', ')}`, { hint: `attach another ${aclNoun(ctx)} first: ${memctlCommand(ctx, `acls attach ${ctx.service === 'memorydb' ? OPEN_ACCESS : '<user-group>'} ${current.clusters[0] ?? ''}`)}` });
  }
  const acl = await plane.deleteAcl(aclName);
  await writeOutput(ctx.io, { data: { name: acl.name, status: acl.status }, blocks: [{ kind: 'fields', fields: [['name', acl.name], ['status', acl.status]] }] }, ctx.output);
}

/** Attach an ACL to a cluster: from then on exactly its users can log in. */
export async function attach(ctx: Context, aclArg: string, clusterArg: string, flags: WaitFlags): Promise<void> {
  const aclName = validateName(aclNoun(ctx), aclArg);
  const clusterName = validateName(clusterNoun(ctx.service), clusterArg);
  const timeoutMs = waitTimeoutMs(ctx, flags.timeout, 30 * 60_000);
  await confirmDestructive(ctx.io, {
    question: `Attach ${aclNoun(ctx)} ${aclName} to ${clusterNoun(ctx.service)} ${clusterName}? Users not in it will be refused.`,
    action: `to attach ${aclNoun(ctx)} ${aclName} to ${clusterName}`,
    yes: ctx.yes,
  });
  const plane = await ctx.controlPlane();
  const cluster = await getCluster(ctx, plane, clusterName);
  if (cluster.acl === aclName) {
    if (!ctx.quiet) ctx.io.stderr.write(`${clusterNoun(ctx.service)} ${clusterName} already uses ${aclNoun(ctx)} ${aclName}; nothing to do\n`);
    await writeOutput(ctx.io, clusterDetailView(cluster), ctx.output);
    return;
  }
  let result = await plane.updateCluster(clusterName, { acl: aclName });
  if (flags.wait === true) {
    result = await waitForAvailable(ctx, plane, clusterName, { what: `${aclNoun(ctx)} ${aclName} to apply to ${clusterName}`, resume: memctlCommand(ctx, `describe ${clusterName}`), timeoutMs });
  }
  await writeOutput(ctx.io, clusterDetailView(result), ctx.output);
}
