// The awsQuery codec of the local control plane (ElastiCache): form bodies decoded into a tree
// whatever a list's member name is, typed readers answering the service's error code, and XML
// responses and errors as the SDKs parse them.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/lib/local/api/shared/errors.js';
import { decodeQueryBody, encodeXmlValue, escapeXml, queryErrorBody, queryResponse } from '../../src/lib/local/http/query-protocol.js';
import { isoTime, qBool, qInt, qRequiredStr, qStr, qStrList, qStruct, qStructList, qTags, xmlList, type QueryStruct } from '../../src/lib/local/api/shared/query-input.js';

function form(pairs: Array<[string, string]>): string {
  return new URLSearchParams(pairs).toString();
}

function params(pairs: Array<[string, string]>): QueryStruct {
  return decodeQueryBody(form([['Action', 'Test'], ['Version', '2015-02-02'], ...pairs])).params;
}

function code(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    return err instanceof ApiError ? `${err.code} ${err.status}` : `not an ApiError: ${String(err)}`;
  }
  return 'no error';
}

describe('decoding requests', () => {
  it('reads Action and Version apart from the parameters, and decodes form escapes', () => {
    const request = decodeQueryBody('Action=CreateReplicationGroup&Version=2015-02-02&ReplicationGroupDescription=a+b%26c%3Dd&Port=6379');
    expect(request.action).toBe('CreateReplicationGroup');
    expect(request.version).toBe('2015-02-02');
    expect(request.params).toEqual({ ReplicationGroupDescription: 'a b&c=d', Port: '6379' });
  });

  it('reads lists whatever their member name, in index order', () => {
    const p = params([
      ['SecurityGroupIds.SecurityGroupId.2', 'sg-2'],
      ['SecurityGroupIds.SecurityGroupId.1', 'sg-1'],
      ['UserGroupIds.member.1', 'ug'],
      ['SnapshotArns.SnapshotArn.10', 'ten'],
      ['SnapshotArns.SnapshotArn.9', 'nine'],
    ]);
    expect(qStrList(p, 'SecurityGroupIds')).toEqual(['sg-1', 'sg-2']);
    expect(qStrList(p, 'UserGroupIds')).toEqual(['ug']);
    // Numeric order, not string order.
    expect(qStrList(p, 'SnapshotArns')).toEqual(['nine', 'ten']);
  });

  it('reads the short form Prefix.N as a list too', () => {
    expect(qStrList(params([['TagKeys.2', 'b'], ['TagKeys.1', 'a']]), 'TagKeys')).toEqual(['a', 'b']);
  });

  it('reads lists of structures with lists nested inside them', () => {
    const p = params([
      ['NodeGroupConfiguration.NodeGroupConfiguration.1.Slots', '0-8191'],
      ['NodeGroupConfiguration.NodeGroupConfiguration.1.ReplicaAvailabilityZones.AvailabilityZone.1', 'us-east-1a'],
      ['NodeGroupConfiguration.NodeGroupConfiguration.1.ReplicaAvailabilityZones.AvailabilityZone.2', 'us-east-1b'],
      ['NodeGroupConfiguration.NodeGroupConfiguration.2.Slots', '8192-16383'],
      ['NodeGroupConfiguration.NodeGroupConfiguration.2.ReplicaCount', '2'],
      ['AuthenticationMode.Type', 'password'],
      ['AuthenticationMode.Passwords.member.1', 'p1'],
    ]);
    const groups = qStructList(p, 'NodeGroupConfiguration') ?? [];
    expect(groups).toEqual([
      { Slots: '0-8191', ReplicaAvailabilityZones: ['us-east-1a', 'us-east-1b'] },
      { Slots: '8192-16383', ReplicaCount: '2' },
    ]);
    expect(qInt(groups[1] as QueryStruct, 'ReplicaCount')).toBe(2);
    const mode = qStruct(p, 'AuthenticationMode') as QueryStruct;
    expect(qStr(mode, 'Type')).toBe('password');
    expect(qStrList(mode, 'Passwords')).toEqual(['p1']);
  });

  it('reads tags, with an empty value allowed and a key required', () => {
    const p = params([
      ['Tags.Tag.1.Key', 'team'],
      ['Tags.Tag.1.Value', 'a&b'],
      ['Tags.Tag.2.Key', 'empty'],
    ]);
    expect(qTags(p)).toEqual([
      { Key: 'team', Value: 'a&b' },
      { Key: 'empty', Value: '' },
    ]);
    expect(code(() => qTags(params([['Tags.Tag.1.Value', 'v']])))).toBe('InvalidParameterValue 400');
  });

  it('reads an empty list sent as Key=', () => {
    const p = params([
      ['SecurityGroupIds', ''],
      ['NodeGroupsToRemove', ''],
    ]);
    expect(qStrList(p, 'SecurityGroupIds')).toEqual([]);
    expect(qStructList(p, 'NodeGroupsToRemove')).toEqual([]);
    expect(qStrList(p, 'Absent')).toBeUndefined();
  });

  it('refuses malformed parameter names with InvalidParameterValue', () => {
    expect(code(() => params([['Tags..Key', 'x']]))).toBe('InvalidParameterValue 400');
    expect(code(() => params([['Tags.Tag.0.Key', 'x']]))).toBe('InvalidParameterValue 400');
    expect(code(() => params([['Tags.Tag.10001.Key', 'x']]))).toBe('InvalidParameterValue 400');
    expect(code(() => params([['.Key', 'x']]))).toBe('InvalidParameterValue 400');
    // One name cannot be both a value and a structure.
    expect(code(() => params([['Port', '1'], ['Port.Sub', '2']]))).toBe('InvalidParameterValue 400');
    expect(code(() => params([['Port.Sub', '2'], ['Port', '1']]))).toBe('InvalidParameterValue 400');
    expect(code(() => decodeQueryBody('Version=2015-02-02'))).toBe('MissingAction 400');
    expect(code(() => decodeQueryBody('Action='))).toBe('MissingAction 400');
  });

  it('says what is wrong with a request in the error message', () => {
    const failure = (run: () => unknown): string => {
      try {
        run();
      } catch (err) {
        return `${(err as ApiError).code}: ${(err as Error).message}`;
      }
      return 'no error';
    };
    expect(failure(() => decodeQueryBody('Version=2015-02-02'))).toBe('MissingAction: the request has no Action');
    expect(failure(() => params([['Tags.Tag.0.Key', 'x']]))).toBe('InvalidParameterValue: malformed parameter name Tags.Tag.0.Key');
    expect(failure(() => params([['Port', '1'], ['Port.Sub', '2']]))).toBe('InvalidParameterValue: parameter Port.Sub conflicts with another');
    expect(failure(() => params([['Port.Sub', '2'], ['Port', '1']]))).toBe('InvalidParameterValue: parameter Port conflicts with another');
  });

  it('takes indexes up to 10000, and only digits as an index', () => {
    expect(qStrList(params([['TagKeys.10000', 'last']]), 'TagKeys')).toEqual(['last']);
    expect(qStrList(params([['TagKeys.10', 'ten'], ['TagKeys.9', 'nine']]), 'TagKeys')).toEqual(['nine', 'ten']);
    expect(qStrList(params([['Ids.Id.10000', 'last']]), 'Ids')).toEqual(['last']);
    // Members whose names hold digits are structure members, not list items.
    expect(params([['Shard.V0', 'a'], ['Shard.Sub2', 'b'], ['Shard.3d', 'c']])).toEqual({ Shard: { V0: 'a', Sub2: 'b', '3d': 'c' } });
    expect(params([['A.B1.C', 'x']])).toEqual({ A: { B1: { C: 'x' } } });
    expect(params([['A.1B.C', 'x']])).toEqual({ A: { '1B': { C: 'x' } } });
  });

  it('reads a request without parameters as an empty structure', () => {
    expect(decodeQueryBody('Action=DescribeUsers').params).toEqual({});
    expect(decodeQueryBody('Action=DescribeUsers').version).toBeUndefined();
  });

  it('lets list items follow an empty list given as Key=', () => {
    expect(qStrList(params([['SecurityGroupIds', ''], ['SecurityGroupIds.SecurityGroupId.1', 'sg-1']]), 'SecurityGroupIds')).toEqual(['sg-1']);
  });

  it('does not read a name that has both items and members as a list', () => {
    const p = params([
      ['Ids.1', 'x'],
      ['Ids.Name', 'y'],
    ]);
    expect(code(() => qStrList(p, 'Ids'))).toBe('InvalidParameterValue 400');
  });

  it('answers InvalidParameterValue for members of the wrong type', () => {
    const p = params([
      ['Port', 'six'],
      ['Big', '12345678901'],
      ['Flag', 'yes'],
      ['Name', ''],
      ['List.member.1', 'x'],
      ['Plain', 'x'],
    ]);
    expect(qInt(params([['Port', '-3']]), 'Port')).toBe(-3);
    expect(code(() => qInt(p, 'Port'))).toBe('InvalidParameterValue 400');
    expect(code(() => qInt(p, 'Big'))).toBe('InvalidParameterValue 400');
    expect(code(() => qBool(p, 'Flag'))).toBe('InvalidParameterValue 400');
    expect(qBool(params([['Flag', 'false']]), 'Flag')).toBe(false);
    expect(code(() => qRequiredStr(p, 'Name'))).toBe('InvalidParameterValue 400');
    expect(code(() => qRequiredStr(p, 'Missing'))).toBe('InvalidParameterValue 400');
    expect(code(() => qStr(p, 'List'))).toBe('InvalidParameterValue 400');
    expect(code(() => qStrList(p, 'Plain'))).toBe('InvalidParameterValue 400');
    expect(code(() => qStructList(p, 'List'))).toBe('InvalidParameterValue 400');
    expect(code(() => qStruct(p, 'Plain'))).toBe('InvalidParameterValue 400');
  });
});

describe('encoding responses', () => {
  it('wraps the result in <ActionResult> beside the request id, lists in their member names', () => {
    const xml = queryResponse(
      'DescribeReplicationGroups',
      {
        Marker: undefined,
        ReplicationGroups: xmlList('ReplicationGroup', [
          {
            ReplicationGroupId: 'orders',
            ClusterEnabled: true,
            SnapshotRetentionLimit: 0,
            MemberClusters: xmlList('ClusterId', ['orders-001', 'orders-002']),
            UserGroupIds: xmlList('member', []),
            ConfigurationEndpoint: { Address: '127.0.0.1', Port: 7000 },
            KmsKeyId: undefined,
          },
        ]),
      },
      'req-1',
    );
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<DescribeReplicationGroupsResponse xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/">' +
        '<DescribeReplicationGroupsResult><ReplicationGroups><ReplicationGroup>' +
        '<ReplicationGroupId>orders</ReplicationGroupId><ClusterEnabled>true</ClusterEnabled><SnapshotRetentionLimit>0</SnapshotRetentionLimit>' +
        '<MemberClusters><ClusterId>orders-001</ClusterId><ClusterId>orders-002</ClusterId></MemberClusters>' +
        '<UserGroupIds></UserGroupIds>' +
        '<ConfigurationEndpoint><Address>127.0.0.1</Address><Port>7000</Port></ConfigurationEndpoint>' +
        '</ReplicationGroup></ReplicationGroups></DescribeReplicationGroupsResult>' +
        '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></DescribeReplicationGroupsResponse>\n',
    );
  });

  it('answers an operation without a result with the metadata only', () => {
    expect(queryResponse('DeleteCacheSubnetGroup', undefined, 'r')).toContain('<DeleteCacheSubnetGroupResponse xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/"><ResponseMetadata>');
  });

  it('escapes text (access strings hold &*) and writes dates as ISO-8601 UTC', () => {
    expect(escapeXml(`on ~* &* +@all <"'>`)).toBe('on ~* &amp;* +@all &lt;&quot;&apos;&gt;');
    const xml = queryResponse('CreateUser', { AccessString: 'on ~app:* &* +@all', Created: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), Modified: isoTime(0) }, 'r');
    expect(xml).toContain('<AccessString>on ~app:* &amp;* +@all</AccessString>');
    expect(xml).toContain('<Created>2024-01-02T03:04:05.000Z</Created>');
    expect(xml).toContain('<Modified>1970-01-01T00:00:00.000Z</Modified>');
  });

  it('leaves out members without a value, and writes nothing for no value', () => {
    expect(queryResponse('X', { A: null, B: undefined, C: 0, D: false, E: '' }, 'r')).toContain('<XResult><C>0</C><D>false</D><E></E></XResult>');
    expect(encodeXmlValue(undefined)).toBe('');
    expect(encodeXmlValue(null)).toBe('');
    expect(encodeXmlValue(xmlList('member', ['a', null]))).toBe('<member>a</member><member></member>');
  });

  it('needs a member name for every list', () => {
    expect(() => queryResponse('X', { Items: ['a'] }, 'r')).toThrow(/xmlList/);
  });

  it('writes errors with the model code, Sender for 4xx and Receiver for 5xx, escaped', () => {
    const body = queryErrorBody(new ApiError('ReplicationGroupNotFoundFault', 'ReplicationGroup <a&b> not found.', 404), 'req-2');
    expect(body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<ErrorResponse xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/"><Error><Type>Sender</Type><Code>ReplicationGroupNotFoundFault</Code>' +
        '<Message>ReplicationGroup &lt;a&amp;b&gt; not found.</Message></Error><RequestId>req-2</RequestId></ErrorResponse>\n',
    );
    expect(queryErrorBody(new ApiError('InternalFailure', 'boom', 500), 'r')).toContain('<Type>Receiver</Type>');
  });
});
