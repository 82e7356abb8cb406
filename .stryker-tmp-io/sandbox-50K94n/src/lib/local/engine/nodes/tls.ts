// @ts-nocheck
// The local control plane's private certificate authority: one CA and one server certificate
// (127.0.0.1 / localhost) shared by every TLS redis-server it runs, created once per state dir.

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface TlsFiles {
  caCertFile: string;
  certFile: string;
  keyFile: string;
}

const TLS_DIR = 'tls';
const CA_CERT = 'ca.crt';
const CA_KEY = 'ca.key';
const SERVER_CERT = 'server.crt';
const SERVER_KEY = 'server.key';
const VALID_DAYS = '3650';

// Our own config file, so the result does not depend on the distribution's openssl.cnf defaults.
const OPENSSL_CONFIG = `[req]
distinguished_name = dn
prompt = no

[dn]
CN = memctl local

[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[v3_server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

function filesIn(dir: string): TlsFiles {
  return { caCertFile: join(dir, CA_CERT), certFile: join(dir, SERVER_CERT), keyFile: join(dir, SERVER_KEY) };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function allExist(files: TlsFiles): Promise<boolean> {
  const found = await Promise.all([files.caCertFile, files.certFile, files.keyFile].map(exists));
  return found.every(Boolean);
}

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await execFileAsync(process.env['MEMCTL_OPENSSL'] ?? 'openssl', args, { cwd, timeout: 30_000 });
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') {
      throw new Error('openssl was not found on PATH; memctl local needs the openssl CLI to create its TLS certificates (install the "openssl" package)');
    }
    const detail = (err.stderr ?? err.message).trim().split('\n').slice(-3).join(' | ');
    throw new Error(`openssl ${args[0] ?? ''} failed while creating the local CA: ${detail}`);
  }
}

/** Creates the CA and server certificate inside `dir` (which must be empty). */
async function generate(dir: string): Promise<void> {
  const config = join(dir, 'openssl.cnf');
  await writeFile(config, OPENSSL_CONFIG);
  // P-256 keys: generated in milliseconds, and supported by both redis-server's OpenSSL and Node.
  const newKey = (file: string): string[] => ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file];
  const serial = `0x${randomBytes(16).toString('hex').replace(/^./, '1')}`;

  await openssl(newKey(CA_KEY), dir);
  await openssl(['req', '-x509', '-new', '-key', CA_KEY, '-sha256', '-days', VALID_DAYS,
    '-subj', '/CN=memctl local CA', '-config', config, '-extensions', 'v3_ca', '-out', CA_CERT], dir);
  await openssl(newKey(SERVER_KEY), dir);
  await openssl(['req', '-new', '-key', SERVER_KEY, '-subj', '/CN=localhost', '-config', config, '-out', 'server.csr'], dir);
  await openssl(['x509', '-req', '-in', 'server.csr', '-CA', CA_CERT, '-CAkey', CA_KEY, '-set_serial', serial,
    '-sha256', '-days', VALID_DAYS, '-extfile', config, '-extensions', 'v3_server', '-out', SERVER_CERT], dir);

  await Promise.all([chmod(join(dir, CA_KEY), 0o600), chmod(join(dir, SERVER_KEY), 0o600)]);
  await Promise.all([rm(join(dir, 'server.csr'), { force: true }), rm(config, { force: true })]);
}

/**
 * Returns the local CA and server certificate under `<stateDir>/tls/`, creating them on first use.
 * Safe when several processes call it at once: each builds in its own temp dir and renames it into
 * place; the rename is atomic, so the first one wins and the others use what it made.
 */
export async function ensureLocalCa(stateDir: string): Promise<TlsFiles> {
  const tlsDir = join(stateDir, TLS_DIR);
  const files = filesIn(tlsDir);
  if (await allExist(files)) return files;
  if (await exists(tlsDir)) {
    throw new Error(`${tlsDir} exists but is incomplete (expected ${CA_CERT}, ${SERVER_CERT}, ${SERVER_KEY}); remove it to create a new local CA`);
  }

  await mkdir(stateDir, { recursive: true });
  const tempDir = await mkdtemp(join(stateDir, `.${TLS_DIR}-`));
  try {
    await generate(tempDir);
    await chmod(tempDir, 0o700);
    try {
      await rename(tempDir, tlsDir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Another process renamed its directory into place first: use that one.
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    }
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
  if (!(await allExist(files))) throw new Error(`failed to create the local CA in ${tlsDir}`);
  return files;
}
