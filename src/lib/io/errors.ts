// Typed errors and the exit codes they map to (README "Exit codes").

export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  auth: 4,
  timeout: 5,
  conflict: 6,
  incomplete: 7,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class MemctlError extends Error {
  readonly exitCode: ExitCodeValue;
  /** A short hint printed after the message, e.g. how to keep waiting. */
  readonly hint: string | undefined;

  constructor(message: string, exitCode: ExitCodeValue = ExitCode.failure, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = options.hint;
  }
}

/** Bad usage or invalid input, caught before any API call. */
export class UsageError extends MemctlError {
  constructor(message: string, options: { hint?: string } = {}) {
    super(message, ExitCode.usage, options);
  }
}

export class NotFoundError extends MemctlError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, ExitCode.notFound, options);
  }
}

export class AuthError extends MemctlError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, ExitCode.auth, options);
  }
}

export class WaitTimeoutError extends MemctlError {
  constructor(message: string, options: { hint?: string } = {}) {
    super(message, ExitCode.timeout, options);
  }
}

/** Conflict, wrong state, or already exists. */
export class ConflictError extends MemctlError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, ExitCode.conflict, options);
  }
}

/** A sweep that printed what it has but could not cover everything (a node stayed down). */
export class IncompleteError extends MemctlError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, ExitCode.incomplete, options);
  }
}

/** Ctrl-C or a declined prompt: exits 130 quietly. */
export class InterruptedError extends MemctlError {
  constructor(message = 'interrupted', options: { hint?: string } = {}) {
    super(message, ExitCode.interrupted, options);
  }
}

export function isMemctlError(err: unknown): err is MemctlError {
  return err instanceof MemctlError;
}

/**
 * A Redis NOPERM reply as exit 4 naming what to add to the user's access string ("NOPERM User
 * reader has no permissions to run the 'slowlog|get' command" -> +slowlog|get); undefined for any
 * other message.
 */
export function noPermission(prefix: string, message: string): MemctlError | undefined {
  if (!/NOPERM/.test(message)) return undefined;
  const command = /run the '([^']+)' command/.exec(message)?.[1];
  // Redis 7.0: "...access one of the keys used as arguments"; 7.2 and Valkey: "No permissions to access a key".
  const what = command !== undefined ? `+${command}` : /\b(keys?|channels?)\b/i.test(message) ? 'a key (~...) or channel (&...) pattern that covers it' : 'the missing permission';
  return new MemctlError(`${prefix}permission denied (${message.split('\n')[0]})`, ExitCode.auth, {
    hint: `add ${what} to the user's access string (docs/permissions.md lists what each command needs)`,
  });
}
