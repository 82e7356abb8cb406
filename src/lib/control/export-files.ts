// The files an export leaves in a bucket, and removing them: `<export>-<shard>.rdb` (shard a
// four-digit number, as both services and the local plane name them). The bucket is the local
// plane's directory (`<state>/s3/<bucket>/`) or an S3 bucket (ListObjectsV2 / DeleteObjects).
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';

/** Whether a file (object key) is one of an export's shard files. */
export function isExportFile(exportName: string, key: string): boolean {
  if (!key.startsWith(`${exportName}-`)) return false;
  return /^\d{4}\.rdb$/.test(key.slice(exportName.length + 1));
}

export interface ExportBucket {
  /** The export's files. */
  files(exportName: string): Promise<string[]>;
  /** Removes files; throws naming what could not be removed. */
  remove(keys: string[]): Promise<void>;
}

export function localBucket(dir: string): ExportBucket {
  return {
    files: async (name) => (await readdir(dir).catch(() => [] as string[])).filter((f) => isExportFile(name, f)),
    remove: async (keys) => {
      await Promise.all(keys.map((f) => rm(join(dir, f), { force: true })));
    },
  };
}

const MAX_PAGES = 100;

export function s3Bucket(client: Pick<S3Client, 'send'>, bucket: string): ExportBucket {
  return {
    files: async (name) => {
      const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
      const keys: string[] = [];
      let token: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${name}-`, ...(token === undefined ? {} : { ContinuationToken: token }) }));
        keys.push(...(out.Contents ?? []).map((o) => o.Key ?? '').filter((k) => isExportFile(name, k)));
        token = out.IsTruncated === true ? out.NextContinuationToken : undefined;
        if (token === undefined) break;
      }
      return keys;
    },
    remove: async (keys) => {
      const { DeleteObjectsCommand } = await import('@aws-sdk/client-s3');
      for (let i = 0; i < keys.length; i += 1000) {
        const out = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }));
        const failed = out.Errors ?? [];
        if (failed.length > 0) throw new Error(`could not remove ${failed.map((e) => `${e.Key ?? '?'} (${e.Code ?? e.Message ?? 'error'})`).join(', ')} from bucket ${bucket}`);
      }
    },
  };
}
