// @ts-nocheck
// ElastiCache users and user groups (the model's ACLs) for the ElastiCache adapter. memctl creates
// users with user id = user name, as IAM authentication requires; every user group holds a user
// named `default`, which createAcl adds when none of the members is one.
import {
  CreateUserCommand,
  CreateUserGroupCommand,
  DeleteUserCommand,
  DeleteUserGroupCommand,
  DescribeUserGroupsCommand,
  DescribeUsersCommand,
  ModifyUserCommand,
  ModifyUserGroupCommand,
  type AuthenticationMode,
  type ElastiCacheClient,
} from '@aws-sdk/client-elasticache';
import { aclFromElastiCache, userFromElastiCache } from './elasticache-shapes.js';
import type { Acl, Tag, User, UserAuthentication, UserChange, UserSpec } from './model.js';
import type { ServiceCalls } from './service-calls.js';

/** The user every user group must hold (by user name). */
export const DEFAULT_USER = 'default';

export const sdkTags = (tags: Tag[] | undefined) => (tags === undefined || tags.length === 0 ? undefined : tags.map((t) => ({ Key: t.key, Value: t.value })));
export const nonEmpty = (list: string[] | undefined) => (list === undefined || list.length === 0 ? undefined : list);

export class ElastiCacheAccess {
  constructor(
    private readonly client: ElastiCacheClient,
    private readonly calls: ServiceCalls,
    private readonly pageSize?: number,
  ) {}

  async listUsers(): Promise<User[]> {
    const pages = await this.paginate('listing users', (Marker) => this.client.send(new DescribeUsersCommand({ Marker, MaxRecords: this.pageSize })));
    return pages.flatMap((p) => (p.Users ?? []).map(userFromElastiCache));
  }

  async findUser(name: string): Promise<User | undefined> {
    const found = await this.calls.find(`describing user ${name}`, 'UserNotFoundFault', async () => (await this.client.send(new DescribeUsersCommand({ UserId: name }))).Users?.[0]);
    return found === undefined ? undefined : userFromElastiCache(found);
  }

  async createUser(spec: UserSpec): Promise<User> {
    const out = await this.call(`creating user ${spec.name}`, () =>
      this.client.send(
        new CreateUserCommand({
          UserId: spec.name,
          UserName: spec.userName ?? spec.name,
          Engine: spec.engine ?? 'redis',
          AccessString: spec.accessString,
          AuthenticationMode: authenticationMode(spec.authentication),
          Tags: sdkTags(spec.tags),
        }),
      ),
    );
    // CreateUser answers with the user's fields directly.
    return userFromElastiCache(out);
  }

  async updateUser(name: string, change: UserChange): Promise<User> {
    const out = await this.call(`updating user ${name}`, () =>
      this.client.send(
        new ModifyUserCommand({
          UserId: name,
          AccessString: change.accessString,
          AuthenticationMode: change.authentication === undefined ? undefined : authenticationMode(change.authentication),
        }),
      ),
    );
    return userFromElastiCache(out);
  }

  async deleteUser(name: string): Promise<User> {
    const out = await this.call(`deleting user ${name}`, () => this.client.send(new DeleteUserCommand({ UserId: name })));
    return userFromElastiCache(out);
  }

  // ---- user groups (the model's ACLs)

  async listAcls(): Promise<Acl[]> {
    const pages = await this.paginate('listing user groups', (Marker) => this.client.send(new DescribeUserGroupsCommand({ Marker, MaxRecords: this.pageSize })));
    return pages.flatMap((p) => (p.UserGroups ?? []).map(aclFromElastiCache));
  }

  async findAcl(name: string): Promise<Acl | undefined> {
    const found = await this.calls.find(`describing user group ${name}`, 'UserGroupNotFoundFault', async () =>
      (await this.client.send(new DescribeUserGroupsCommand({ UserGroupId: name }))).UserGroups?.[0],
    );
    return found === undefined ? undefined : aclFromElastiCache(found);
  }

  async createAcl(name: string, users: string[], tags: Tag[] = [], options: { engine?: string } = {}): Promise<Acl> {
    const members = (await this.hasDefaultUser(users)) ? users : [DEFAULT_USER, ...users];
    const out = await this.call(`creating user group ${name}`, () =>
      this.client.send(new CreateUserGroupCommand({ UserGroupId: name, Engine: options.engine ?? 'redis', UserIds: members, Tags: sdkTags(tags) })),
    );
    return aclFromElastiCache(out);
  }

  /** Is one of these user ids a user named `default` (the built-in one, or a replacement)? */
  private async hasDefaultUser(userIds: string[]): Promise<boolean> {
    if (userIds.includes(DEFAULT_USER)) return true;
    const users = await Promise.all(userIds.map((id) => this.findUser(id)));
    return users.some((u) => u !== undefined && (u.userName ?? u.name) === DEFAULT_USER);
  }

  async updateAcl(name: string, change: { add?: string[]; remove?: string[] }): Promise<Acl> {
    const out = await this.call(`updating user group ${name}`, () =>
      this.client.send(new ModifyUserGroupCommand({ UserGroupId: name, UserIdsToAdd: nonEmpty(change.add), UserIdsToRemove: nonEmpty(change.remove) })),
    );
    return aclFromElastiCache(out);
  }

  async deleteAcl(name: string): Promise<Acl> {
    const out = await this.call(`deleting user group ${name}`, () => this.client.send(new DeleteUserGroupCommand({ UserGroupId: name })));
    return aclFromElastiCache(out);
  }

  private paginate<T extends { Marker?: string }>(action: string, page: (marker: string | undefined) => Promise<T>): Promise<T[]> {
    return this.calls.pages(action, page, (p) => p.Marker);
  }

  private call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    return this.calls.call(action, fn);
  }
}

function authenticationMode(auth: UserAuthentication): AuthenticationMode {
  return auth.type === 'iam' ? { Type: 'iam' } : { Type: 'password', Passwords: auth.passwords };
}
