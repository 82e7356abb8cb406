// @ts-nocheck
// Waiting that Ctrl-C (or a shutdown) cuts short: resolves after ms, or at once when aborted.
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
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (stryMutAct_9fa48("1211")) {
    {}
  } else {
    stryCov_9fa48("1211");
    if (stryMutAct_9fa48("1214") ? ms <= 0 && signal?.aborted === true : stryMutAct_9fa48("1213") ? false : stryMutAct_9fa48("1212") ? true : (stryCov_9fa48("1212", "1213", "1214"), (stryMutAct_9fa48("1217") ? ms > 0 : stryMutAct_9fa48("1216") ? ms < 0 : stryMutAct_9fa48("1215") ? false : (stryCov_9fa48("1215", "1216", "1217"), ms <= 0)) || (stryMutAct_9fa48("1219") ? signal?.aborted !== true : stryMutAct_9fa48("1218") ? false : (stryCov_9fa48("1218", "1219"), (stryMutAct_9fa48("1220") ? signal.aborted : (stryCov_9fa48("1220"), signal?.aborted)) === (stryMutAct_9fa48("1221") ? false : (stryCov_9fa48("1221"), true)))))) return Promise.resolve();
    return new Promise(resolve => {
      if (stryMutAct_9fa48("1222")) {
        {}
      } else {
        stryCov_9fa48("1222");
        const done = (): void => {
          if (stryMutAct_9fa48("1223")) {
            {}
          } else {
            stryCov_9fa48("1223");
            clearTimeout(timer);
            stryMutAct_9fa48("1224") ? signal.removeEventListener('abort', done) : (stryCov_9fa48("1224"), signal?.removeEventListener(stryMutAct_9fa48("1225") ? "" : (stryCov_9fa48("1225"), 'abort'), done));
            resolve();
          }
        };
        const timer = setTimeout(done, ms);
        stryMutAct_9fa48("1226") ? signal.addEventListener('abort', done, {
          once: true
        }) : (stryCov_9fa48("1226"), signal?.addEventListener(stryMutAct_9fa48("1227") ? "" : (stryCov_9fa48("1227"), 'abort'), done, stryMutAct_9fa48("1228") ? {} : (stryCov_9fa48("1228"), {
          once: stryMutAct_9fa48("1229") ? false : (stryCov_9fa48("1229"), true)
        })));
      }
    });
  }
}