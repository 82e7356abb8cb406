// --debug logging to stderr with every secret redacted.
import { escapeControl } from './sanitize.js';
import type { IOStreams } from './streams.js';

const REDACTED = '[REDACTED]';

/** Values that must never be printed, registered as soon as memctl reads them. */
const knownSecrets = new Set<string>();

export function registerSecret(secret: string | undefined): void {
  if (secret === undefined || secret.length < 4) return;
  knownSecrets.add(secret);
  // The same secret as it appears inside JSON text (quotes and backslashes escaped), and in a
  // message whose control characters were escaped for the terminal (a URL password may hold any).
  knownSecrets.add(JSON.stringify(secret).slice(1, -1));
  knownSecrets.add(escapeControl(secret));
}

const SECRET_KEY = /^(passwords?|authtoken|auth_token|secretaccesskey|sessiontoken|token|password_?hash|newpassword)$/i;

/** A copy of a value with every secret-named field replaced, for structured debug output. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value instanceof Date || value instanceof Uint8Array) return value;
  const out: Record<string, unknown> = {};
  // A secret field that carries nothing is left out: "[REDACTED]" would claim a secret was sent.
  for (const [key, v] of Object.entries(value)) {
    if (!SECRET_KEY.test(key)) out[key] = redactValue(v, depth + 1);
    else if (v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)) out[key] = REDACTED;
  }
  return out;
}

const PROSE_AFTER_TOKEN = ['of', 'for', 'is', 'was', 'must', 'cannot', 'needs', 'and', 'or', 'to', 'from', 'with', 'by', 'in', 'on', 'rotation', 'change', 'status', 'protected', 'works'].join('|');

const PATTERNS: Array<[RegExp, string]> = [
  // SigV4 Authorization header and presigned-URL signatures and tokens.
  [/(Signature=)[0-9a-f]+/gi, `$1${REDACTED}`],
  [/(X-Amz-Signature=)[^&\s"']+/gi, `$1${REDACTED}`],
  [/(X-Amz-Security-Token=)[^&\s"']+/gi, `$1${REDACTED}`],
  // A value ends at a quote, a line end, a comma, a brace, or the next parameter of a URL.
  [/("?(?:x-amz-security-token|authorization)"?\s*[:=]\s*"?)[^"\n,}&]+/gi, `$1${REDACTED}`],
  // JSON fields that carry secrets: a string (escapes included) or a list of strings.
  [
    /("?(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\s*:\s*)(\[\s*(?:"(?:[^"\\]|\\.)*"\s*,?\s*)*\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g,
    `$1"${REDACTED}"`,
  ],
  // Redis AUTH and HELLO ... AUTH arguments, in any case (over-redacting beats leaking), except
  // prose about ElastiCache's "AUTH token" (followed by a word of a sentence, punctuation or nothing).
  [new RegExp(`\\b(AUTH\\s+)(?!tokens?(?:\\s+(?:${PROSE_AFTER_TOKEN})\\b|\\s*[(.,:;)]|\\s*$))(\\S+\\s+)?\\S+`, 'gi'), `$1${REDACTED}`],
];

export function redact(text: string): string {
  let out = redactKnown(text);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Every occurrence of every registered secret (overlapping ones included) marks its characters,
 * and each run of marked characters becomes one [REDACTED]: replacing one secret after another
 * would leave the pieces of a secret that overlaps or contains one replaced before it.
 */
function redactKnown(text: string): string {
  let marked: Uint8Array | undefined;
  for (const secret of knownSecrets) {
    for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
      marked ??= new Uint8Array(text.length);
      marked.fill(1, at, at + secret.length);
    }
  }
  if (marked === undefined) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const start = i;
    const secret = marked[i] === 1;
    while (i < text.length && (marked[i] === 1) === secret) i++;
    out += secret ? REDACTED : text.slice(start, i);
  }
  return out;
}

export interface DebugLog {
  readonly enabled: boolean;
  log(message: string, detail?: unknown): void;
}

export function createDebugLog(io: Pick<IOStreams, 'stderr'>, enabled: boolean): DebugLog {
  return {
    enabled,
    log(message, detail) {
      if (!enabled) return;
      const extra = detail === undefined ? '' : ` ${typeof detail === 'string' ? detail : safeJson(redactValue(detail))}`;
      io.stderr.write(`${redact(`[debug] ${message}${extra}`)}\n`);
    },
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? `<${v.length} bytes>` : v));
  } catch {
    return String(value);
  }
}
