// @ts-nocheck
// Which signal stopped memctl. main.ts aborts the command's AbortSignal with a StopRequest as its
// reason, so a command that ends differently on Ctrl-C and on SIGTERM (memctl top: Ctrl-C is how a
// person leaves it, exit 0; SIGTERM exits 143 as everywhere else) can tell them apart.
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
export type StopSignalName = 'SIGINT' | 'SIGTERM';
export class StopRequest extends Error {
  constructor(readonly signalName: StopSignalName) {
    super(stryMutAct_9fa48("1203") ? `` : (stryCov_9fa48("1203"), `stopped by ${signalName}`));
    // What aborted work usually throws, for anything that rethrows the reason.
    this.name = stryMutAct_9fa48("1204") ? "" : (stryCov_9fa48("1204"), 'AbortError');
  }
}

/** The signal behind an aborted AbortSignal; undefined when it is not aborted or was aborted otherwise (a reader that went away). */
export function stoppedBy(signal: AbortSignal | undefined): StopSignalName | undefined {
  if (stryMutAct_9fa48("1205")) {
    {}
  } else {
    stryCov_9fa48("1205");
    const reason: unknown = (stryMutAct_9fa48("1208") ? signal?.aborted !== true : stryMutAct_9fa48("1207") ? false : stryMutAct_9fa48("1206") ? true : (stryCov_9fa48("1206", "1207", "1208"), (stryMutAct_9fa48("1209") ? signal.aborted : (stryCov_9fa48("1209"), signal?.aborted)) === (stryMutAct_9fa48("1210") ? false : (stryCov_9fa48("1210"), true)))) ? signal.reason : undefined;
    return reason instanceof StopRequest ? reason.signalName : undefined;
  }
}