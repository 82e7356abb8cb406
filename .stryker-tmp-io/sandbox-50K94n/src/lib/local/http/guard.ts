// @ts-nocheck
// Who may talk to the plane. It runs on someone's laptop, where any web page the user opens can
// send requests to 127.0.0.1: a request is answered only when it names a loopback Host (no DNS
// rebinding), comes from no foreign Origin, and carries a SigV4 signature (AWS API calls; a
// browser cannot add one without a CORS preflight, which the plane never grants) or the plane's
// admin token (/_memctl/, read from a 0600 file by the CLI).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface Refusal {
  status: number;
  /** awsJson error type and awsQuery error code. */
  jsonCode: string;
  queryCode: string;
  message: string;
}

/** The header the CLI sends the admin token in. */
export const ADMIN_TOKEN_HEADER = 'x-memctl-admin-token';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function single(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The host part of a Host header: `127.0.0.1:4597`, `[::1]:4597`, `localhost`. */
export function hostName(host: string): string {
  const trimmed = host.trim().toLowerCase();
  if (trimmed.startsWith('[')) return trimmed.slice(0, trimmed.indexOf(']') + 1);
  const colon = trimmed.lastIndexOf(':');
  return colon < 0 ? trimmed : trimmed.slice(0, colon);
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname.toLowerCase());
  } catch {
    return false;
  }
}

const denied = (message: string): Refusal => ({ status: 403, jsonCode: 'AccessDeniedException', queryCode: 'AccessDenied', message: `memctl local: ${message}` });

/** Why a request must not be answered (undefined: it may be). Checked before its body is read. */
export function refusal(req: IncomingMessage, kind: 'aws' | 'admin', adminToken: string): Refusal | undefined {
  const host = single(req, 'host');
  if (host === undefined || !LOOPBACK_HOSTS.has(hostName(host))) {
    return denied('requests must name 127.0.0.1, localhost or [::1] as their Host');
  }
  const origin = single(req, 'origin');
  if (origin !== undefined && origin !== 'null' && !isLoopbackOrigin(origin)) {
    return denied(`requests from ${origin} are not accepted`);
  }
  if (origin === 'null') return denied('requests from an opaque origin are not accepted');
  if (kind === 'admin') {
    const given = single(req, ADMIN_TOKEN_HEADER) ?? '';
    const a = Buffer.from(given);
    const b = Buffer.from(adminToken);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return denied('the admin API needs the token in <state>/admin-token');
    return undefined;
  }
  const authorization = single(req, 'authorization') ?? '';
  const presigned = /[?&]X-Amz-Signature=/.test(req.url ?? '');
  if (!/^AWS4-HMAC-SHA256 Credential=\S+/.test(authorization) && !presigned) {
    return { status: 403, jsonCode: 'MissingAuthenticationTokenException', queryCode: 'MissingAuthenticationToken', message: 'Missing Authentication Token: sign the request with SigV4 (any static credentials work locally)' };
  }
  return undefined;
}
