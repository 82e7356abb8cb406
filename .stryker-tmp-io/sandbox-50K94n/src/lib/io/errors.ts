// @ts-nocheck
// Typed errors and the exit codes they map to (README "Exit codes").
function stryNS_9fa48() {
  var g = typeof globalThis === 'object' && globalThis && globalThis.Math === Math && globalThis || new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (ns.activeMutant === undefined && g.process && g.process.env && g.process.env.__STRYKER_ACTIVE_MUTANT__) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov = ns.mutantCoverage || (ns.mutantCoverage = {
    static: {},
    perTest: {}
  });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error('Stryker: Hit count limit reached (' + ns.hitCount + ')');
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  auth: 4,
  timeout: 5,
  conflict: 6,
  incomplete: 7,
  interrupted: 130
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
export class MemctlError extends Error {
  readonly exitCode: ExitCodeValue;
  /** A short hint printed after the message, e.g. how to keep waiting. */
  readonly hint: string | undefined;
  constructor(message: string, exitCode: ExitCodeValue = ExitCode.failure, options: {
    hint?: string;
    cause?: unknown;
  } = {}) {
    if (stryMutAct_9fa48("428")) {
      {}
    } else {
      stryCov_9fa48("428");
      super(message, (stryMutAct_9fa48("431") ? options.cause !== undefined : stryMutAct_9fa48("430") ? false : stryMutAct_9fa48("429") ? true : (stryCov_9fa48("429", "430", "431"), options.cause === undefined)) ? undefined : stryMutAct_9fa48("432") ? {} : (stryCov_9fa48("432"), {
        cause: options.cause
      }));
      this.name = new.target.name;
      this.exitCode = exitCode;
      this.hint = options.hint;
    }
  }
}

/** Bad usage or invalid input, caught before any API call. */
export class UsageError extends MemctlError {
  constructor(message: string, options: {
    hint?: string;
  } = {}) {
    if (stryMutAct_9fa48("433")) {
      {}
    } else {
      stryCov_9fa48("433");
      super(message, ExitCode.usage, options);
    }
  }
}
export class NotFoundError extends MemctlError {
  constructor(message: string, options: {
    hint?: string;
    cause?: unknown;
  } = {}) {
    if (stryMutAct_9fa48("434")) {
      {}
    } else {
      stryCov_9fa48("434");
      super(message, ExitCode.notFound, options);
    }
  }
}
export class AuthError extends MemctlError {
  constructor(message: string, options: {
    hint?: string;
    cause?: unknown;
  } = {}) {
    if (stryMutAct_9fa48("435")) {
      {}
    } else {
      stryCov_9fa48("435");
      super(message, ExitCode.auth, options);
    }
  }
}
export class WaitTimeoutError extends MemctlError {
  constructor(message: string, options: {
    hint?: string;
  } = {}) {
    if (stryMutAct_9fa48("436")) {
      {}
    } else {
      stryCov_9fa48("436");
      super(message, ExitCode.timeout, options);
    }
  }
}

/** Conflict, wrong state, or already exists. */
export class ConflictError extends MemctlError {
  constructor(message: string, options: {
    hint?: string;
    cause?: unknown;
  } = {}) {
    if (stryMutAct_9fa48("437")) {
      {}
    } else {
      stryCov_9fa48("437");
      super(message, ExitCode.conflict, options);
    }
  }
}

/** A sweep that printed what it has but could not cover everything (a node stayed down). */
export class IncompleteError extends MemctlError {
  constructor(message: string, options: {
    hint?: string;
    cause?: unknown;
  } = {}) {
    if (stryMutAct_9fa48("438")) {
      {}
    } else {
      stryCov_9fa48("438");
      super(message, ExitCode.incomplete, options);
    }
  }
}

/** Ctrl-C or a declined prompt: exits 130 quietly. */
export class InterruptedError extends MemctlError {
  constructor(message = stryMutAct_9fa48("439") ? "" : (stryCov_9fa48("439"), 'interrupted'), options: {
    hint?: string;
  } = {}) {
    if (stryMutAct_9fa48("440")) {
      {}
    } else {
      stryCov_9fa48("440");
      super(message, ExitCode.interrupted, options);
    }
  }
}
export function isMemctlError(err: unknown): err is MemctlError {
  if (stryMutAct_9fa48("441")) {
    {}
  } else {
    stryCov_9fa48("441");
    return err instanceof MemctlError;
  }
}

/**
 * A Redis NOPERM reply as exit 4 naming what to add to the user's access string ("NOPERM User
 * reader has no permissions to run the 'slowlog|get' command" -> +slowlog|get); undefined for any
 * other message.
 */
export function noPermission(prefix: string, message: string): MemctlError | undefined {
  if (stryMutAct_9fa48("442")) {
    {}
  } else {
    stryCov_9fa48("442");
    if (stryMutAct_9fa48("445") ? false : stryMutAct_9fa48("444") ? true : stryMutAct_9fa48("443") ? /NOPERM/.test(message) : (stryCov_9fa48("443", "444", "445"), !/NOPERM/.test(message))) return undefined;
    const command = stryMutAct_9fa48("446") ? /run the '([^']+)' command/.exec(message)[1] : (stryCov_9fa48("446"), (stryMutAct_9fa48("448") ? /run the '([']+)' command/ : stryMutAct_9fa48("447") ? /run the '([^'])' command/ : (stryCov_9fa48("447", "448"), /run the '([^']+)' command/)).exec(message)?.[1]);
    // Redis 7.0: "...access one of the keys used as arguments"; 7.2 and Valkey: "No permissions to access a key".
    const what = (stryMutAct_9fa48("451") ? command === undefined : stryMutAct_9fa48("450") ? false : stryMutAct_9fa48("449") ? true : (stryCov_9fa48("449", "450", "451"), command !== undefined)) ? stryMutAct_9fa48("452") ? `` : (stryCov_9fa48("452"), `+${command}`) : (stryMutAct_9fa48("454") ? /\b(keys?|channels)\b/i : stryMutAct_9fa48("453") ? /\b(keys|channels?)\b/i : (stryCov_9fa48("453", "454"), /\b(keys?|channels?)\b/i)).test(message) ? stryMutAct_9fa48("455") ? "" : (stryCov_9fa48("455"), 'a key (~...) or channel (&...) pattern that covers it') : stryMutAct_9fa48("456") ? "" : (stryCov_9fa48("456"), 'the missing permission');
    return new MemctlError(stryMutAct_9fa48("457") ? `` : (stryCov_9fa48("457"), `${prefix}permission denied (${message.split(stryMutAct_9fa48("458") ? "" : (stryCov_9fa48("458"), '\n'))[0]})`), ExitCode.auth, stryMutAct_9fa48("459") ? {} : (stryCov_9fa48("459"), {
      hint: stryMutAct_9fa48("460") ? `` : (stryCov_9fa48("460"), `add ${what} to the user's access string (docs/permissions.md lists what each command needs)`)
    }));
  }
}