// @ts-nocheck
// The one top-level error handler: one clear line (plus a hint), the documented exit code,
// and a stack trace only with --debug.
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
import { ExitCode, isMemctlError, noPermission } from './errors.js';
import { redact } from './debug.js';
import { escapeControl } from './sanitize.js';
import type { IOStreams } from './streams.js';
interface CommanderLikeError {
  code: string;
  exitCode: number;
}
function isCommanderError(err: unknown): err is CommanderLikeError & Error {
  if (stryMutAct_9fa48("961")) {
    {}
  } else {
    stryCov_9fa48("961");
    return stryMutAct_9fa48("964") ? typeof err === 'object' && err !== null && typeof (err as CommanderLikeError).code === 'string' || (err as CommanderLikeError).code.startsWith('commander.') : stryMutAct_9fa48("963") ? false : stryMutAct_9fa48("962") ? true : (stryCov_9fa48("962", "963", "964"), (stryMutAct_9fa48("966") ? typeof err === 'object' && err !== null || typeof (err as CommanderLikeError).code === 'string' : stryMutAct_9fa48("965") ? true : (stryCov_9fa48("965", "966"), (stryMutAct_9fa48("968") ? typeof err === 'object' || err !== null : stryMutAct_9fa48("967") ? true : (stryCov_9fa48("967", "968"), (stryMutAct_9fa48("970") ? typeof err !== 'object' : stryMutAct_9fa48("969") ? true : (stryCov_9fa48("969", "970"), typeof err === (stryMutAct_9fa48("971") ? "" : (stryCov_9fa48("971"), 'object')))) && (stryMutAct_9fa48("973") ? err === null : stryMutAct_9fa48("972") ? true : (stryCov_9fa48("972", "973"), err !== null)))) && (stryMutAct_9fa48("975") ? typeof (err as CommanderLikeError).code !== 'string' : stryMutAct_9fa48("974") ? true : (stryCov_9fa48("974", "975"), typeof (err as CommanderLikeError).code === (stryMutAct_9fa48("976") ? "" : (stryCov_9fa48("976"), 'string')))))) && (stryMutAct_9fa48("977") ? (err as CommanderLikeError).code.endsWith('commander.') : (stryCov_9fa48("977"), (err as CommanderLikeError).code.startsWith(stryMutAct_9fa48("978") ? "" : (stryCov_9fa48("978"), 'commander.')))));
  }
}
export function reportError(io: Pick<IOStreams, 'stderr'>, err: unknown, debug: boolean): number {
  if (stryMutAct_9fa48("979")) {
    {}
  } else {
    stryCov_9fa48("979");
    if (stryMutAct_9fa48("981") ? false : stryMutAct_9fa48("980") ? true : (stryCov_9fa48("980", "981"), isCommanderError(err))) {
      if (stryMutAct_9fa48("982")) {
        {}
      } else {
        stryCov_9fa48("982");
        // commander already printed its message (unknown option, missing argument, ...). Help shown
        // because no command was given comes with exit code 1: it is not a failure (--help and
        // --version come with 0).
        if (stryMutAct_9fa48("985") ? err.code !== 'commander.help' : stryMutAct_9fa48("984") ? false : stryMutAct_9fa48("983") ? true : (stryCov_9fa48("983", "984", "985"), err.code === (stryMutAct_9fa48("986") ? "" : (stryCov_9fa48("986"), 'commander.help')))) return ExitCode.ok;
        if (stryMutAct_9fa48("989") ? err.code !== 'commander.executeSubCommandAsync' : stryMutAct_9fa48("988") ? false : stryMutAct_9fa48("987") ? true : (stryCov_9fa48("987", "988", "989"), err.code === (stryMutAct_9fa48("990") ? "" : (stryCov_9fa48("990"), 'commander.executeSubCommandAsync')))) return err.exitCode;
        return (stryMutAct_9fa48("993") ? err.exitCode !== 0 : stryMutAct_9fa48("992") ? false : stryMutAct_9fa48("991") ? true : (stryCov_9fa48("991", "992", "993"), err.exitCode === 0)) ? ExitCode.ok : ExitCode.usage;
      }
    }
    const write = stryMutAct_9fa48("994") ? () => undefined : (stryCov_9fa48("994"), (() => {
      const write = (line: string): void => void io.stderr.write(stryMutAct_9fa48("995") ? `` : (stryCov_9fa48("995"), `${redact(line)}\n`));
      return write;
    })());
    if (stryMutAct_9fa48("997") ? false : stryMutAct_9fa48("996") ? true : (stryCov_9fa48("996", "997"), isMemctlError(err))) {
      if (stryMutAct_9fa48("998")) {
        {}
      } else {
        stryCov_9fa48("998");
        write(stryMutAct_9fa48("999") ? `` : (stryCov_9fa48("999"), `memctl: ${escapeControl(err.message)}`));
        if (stryMutAct_9fa48("1002") ? err.hint === undefined : stryMutAct_9fa48("1001") ? false : stryMutAct_9fa48("1000") ? true : (stryCov_9fa48("1000", "1001", "1002"), err.hint !== undefined)) write(stryMutAct_9fa48("1003") ? `` : (stryCov_9fa48("1003"), `  hint: ${err.hint}`));
        if (stryMutAct_9fa48("1006") ? debug && err.cause instanceof Error || err.cause.stack !== undefined : stryMutAct_9fa48("1005") ? false : stryMutAct_9fa48("1004") ? true : (stryCov_9fa48("1004", "1005", "1006"), (stryMutAct_9fa48("1008") ? debug || err.cause instanceof Error : stryMutAct_9fa48("1007") ? true : (stryCov_9fa48("1007", "1008"), debug && err.cause instanceof Error)) && (stryMutAct_9fa48("1010") ? err.cause.stack === undefined : stryMutAct_9fa48("1009") ? true : (stryCov_9fa48("1009", "1010"), err.cause.stack !== undefined)))) write(err.cause.stack);
        return err.exitCode;
      }
    }
    const e = err instanceof Error ? err : new Error(String(err));
    const refused = noPermission(stryMutAct_9fa48("1011") ? "Stryker was here!" : (stryCov_9fa48("1011"), ''), e.message);
    if (stryMutAct_9fa48("1014") ? refused === undefined : stryMutAct_9fa48("1013") ? false : stryMutAct_9fa48("1012") ? true : (stryCov_9fa48("1012", "1013", "1014"), refused !== undefined)) {
      if (stryMutAct_9fa48("1015")) {
        {}
      } else {
        stryCov_9fa48("1015");
        write(stryMutAct_9fa48("1016") ? `` : (stryCov_9fa48("1016"), `memctl: ${escapeControl(refused.message)}`));
        if (stryMutAct_9fa48("1019") ? refused.hint === undefined : stryMutAct_9fa48("1018") ? false : stryMutAct_9fa48("1017") ? true : (stryCov_9fa48("1017", "1018", "1019"), refused.hint !== undefined)) write(stryMutAct_9fa48("1020") ? `` : (stryCov_9fa48("1020"), `  hint: ${refused.hint}`));
        return refused.exitCode;
      }
    }
    write(stryMutAct_9fa48("1021") ? `` : (stryCov_9fa48("1021"), `memctl: ${escapeControl(stryMutAct_9fa48("1022") ? e.message.split('\n')[0] && e.message : (stryCov_9fa48("1022"), e.message.split(stryMutAct_9fa48("1023") ? "" : (stryCov_9fa48("1023"), '\n'))[0] ?? e.message))}`));
    if (stryMutAct_9fa48("1026") ? debug || e.stack !== undefined : stryMutAct_9fa48("1025") ? false : stryMutAct_9fa48("1024") ? true : (stryCov_9fa48("1024", "1025", "1026"), debug && (stryMutAct_9fa48("1028") ? e.stack === undefined : stryMutAct_9fa48("1027") ? true : (stryCov_9fa48("1027", "1028"), e.stack !== undefined)))) write(e.stack);else write(stryMutAct_9fa48("1029") ? "" : (stryCov_9fa48("1029"), '  hint: re-run with --debug for details'));
    return ExitCode.failure;
  }
}