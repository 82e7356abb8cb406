// @ts-nocheck
// Tags on ElastiCache resources (by ARN, colon form): AddTagsToResource, RemoveTagsFromResource,
// ListTagsForResource. Each answers the resource's whole tag list.
import { ApiError } from '../shared/errors.js';
import { DEFAULT_USER } from '../../store/account.js';
import { qRequiredStr, qStrList, qTags, xmlList, type QueryStruct } from '../shared/query-input.js';
import type { LocalState, LocalTag } from '../../store/state.js';
import { cacheParameterGroupOrFault, checkCacheSubnetGroup } from './catalog.js';
import { invalidParameterValue, notFound } from './common.js';
import { faults, groupOrFault, memberOrFault } from './groups.js';
import type { ApiDeps, QueryOperation } from '../shared/operation.js';

export const MAX_TAGS = 50;

/** Merges tags into a resource's list (same key: new value), within the per-resource quota. */
export function addTags(state: LocalState, arn: string, tags: LocalTag[]): void {
  const merged = new Map((state.tags[arn] ?? []).map((t) => [t.Key, t.Value]));
  for (const t of tags) merged.set(t.Key, t.Value);
  if (merged.size > MAX_TAGS) throw faults.tagQuota(MAX_TAGS);
  state.tags[arn] = [...merged].map(([Key, Value]) => ({ Key, Value }));
}

/** Throws the resource's not-found fault unless the ARN names a resource of this control plane. */
function checkResource(state: LocalState, arn: string): void {
  const match = /^arn:aws[a-z-]*:elasticache:([a-z0-9-]+):(\d{12}):([a-z-]+):(.+)$/.exec(arn);
  if (match === null) throw new ApiError('InvalidARN', `${arn} is not a valid ElastiCache ARN.`);
  const [, , , kind, name] = match as unknown as [string, string, string, string, string];
  switch (kind) {
    case 'replicationgroup':
      if (groupOrFault(state, name, match[1] as string).arn !== arn) throw faults.groupNotFound(name);
      return;
    case 'cluster':
      memberOrFault(state, name, match[1] as string);
      return;
    case 'snapshot': {
      const snapshot = state.snapshots[name];
      if (snapshot?.service !== 'elasticache' || snapshot.arn !== arn) throw faults.snapshotNotFound(name);
      return;
    }
    case 'user':
      if (name !== DEFAULT_USER && state.ecUsers[name]?.arn !== arn) throw notFound('UserNotFound', `User ${name} not found.`);
      return;
    case 'usergroup':
      if (state.userGroups[name]?.arn !== arn) throw notFound('UserGroupNotFound', `User group ${name} not found.`);
      return;
    case 'parametergroup':
      cacheParameterGroupOrFault(name);
      return;
    case 'subnetgroup':
      checkCacheSubnetGroup(name);
      return;
    default:
      throw new ApiError('InvalidARN', `${arn}: the memctl local control plane has no ${kind} resources.`);
  }
}

function tagList(state: LocalState, arn: string): Record<string, unknown> {
  return { TagList: xmlList('Tag', state.tags[arn] ?? []) };
}

export function tagOperations(deps: ApiDeps): Record<string, QueryOperation> {
  const { store } = deps;
  const state = store.state;
  const resource = (params: QueryStruct): string => {
    const arn = qRequiredStr(params, 'ResourceName');
    checkResource(state, arn);
    return arn;
  };
  return {
    async ListTagsForResource(params) {
      return tagList(state, resource(params));
    },

    async AddTagsToResource(params) {
      const tags = qTags(params) ?? [];
      if (tags.length === 0) throw invalidParameterValue('Tags must hold at least one tag.');
      const arn = resource(params);
      addTags(state, arn, tags);
      store.save();
      return tagList(state, arn);
    },

    async RemoveTagsFromResource(params) {
      const keys = qStrList(params, 'TagKeys') ?? [];
      if (keys.length === 0) throw invalidParameterValue('TagKeys must name at least one key.');
      const arn = resource(params);
      const current = state.tags[arn] ?? [];
      const missing = keys.find((k) => !current.some((t) => t.Key === k));
      if (missing !== undefined) throw notFound('TagNotFound', `Tag ${missing} not found on ${arn}.`);
      state.tags[arn] = current.filter((t) => !keys.includes(t.Key));
      store.save();
      return tagList(state, arn);
    },
  };
}
