#!/usr/bin/env python3
"""Checks every answer of a memctl local control plane against the botocore service models.

Drives MemoryDB (AWS JSON 1.1), ElastiCache (awsQuery XML) and CloudWatch (AWS JSON 1.0 and awsQuery,
each forced by a copy of its model that lists only that protocol) through boto3 over a scenario that
touches what the plane offers (clusters and replication groups of both cluster modes, snapshots,
copies, users, ACLs, user groups, tags, events, catalogs, paging, failovers, changes, errors) and,
before botocore parses each answer, walks the raw body against the operation's output shape:

- unknown: a field (JSON key or XML element) the model does not have there;
- wrong type: a value of another type than the shape says (string, integer, long, double,
  boolean, timestamp, list, map, structure), or not parseable as it;
- bad enum: a string outside the shape's enum;
- error not modelled: an error code the operation does not list (or another HTTP status than
  the model gives it).

Usage: python3 bench/model-conformance.py --endpoint http://127.0.0.1:PORT [--region us-east-1] [--json]
Exit 0 when nothing was found, 1 otherwise.
"""
import argparse
import datetime
import json
import os
import re
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

import boto3
import botocore.exceptions
import botocore.session

parser = argparse.ArgumentParser()
parser.add_argument('--endpoint', required=True)
parser.add_argument('--region', default='us-east-1')
parser.add_argument('--json', action='store_true')
parser.add_argument('--prefix', default='conf')
args = parser.parse_args()

findings = []
checked = {}
# Operations the plane does not offer: it answers them UnknownOperationException (AWS JSON's
# answer to an operation the endpoint lacks), listed apart from the findings.
not_offered = set()


def finding(kind, service, operation, path, detail):
    findings.append({'kind': kind, 'service': service, 'operation': operation, 'path': path, 'detail': detail})


# ---------------------------------------------------------------- JSON (MemoryDB)

def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def walk_json(shape, value, path, ctx):
    t = shape.type_name
    if value is None:
        return
    if t == 'structure':
        if not isinstance(value, dict):
            return finding('wrong type', *ctx, path, f'expected structure, got {type(value).__name__}')
        members = {m.serialization.get('name', name): m for name, m in shape.members.items()}
        for key, item in value.items():
            if key not in members:
                finding('unknown', *ctx, f'{path}.{key}', f'not a member of {shape.name}')
            else:
                walk_json(members[key], item, f'{path}.{key}', ctx)
    elif t == 'list':
        if not isinstance(value, list):
            return finding('wrong type', *ctx, path, f'expected list, got {type(value).__name__}')
        for i, item in enumerate(value):
            walk_json(shape.member, item, f'{path}[{i}]', ctx)
    elif t == 'map':
        if not isinstance(value, dict):
            return finding('wrong type', *ctx, path, f'expected map, got {type(value).__name__}')
        for k, item in value.items():
            walk_json(shape.value, item, f'{path}[{k}]', ctx)
    elif t == 'string':
        if not isinstance(value, str):
            return finding('wrong type', *ctx, path, f'expected string, got {type(value).__name__} {value!r}')
        if shape.enum and value not in shape.enum:
            finding('bad enum', *ctx, path, f'{value!r} not in {shape.name} {shape.enum}')
    elif t in ('integer', 'long'):
        if not is_int(value):
            finding('wrong type', *ctx, path, f'expected {t}, got {type(value).__name__} {value!r}')
    elif t in ('double', 'float'):
        if not (is_int(value) or isinstance(value, float)):
            finding('wrong type', *ctx, path, f'expected {t}, got {type(value).__name__} {value!r}')
    elif t == 'boolean':
        if not isinstance(value, bool):
            finding('wrong type', *ctx, path, f'expected boolean, got {type(value).__name__} {value!r}')
    elif t == 'timestamp':
        # AWS JSON sends epoch seconds.
        if not (is_int(value) or isinstance(value, float)):
            finding('wrong type', *ctx, path, f'expected epoch-seconds timestamp, got {value!r}')
    elif t == 'blob':
        if not isinstance(value, str):
            finding('wrong type', *ctx, path, f'expected base64 blob, got {type(value).__name__}')


# ---------------------------------------------------------------- XML (ElastiCache)

def local(tag):
    return tag.split('}', 1)[-1]


def xml_name(member_name, shape):
    return shape.serialization.get('name', member_name)


def check_scalar(shape, text, path, ctx):
    t = shape.type_name
    text = text or ''
    try:
        if t in ('integer', 'long'):
            int(text)
        elif t in ('double', 'float'):
            float(text)
        elif t == 'boolean':
            if text not in ('true', 'false'):
                raise ValueError(text)
        elif t == 'timestamp':
            datetime.datetime.fromisoformat(text.replace('Z', '+00:00'))
        elif t == 'string':
            if shape.enum and text not in shape.enum:
                finding('bad enum', *ctx, path, f'{text!r} not in {shape.name} {shape.enum}')
    except ValueError:
        finding('wrong type', *ctx, path, f'{text!r} is not a {t}')


def walk_xml(shape, element, path, ctx):
    t = shape.type_name
    children = list(element)
    if t == 'structure':
        # Members by element name; a flattened list's items appear straight in the structure.
        by_name = {}
        for name, m in shape.members.items():
            if m.type_name == 'list' and m.serialization.get('flattened'):
                by_name[xml_name(name, m.member) if 'name' in m.member.serialization else xml_name(name, m)] = ('flat', m)
            else:
                by_name[xml_name(name, m)] = ('member', m)
        for child in children:
            tag = local(child.tag)
            entry = by_name.get(tag)
            if entry is None:
                finding('unknown', *ctx, f'{path}.{tag}', f'not a member of {shape.name}')
            elif entry[0] == 'flat':
                walk_xml(entry[1].member, child, f'{path}.{tag}[]', ctx)
            else:
                walk_xml(entry[1], child, f'{path}.{tag}', ctx)
        if not children and (element.text or '').strip():
            finding('wrong type', *ctx, path, f'expected structure {shape.name}, got text {element.text.strip()[:40]!r}')
    elif t == 'list':
        item_name = shape.member.serialization.get('name', 'member')
        for i, child in enumerate(children):
            if local(child.tag) != item_name:
                finding('unknown', *ctx, f'{path}.{local(child.tag)}', f'list {shape.name} holds <{item_name}> items')
            else:
                walk_xml(shape.member, child, f'{path}[{i}]', ctx)
    elif t == 'map':
        # awsQuery maps: <entry><key>k</key><value>v</value></entry> (flattened maps repeat the entry's name).
        for child in children:
            parts = {local(part.tag): part for part in child}
            if set(parts) != {'key', 'value'}:
                finding('unknown', *ctx, f'{path}.{local(child.tag)}', f'map {shape.name} entries hold <key> and <value>')
                continue
            check_scalar(shape.key, parts['key'].text, f'{path}[key]', ctx)
            walk_xml(shape.value, parts['value'], f'{path}[{parts["key"].text}]', ctx)
    else:
        if children:
            return finding('wrong type', *ctx, path, f'expected {t}, got elements')
        check_scalar(shape, element.text, path, ctx)


# ---------------------------------------------------------------- hooks

def before_parse(service):
    def hook(operation_model, response_dict, **_):
        op = operation_model.name
        ctx = (service, op)
        checked[f'{service}.{op}'] = checked.get(f'{service}.{op}', 0) + 1
        status = response_dict.get('status_code', 0)
        body = response_dict.get('body') or b''
        if status >= 300:
            check_error(operation_model, service, status, body)
            return
        shape = operation_model.output_shape
        if shape is None:
            return
        if service == 'memorydb' or service == 'cloudwatch-json':
            try:
                walk_json(shape, json.loads(body or b'{}'), op, ctx)
            except json.JSONDecodeError as err:
                finding('wrong type', *ctx, op, f'body is not JSON: {err}')
            return
        root = ET.fromstring(body)
        wrapper = shape.serialization.get('resultWrapper')
        for child in root:
            tag = local(child.tag)
            if tag == 'ResponseMetadata':
                continue
            if tag != wrapper:
                finding('unknown', *ctx, f'{op}.{tag}', f'expected <{wrapper}>')
                continue
            walk_xml(shape, child, op, ctx)
    return hook


def check_error(operation_model, service, status, body):
    op = operation_model.name
    code = None
    if service == 'memorydb' or service == 'cloudwatch-json':
        try:
            code = (json.loads(body).get('__type') or '').split('#')[-1]
        except ValueError:
            pass
    else:
        m = re.search(rb'<Code>([^<]+)</Code>', body)
        code = m.group(1).decode() if m else None
    if not code:
        return finding('error not modelled', service, op, op, f'HTTP {status} with no error code')
    if code in ('UnknownOperationException', 'InvalidAction') and status == 400:
        not_offered.add(f'{service}.{op}')
        return
    modelled = {}
    for shape in operation_model.error_shapes:
        modelled[shape.metadata.get('error', {}).get('code', shape.name)] = shape.metadata.get('error', {}).get('httpStatusCode')
        # AWS JSON answers with the shape name (query-compatible clients read the code from a header).
        if service == 'cloudwatch-json':
            modelled[shape.name] = shape.metadata.get('error', {}).get('httpStatusCode')
    # Errors every operation may answer (the service's common errors).
    common = {'InvalidParameterValueException', 'InvalidParameterCombinationException', 'InvalidParameterValue', 'InvalidParameterCombination', 'ServiceLinkedRoleNotFoundFault', 'ThrottlingException', 'ValidationException', 'MissingParameter', 'MissingRequiredParameterException', 'ValidationError'}
    if code not in modelled and code not in common:
        finding('error not modelled', service, op, op, f'{code} (HTTP {status}); the model lists {sorted(modelled)}')
    elif modelled.get(code) is not None and modelled[code] != status:
        finding('error not modelled', service, op, op, f'{code} answered with HTTP {status}; the model says {modelled[code]}')


session = boto3.session.Session(aws_access_key_id='local', aws_secret_access_key='local', region_name=args.region)
mdb = session.client('memorydb', endpoint_url=args.endpoint)
ec = session.client('elasticache', endpoint_url=args.endpoint)
mdb.meta.events.register('before-parse.memorydb.*', before_parse('memorydb'))
ec.meta.events.register('before-parse.elasticache.*', before_parse('elasticache'))

P = args.prefix


def wait(fetch, ok, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = fetch()
        if ok(value):
            return value
        time.sleep(0.3)
    raise TimeoutError('waited too long')


def expect_error(call, **kwargs):
    try:
        call(**kwargs)
    except botocore.exceptions.ClientError:
        return
    finding('no error', 'scenario', getattr(call, '__name__', '?'), '-', f'expected an error for {kwargs}')


def everything(paginated, key, **kwargs):
    """Every page, two items at a time (the paging tokens are answers too)."""
    out = []
    token_key = 'NextToken' if paginated.__self__ is mdb else 'Marker'
    size_key = 'MaxResults' if paginated.__self__ is mdb else 'MaxRecords'
    token = None
    for _ in range(200):
        page = paginated(**kwargs, **{size_key: 20 if paginated.__self__ is ec else 2}, **({token_key: token} if token else {}))
        out.extend(page.get(key, []))
        token = page.get(token_key)
        if not token:
            break
    return out


# ---------------------------------------------------------------- MemoryDB scenario
cl = f'{P}-mdb'
mdb.describe_engine_versions()
everything(mdb.describe_engine_versions, 'EngineVersions')
mdb.describe_parameter_groups()
for call in ('describe_parameters', 'describe_service_updates', 'describe_reserved_nodes', 'describe_reserved_nodes_offerings'):
    if hasattr(mdb, call):
        try:
            getattr(mdb, call)(**({'ParameterGroupName': 'default.memorydb-redis7'} if call == 'describe_parameters' else {}))
        except botocore.exceptions.ClientError:
            pass
mdb.describe_subnet_groups()
mdb.create_subnet_group(SubnetGroupName=f'{P}-subnets', SubnetIds=['subnet-00000000000000001'], Tags=[{'Key': 'k', 'Value': 'v'}])
mdb.describe_subnet_groups(SubnetGroupName=f'{P}-subnets')
mdb.create_user(UserName=f'{P}-user', AccessString='on ~* +@read', AuthenticationMode={'Type': 'password', 'Passwords': ['a-long-conformance-password']})
mdb.create_user(UserName=f'{P}-iam', AccessString='on ~app:* +@all', AuthenticationMode={'Type': 'iam'})
mdb.create_acl(ACLName=f'{P}-acl', UserNames=[f'{P}-user'])
wait(lambda: mdb.describe_acls(ACLName=f'{P}-acl')['ACLs'][0], lambda a: a['Status'] == 'active')
mdb.create_cluster(ClusterName=cl, NodeType='db.t4g.small', ACLName=f'{P}-acl', NumShards=2, NumReplicasPerShard=1, Tags=[{'Key': 'team', 'Value': 'ops'}], SnapshotRetentionLimit=1)
mdb.describe_clusters(ClusterName=cl)
cluster = wait(lambda: mdb.describe_clusters(ClusterName=cl, ShowShardDetails=True)['Clusters'][0], lambda c: c['Status'] == 'available')
everything(mdb.describe_clusters, 'Clusters', ShowShardDetails=True)
mdb.update_acl(ACLName=f'{P}-acl', UserNamesToAdd=[f'{P}-iam'])
mdb.describe_acls()
mdb.describe_acls(ACLName=f'{P}-acl')
wait(lambda: mdb.describe_acls(ACLName=f'{P}-acl')['ACLs'][0], lambda a: a['Status'] == 'active')
mdb.update_user(UserName=f'{P}-user', AccessString='on ~* +@read +@write')
wait(lambda: mdb.describe_users(UserName=f'{P}-user')['Users'][0], lambda u: u['Status'] == 'active')
everything(mdb.describe_users, 'Users')
mdb.describe_users(Filters=[{'Name': 'access-string', 'Values': ['on ~* +@read +@write']}])
mdb.list_tags(ResourceArn=cluster['ARN'])
mdb.tag_resource(ResourceArn=cluster['ARN'], Tags=[{'Key': 'env', 'Value': 'test'}])
mdb.untag_resource(ResourceArn=cluster['ARN'], TagKeys=['env'])
mdb.update_cluster(ClusterName=cl, Description='conformance', SnapshotWindow='03:00-04:00', MaintenanceWindow='sun:05:00-sun:06:00')
wait(lambda: mdb.describe_clusters(ClusterName=cl)['Clusters'][0], lambda c: c['Status'] == 'available')
mdb.update_cluster(ClusterName=cl, ShardConfiguration={'ShardCount': 3})
mdb.describe_clusters(ClusterName=cl, ShowShardDetails=True)
wait(lambda: mdb.describe_clusters(ClusterName=cl)['Clusters'][0], lambda c: c['Status'] == 'available', 240)
shard = mdb.describe_clusters(ClusterName=cl, ShowShardDetails=True)['Clusters'][0]['Shards'][0]['Name']
mdb.failover_shard(ClusterName=cl, ShardName=shard)
wait(lambda: mdb.describe_clusters(ClusterName=cl)['Clusters'][0], lambda c: c['Status'] == 'available')
mdb.create_snapshot(ClusterName=cl, SnapshotName=f'{P}-snap', Tags=[{'Key': 'k', 'Value': 'v'}])
mdb.describe_snapshots(SnapshotName=f'{P}-snap')
wait(lambda: mdb.describe_snapshots(SnapshotName=f'{P}-snap', ShowDetail=True)['Snapshots'][0], lambda s: s['Status'] == 'available')
mdb.copy_snapshot(SourceSnapshotName=f'{P}-snap', TargetSnapshotName=f'{P}-copy')
wait(lambda: mdb.describe_snapshots(SnapshotName=f'{P}-copy')['Snapshots'][0], lambda s: s['Status'] == 'available')
everything(mdb.describe_snapshots, 'Snapshots', ShowDetail=True)
mdb.describe_snapshots(Source='user')
mdb.create_cluster(ClusterName=f'{cl}-r', NodeType='db.t4g.small', ACLName='open-access', SnapshotName=f'{P}-snap', TLSEnabled=False)
wait(lambda: mdb.describe_clusters(ClusterName=f'{cl}-r', ShowShardDetails=True)['Clusters'][0], lambda c: c['Status'] == 'available')
for source in ('cluster', 'node', 'user', 'acl', 'subnet-group', None):
    everything(mdb.describe_events, 'Events', Duration=60, **({'SourceType': source} if source else {}))
for call, kwargs in (
    (mdb.describe_clusters, {'ClusterName': 'ghost'}),
    (mdb.describe_snapshots, {'SnapshotName': 'ghost'}),
    (mdb.describe_users, {'UserName': 'ghost'}),
    (mdb.describe_acls, {'ACLName': 'ghost'}),
    (mdb.describe_subnet_groups, {'SubnetGroupName': 'ghost'}),
    (mdb.create_cluster, {'ClusterName': cl, 'NodeType': 'db.t4g.small', 'ACLName': 'open-access'}),
    (mdb.create_cluster, {'ClusterName': f'{P}-bad', 'NodeType': 'db.nope', 'ACLName': 'open-access'}),
    (mdb.update_cluster, {'ClusterName': cl, 'EngineVersion': '6.2'}),
    (mdb.update_cluster, {'ClusterName': cl, 'SnapshotWindow': '25:00-26:00'}),
    (mdb.delete_acl, {'ACLName': f'{P}-acl'}),
    (mdb.failover_shard, {'ClusterName': cl, 'ShardName': '9999'}),
    (mdb.delete_snapshot, {'SnapshotName': 'ghost'}),
    (mdb.delete_user, {'UserName': 'default'}),
):
    expect_error(call, **kwargs)
mdb.delete_cluster(ClusterName=f'{cl}-r')
mdb.delete_cluster(ClusterName=cl, FinalSnapshotName=f'{P}-final')
wait(lambda: [c for c in mdb.describe_clusters()['Clusters'] if c['Name'] in (cl, f'{cl}-r')], lambda left: not left, 240)
for snap in (f'{P}-snap', f'{P}-copy', f'{P}-final'):
    wait(lambda: mdb.describe_snapshots(SnapshotName=snap)['Snapshots'][0], lambda s: s['Status'] == 'available')
    mdb.delete_snapshot(SnapshotName=snap)
mdb.delete_acl(ACLName=f'{P}-acl')
wait(lambda: [a for a in mdb.describe_acls()['ACLs'] if a['Name'] == f'{P}-acl'], lambda left: not left)
mdb.delete_user(UserName=f'{P}-user')
mdb.delete_user(UserName=f'{P}-iam')
mdb.delete_subnet_group(SubnetGroupName=f'{P}-subnets')

# ---------------------------------------------------------------- ElastiCache scenario
ec.describe_cache_engine_versions()
everything(ec.describe_cache_engine_versions, 'CacheEngineVersions')
everything(ec.describe_cache_parameter_groups, 'CacheParameterGroups')
ec.describe_cache_subnet_groups()
ec.create_user(UserId=f'{P}-ecuser', UserName=f'{P}-ecuser', Engine='redis', AccessString='on ~* +@all', Passwords=['a-long-conformance-password'])
ec.create_user(UserId=f'{P}-ecdefault', UserName='default', Engine='redis', AccessString='on ~* +@all', NoPasswordRequired=True)
ec.create_user_group(UserGroupId=f'{P}-group', Engine='redis', UserIds=[f'{P}-ecdefault', f'{P}-ecuser'])
wait(lambda: ec.describe_user_groups(UserGroupId=f'{P}-group')['UserGroups'][0], lambda g: g['Status'] == 'active')
cme, cmd = f'{P}-cme', f'{P}-cmd'
ec.create_replication_group(ReplicationGroupId=cme, ReplicationGroupDescription='cluster mode enabled', CacheNodeType='cache.t4g.micro', Engine='redis', NumNodeGroups=2, ReplicasPerNodeGroup=1, TransitEncryptionEnabled=True, UserGroupIds=[f'{P}-group'], Tags=[{'Key': 'team', 'Value': 'ops'}])
ec.create_replication_group(ReplicationGroupId=cmd, ReplicationGroupDescription='cluster mode disabled', CacheNodeType='cache.t4g.micro', Engine='valkey', NumCacheClusters=2, AutomaticFailoverEnabled=True, SnapshotRetentionLimit=1)
ec.describe_replication_groups(ReplicationGroupId=cme)
for gid in (cme, cmd):
    wait(lambda: ec.describe_replication_groups(ReplicationGroupId=gid)['ReplicationGroups'][0], lambda g: g['Status'] == 'available')
everything(ec.describe_replication_groups, 'ReplicationGroups')
everything(ec.describe_cache_clusters, 'CacheClusters', ShowCacheNodeInfo=True)
ec.describe_users()
ec.describe_users(UserId=f'{P}-ecuser')
ec.describe_user_groups()
ec.modify_user(UserId=f'{P}-ecuser', AppendAccessString='-flushall')
ec.modify_user_group(UserGroupId=f'{P}-group', UserIdsToRemove=[f'{P}-ecuser'])
wait(lambda: ec.describe_user_groups(UserGroupId=f'{P}-group')['UserGroups'][0], lambda g: g['Status'] == 'active')
group_arn = ec.describe_replication_groups(ReplicationGroupId=cme)['ReplicationGroups'][0]['ARN']
ec.list_tags_for_resource(ResourceName=group_arn)
ec.add_tags_to_resource(ResourceName=group_arn, Tags=[{'Key': 'env', 'Value': 'test'}])
ec.remove_tags_from_resource(ResourceName=group_arn, TagKeys=['env'])
ec.modify_replication_group(ReplicationGroupId=cmd, ReplicationGroupDescription='changed', SnapshotWindow='03:00-04:00', ApplyImmediately=True)
wait(lambda: ec.describe_replication_groups(ReplicationGroupId=cmd)['ReplicationGroups'][0], lambda g: g['Status'] == 'available')
ec.increase_replica_count(ReplicationGroupId=cmd, NewReplicaCount=2, ApplyImmediately=True)
wait(lambda: ec.describe_replication_groups(ReplicationGroupId=cmd)['ReplicationGroups'][0], lambda g: g['Status'] == 'available')
ec.decrease_replica_count(ReplicationGroupId=cmd, NewReplicaCount=1, ApplyImmediately=True)
wait(lambda: ec.describe_replication_groups(ReplicationGroupId=cmd)['ReplicationGroups'][0], lambda g: g['Status'] == 'available')
ec.modify_replication_group_shard_configuration(ReplicationGroupId=cme, NodeGroupCount=3, ApplyImmediately=True)
ec.describe_replication_groups(ReplicationGroupId=cme)
wait(lambda: ec.describe_replication_groups(ReplicationGroupId=cme)['ReplicationGroups'][0], lambda g: g['Status'] == 'available', 240)
ec.test_failover(ReplicationGroupId=cme, NodeGroupId='0001')
wait(lambda: ec.describe_replication_groups(ReplicationGroupId=cme)['ReplicationGroups'][0], lambda g: g['Status'] == 'available')
ec.create_snapshot(ReplicationGroupId=cme, SnapshotName=f'{P}-ecsnap')
wait(lambda: ec.describe_snapshots(SnapshotName=f'{P}-ecsnap', ShowNodeGroupConfig=True)['Snapshots'][0], lambda s: s['SnapshotStatus'] == 'available')
member = ec.describe_replication_groups(ReplicationGroupId=cmd)['ReplicationGroups'][0]['MemberClusters'][0]
ec.create_snapshot(CacheClusterId=member, SnapshotName=f'{P}-ecsnap2')
wait(lambda: ec.describe_snapshots(SnapshotName=f'{P}-ecsnap2')['Snapshots'][0], lambda s: s['SnapshotStatus'] == 'available')
ec.copy_snapshot(SourceSnapshotName=f'{P}-ecsnap', TargetSnapshotName=f'{P}-eccopy')
wait(lambda: ec.describe_snapshots(SnapshotName=f'{P}-eccopy')['Snapshots'][0], lambda s: s['SnapshotStatus'] == 'available')
everything(ec.describe_snapshots, 'Snapshots', ShowNodeGroupConfig=True)
ec.describe_snapshots(SnapshotSource='user')
ec.create_replication_group(ReplicationGroupId=f'{P}-rest', ReplicationGroupDescription='restored', CacheNodeType='cache.t4g.micro', Engine='redis', SnapshotName=f'{P}-ecsnap', NumNodeGroups=3, ReplicasPerNodeGroup=0, ClusterMode='enabled')
wait(lambda: ec.describe_replication_groups(ReplicationGroupId=f'{P}-rest')['ReplicationGroups'][0], lambda g: g['Status'] == 'available')
for source in ('replication-group', 'cache-cluster', 'user', 'user-group', None):
    everything(ec.describe_events, 'Events', Duration=60, **({'SourceType': source} if source else {}))
for call, kwargs in (
    (ec.describe_replication_groups, {'ReplicationGroupId': 'ghost'}),
    (ec.describe_cache_clusters, {'CacheClusterId': 'ghost'}),
    (ec.describe_snapshots, {'SnapshotName': 'ghost'}),
    (ec.describe_users, {'UserId': 'ghost'}),
    (ec.describe_user_groups, {'UserGroupId': 'ghost'}),
    (ec.create_replication_group, {'ReplicationGroupId': cme, 'ReplicationGroupDescription': 'again', 'CacheNodeType': 'cache.t4g.micro', 'Engine': 'redis'}),
    (ec.create_replication_group, {'ReplicationGroupId': f'{P}-bad', 'ReplicationGroupDescription': 'bad', 'CacheNodeType': 'cache.nope', 'Engine': 'redis'}),
    (ec.test_failover, {'ReplicationGroupId': cme, 'NodeGroupId': '0099'}),
    (ec.modify_replication_group, {'ReplicationGroupId': cme, 'EngineVersion': '6.2', 'ApplyImmediately': True}),
    (ec.delete_user_group, {'UserGroupId': f'{P}-group'}),
    (ec.delete_cache_subnet_group, {'CacheSubnetGroupName': 'default'}),
):
    expect_error(call, **kwargs)
for gid in (cme, cmd, f'{P}-rest'):
    ec.delete_replication_group(ReplicationGroupId=gid)
wait(lambda: [g for g in ec.describe_replication_groups()['ReplicationGroups'] if g['ReplicationGroupId'] in (cme, cmd, f'{P}-rest')], lambda left: not left, 240)
for snap in (f'{P}-ecsnap', f'{P}-ecsnap2', f'{P}-eccopy'):
    ec.delete_snapshot(SnapshotName=snap)
ec.delete_user_group(UserGroupId=f'{P}-group')
wait(lambda: [g for g in ec.describe_user_groups()['UserGroups'] if g['UserGroupId'] == f'{P}-group'], lambda left: not left)
ec.delete_user(UserId=f'{P}-ecuser')
ec.delete_user(UserId=f'{P}-ecdefault')

# ---------------------------------------------------------------- CloudWatch scenario, per protocol
def cloudwatch_client(protocol):
    """A CloudWatch client that speaks `protocol`: a copy of the model listing only it."""
    base = botocore.session.get_session().get_component('data_loader').load_service_model('cloudwatch', 'service-2')
    base['metadata']['protocols'] = [protocol]
    base['metadata']['protocol'] = protocol
    root = tempfile.mkdtemp(prefix='memctl-cw-model-')
    path = os.path.join(root, 'cloudwatch', '2010-08-01')
    os.makedirs(path)
    with open(os.path.join(path, 'service-2.json'), 'w') as f:
        json.dump(base, f)
    s = botocore.session.Session()
    s.set_config_variable('data_path', root)
    client = s.create_client('cloudwatch', endpoint_url=args.endpoint, region_name=args.region, aws_access_key_id='local', aws_secret_access_key='local')
    name = 'cloudwatch-json' if protocol == 'json' else 'cloudwatch-query'
    client.meta.events.register('before-parse.cloudwatch.*', before_parse(name))
    return client


cw_cluster = f'{P}-cw'
mdb.create_cluster(ClusterName=cw_cluster, NodeType='db.t4g.small', ACLName='open-access', NumShards=1, NumReplicasPerShard=1)
cw_nodes = [n['Name'] for n in wait(lambda: mdb.describe_clusters(ClusterName=cw_cluster, ShowShardDetails=True)['Clusters'][0], lambda c: c['Status'] == 'available')['Shards'][0]['Nodes']]
time.sleep(3)
for protocol in ('json', 'query'):
    cw = cloudwatch_client(protocol)
    now = datetime.datetime.now(datetime.timezone.utc)
    dims = [{'Name': 'ClusterName', 'Value': cw_cluster}, {'Name': 'NodeName', 'Value': cw_nodes[0]}]
    metrics = cw.list_metrics(Namespace='AWS/MemoryDB')['Metrics']
    cw.list_metrics(Namespace='AWS/MemoryDB', Dimensions=[{'Name': 'NodeName', 'Value': cw_nodes[1]}], RecentlyActive='PT3H')
    queries = [{'Id': f'q{i}', 'MetricStat': {'Metric': m, 'Period': 1, 'Stat': 'Average'}} for i, m in enumerate(metrics[:40])]
    cw.get_metric_data(MetricDataQueries=queries, StartTime=now - datetime.timedelta(minutes=5), EndTime=now)
    page = cw.get_metric_data(MetricDataQueries=queries, StartTime=now - datetime.timedelta(minutes=5), EndTime=now, MaxDatapoints=5, ScanBy='TimestampAscending')
    cw.get_metric_data(MetricDataQueries=queries, StartTime=now - datetime.timedelta(minutes=5), EndTime=now, MaxDatapoints=5, NextToken=page['NextToken'])
    cw.get_metric_statistics(Namespace='AWS/MemoryDB', MetricName='CurrConnections', Dimensions=dims, StartTime=now - datetime.timedelta(minutes=5), EndTime=now, Period=1, Statistics=['Average', 'Maximum', 'Minimum', 'Sum', 'SampleCount'], ExtendedStatistics=['p99', 'p50'])
    alarm = f'{P}-{protocol}-alarm'
    cw.put_metric_alarm(AlarmName=alarm, Namespace='AWS/MemoryDB', MetricName='CurrConnections', Dimensions=dims, Statistic='Maximum', Period=10, EvaluationPeriods=2, DatapointsToAlarm=1, Threshold=1000, ComparisonOperator='GreaterThanOrEqualToThreshold', TreatMissingData='notBreaching', AlarmActions=['arn:aws:sns:us-east-1:000000000000:conformance'], OKActions=['arn:aws:sns:us-east-1:000000000000:conformance'], Tags=[{'Key': 'k', 'Value': 'v'}])
    cw.put_metric_alarm(AlarmName=alarm + '-p', Namespace='AWS/MemoryDB', MetricName='EngineCPUUtilization', Dimensions=dims, ExtendedStatistic='p99', Period=10, EvaluationPeriods=1, Threshold=0, ComparisonOperator='GreaterThanOrEqualToThreshold')
    cw.describe_alarms()
    cw.describe_alarms(AlarmNames=[alarm], MaxRecords=1)
    cw.describe_alarms(AlarmNamePrefix=P, StateValue='INSUFFICIENT_DATA')
    cw.describe_alarms_for_metric(Namespace='AWS/MemoryDB', MetricName='CurrConnections', Dimensions=dims)
    cw.set_alarm_state(AlarmName=alarm, StateValue='ALARM', StateReason='conformance', StateReasonData='{"a": 1}')
    cw.disable_alarm_actions(AlarmNames=[alarm])
    cw.enable_alarm_actions(AlarmNames=[alarm])
    wait(lambda: cw.describe_alarms(AlarmNames=[alarm + '-p'])['MetricAlarms'][0], lambda a: a['StateValue'] != 'INSUFFICIENT_DATA', 60)
    cw.describe_alarms(AlarmNames=[alarm, alarm + '-p'])
    cw.describe_alarm_history(AlarmName=alarm)
    cw.describe_alarm_history(HistoryItemType='StateUpdate', ScanBy='TimestampAscending', MaxRecords=2)
    arn = cw.describe_alarms(AlarmNames=[alarm])['MetricAlarms'][0]['AlarmArn']
    cw.tag_resource(ResourceARN=arn, Tags=[{'Key': 'env', 'Value': 'test'}])
    cw.list_tags_for_resource(ResourceARN=arn)
    cw.untag_resource(ResourceARN=arn, TagKeys=['env'])
    for call, kwargs in (
        (cw.get_metric_statistics, {'Namespace': 'AWS/MemoryDB', 'MetricName': 'CurrItems', 'StartTime': now - datetime.timedelta(minutes=5), 'EndTime': now, 'Period': 7, 'Statistics': ['Average']}),
        (cw.get_metric_statistics, {'Namespace': 'AWS/MemoryDB', 'MetricName': 'CurrItems', 'StartTime': now - datetime.timedelta(days=5), 'EndTime': now, 'Period': 60, 'Statistics': ['Average']}),
        (cw.get_metric_data, {'MetricDataQueries': queries[:1], 'StartTime': now - datetime.timedelta(minutes=5), 'EndTime': now, 'NextToken': 'garbage'}),
        (cw.describe_alarms, {'NextToken': 'garbage'}),
        (cw.delete_alarms, {'AlarmNames': [alarm, 'ghost']}),
        (cw.set_alarm_state, {'AlarmName': 'ghost', 'StateValue': 'OK', 'StateReason': 'x'}),
        (cw.set_alarm_state, {'AlarmName': alarm, 'StateValue': 'OK', 'StateReason': 'x', 'StateReasonData': '{bad'}),
        (cw.list_tags_for_resource, {'ResourceARN': arn + '-ghost'}),
        (cw.put_metric_alarm, {'AlarmName': 'bad', 'Namespace': 'AWS/MemoryDB', 'MetricName': 'CurrItems', 'Period': 60, 'EvaluationPeriods': 1, 'Threshold': 1, 'ComparisonOperator': 'GreaterThanThreshold'}),
    ):
        expect_error(call, **kwargs)
    cw.delete_alarms(AlarmNames=[alarm, alarm + '-p'])
mdb.delete_cluster(ClusterName=cw_cluster)
wait(lambda: [c for c in mdb.describe_clusters()['Clusters'] if c['Name'] == cw_cluster], lambda left: not left, 120)

result = {
    'operations': len(checked),
    'answers': sum(checked.values()),
    'unknown': sum(1 for f in findings if f['kind'] == 'unknown'),
    'wrongType': sum(1 for f in findings if f['kind'] == 'wrong type'),
    'badEnum': sum(1 for f in findings if f['kind'] == 'bad enum'),
    'errorsNotModelled': sum(1 for f in findings if f['kind'] == 'error not modelled'),
    'noError': sum(1 for f in findings if f['kind'] == 'no error'),
    'notOffered': sorted(not_offered),
    'findings': findings,
    'checked': checked,
}
if args.json:
    print(json.dumps(result, indent=2))
else:
    print(f"{result['answers']} answers of {result['operations']} operations checked: {result['unknown']} unknown field(s), {result['wrongType']} wrong-typed, {result['badEnum']} bad enum value(s), {result['errorsNotModelled']} error(s) not in the model, {result['noError']} expected error(s) missing")
    if not_offered:
        print(f"  not offered by this endpoint: {', '.join(sorted(not_offered))}")
    for f in findings[:50]:
        print(f"  {f['kind']}: {f['service']} {f['operation']} {f['path']}: {f['detail']}")
sys.exit(1 if findings else 0)
