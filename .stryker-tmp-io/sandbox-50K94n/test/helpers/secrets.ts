// @ts-nocheck
// Test helper: proves that secrets never reach disk or logs. Every file under a directory (state,
// AOF, RDB, aclfiles, logs: read as bytes, binary files included) and any captured text is searched
// for each secret. Findings name the secret by its index, never by its value.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface SecretFinding {
  /** Index of the secret in the list given. */
  secret: number;
  /** A file relative to the directory, or `text #<n>` for captured text. */
  where: string;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** Where each secret occurs in the files under `dir` and in `texts` (e.g. a captured log). */
export function findSecrets(dir: string, secrets: string[], texts: string[] = []): SecretFinding[] {
  const needles = secrets.map((s) => Buffer.from(s, 'utf8'));
  const findings: SecretFinding[] = [];
  const search = (haystack: Buffer, where: string): void => {
    needles.forEach((needle, secret) => {
      if (needle.length > 0 && haystack.includes(needle)) findings.push({ secret, where });
    });
  };
  for (const file of filesUnder(dir)) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      continue; // Deleted while we walked (a temp file).
    }
    search(bytes, relative(dir, file));
  }
  texts.forEach((text, i) => search(Buffer.from(text, 'utf8'), `text #${i}`));
  return findings;
}

/** Collects log lines in memory (and echoes them with MEMCTL_TEST_LOG=1). */
export function captureLog(prefix = 'plane'): { log: (message: string) => void; text: () => string } {
  const lines: string[] = [];
  return {
    log: (message) => {
      lines.push(message);
      if (process.env.MEMCTL_TEST_LOG === '1') console.error(`[${prefix}] ${message}`);
    },
    text: () => lines.join('\n'),
  };
}
