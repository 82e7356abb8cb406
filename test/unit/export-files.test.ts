// The files an export leaves in a bucket, found and removed: in a directory (the local plane) and
// in S3 through the SDK's own client, against a stand-in S3 endpoint on 127.0.0.1 that pages its
// listings two keys at a time and refuses to delete what it is told to keep.
import { readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isExportFile, localBucket, s3Bucket } from '../../src/lib/control/export-files.js';
import { tempDir } from '../helpers/temp.js';

const dir = tempDir('export-files');

describe('export files', () => {
  it("are the export's four-digit shard files, not another export's that starts alike", () => {
    expect(isExportFile('nightly-1', 'nightly-1-0001.rdb')).toBe(true);
    expect(isExportFile('nightly-1', 'nightly-1-0012.rdb')).toBe(true);
    expect(isExportFile('nightly-1', 'nightly-1-2-0001.rdb')).toBe(false);
    expect(isExportFile('nightly-1', 'nightly-10-0001.rdb')).toBe(false);
    expect(isExportFile('nightly-1', 'nightly-1-0001.rdb.tmp')).toBe(false);
    expect(isExportFile('nightly-1', 'nightly-1-001.rdb')).toBe(false);
  });

  it('in a directory: listed and removed, the rest left', async () => {
    for (const f of ['a-0001.rdb', 'a-0002.rdb', 'a-b-0001.rdb', 'notes.txt']) writeFileSync(join(dir, f), 'x');
    const bucket = localBucket(dir);
    const files = (await bucket.files('a')).sort();
    expect(files).toEqual(['a-0001.rdb', 'a-0002.rdb']);
    await bucket.remove(files);
    expect(readdirSync(dir).sort()).toEqual(['a-b-0001.rdb', 'notes.txt']);
    expect(await localBucket(join(dir, 'none')).files('a')).toEqual([]);
  });
});

describe('export files in S3', () => {
  const keys = new Set(['exp-0001.rdb', 'exp-0002.rdb', 'exp-0003.rdb', 'exp-0004.rdb', 'exp-0005.rdb', 'exp-x-0001.rdb', 'other-0001.rdb']);
  const locked = new Set(['exp-0005.rdb']);
  const requests: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push(`${req.method ?? ''} ${url.pathname}${url.searchParams.has('delete') ? '?delete' : ''}`);
      res.setHeader('content-type', 'application/xml');
      if (req.method === 'GET' && url.searchParams.get('list-type') === '2') {
        const prefix = url.searchParams.get('prefix') ?? '';
        const all = [...keys].filter((k) => k.startsWith(prefix)).sort();
        const from = Number(url.searchParams.get('continuation-token') ?? '0');
        const page = all.slice(from, from + 2);
        const more = from + 2 < all.length;
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>bkt</Name><Prefix>${prefix}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>2</MaxKeys><IsTruncated>${more}</IsTruncated>` +
            (more ? `<NextContinuationToken>${from + 2}</NextContinuationToken>` : '') +
            page.map((k) => `<Contents><Key>${k}</Key><Size>1</Size></Contents>`).join('') +
            '</ListBucketResult>',
        );
        return;
      }
      if (req.method === 'POST' && url.searchParams.has('delete')) {
        const asked = [...body.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1] as string);
        const errors = asked.filter((k) => locked.has(k));
        for (const k of asked) if (!locked.has(k)) keys.delete(k);
        res.end(`<?xml version="1.0" encoding="UTF-8"?><DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${errors.map((k) => `<Error><Key>${k}</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`).join('')}</DeleteResult>`);
        return;
      }
      res.statusCode = 400;
      res.end('<Error><Code>InvalidRequest</Code><Message>not served</Message></Error>');
    });
  });
  let client: S3Client;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new S3Client({ region: 'us-east-1', endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, forcePathStyle: true, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }, maxAttempts: 1 });
  });
  afterAll(() => server.close());

  it('lists every page of an export and removes its files; what S3 refuses to delete is named', async () => {
    const bucket = s3Bucket(client, 'bkt');
    const files = await bucket.files('exp');
    expect(files.sort()).toEqual(['exp-0001.rdb', 'exp-0002.rdb', 'exp-0003.rdb', 'exp-0004.rdb', 'exp-0005.rdb']);
    // Three pages of two keys (exp-x-0001.rdb is listed by the prefix but is another export's).
    expect(requests.filter((r) => r.startsWith('GET /bkt'))).toHaveLength(3);
    await expect(bucket.remove(files)).rejects.toThrow('could not remove exp-0005.rdb (AccessDenied) from bucket bkt');
    expect([...keys].sort()).toEqual(['exp-0005.rdb', 'exp-x-0001.rdb', 'other-0001.rdb']);
    locked.clear();
    await bucket.remove(['exp-0005.rdb']);
    expect(await bucket.files('exp')).toEqual([]);
  });
});
