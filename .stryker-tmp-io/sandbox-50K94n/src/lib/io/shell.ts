// @ts-nocheck
// Words as a POSIX shell reads them back (for lines meant to be pasted or sourced).

/** A word as a POSIX shell reads it back: bare when safe, else in single quotes. */function stryNS_9fa48() {
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
export function shellWord(word: string): string {
  if (stryMutAct_9fa48("1196")) {
    {}
  } else {
    stryCov_9fa48("1196");
    return (stryMutAct_9fa48("1200") ? /^[^A-Za-z0-9_@%+=:,./-]+$/ : stryMutAct_9fa48("1199") ? /^[A-Za-z0-9_@%+=:,./-]$/ : stryMutAct_9fa48("1198") ? /^[A-Za-z0-9_@%+=:,./-]+/ : stryMutAct_9fa48("1197") ? /[A-Za-z0-9_@%+=:,./-]+$/ : (stryCov_9fa48("1197", "1198", "1199", "1200"), /^[A-Za-z0-9_@%+=:,./-]+$/)).test(word) ? word : stryMutAct_9fa48("1201") ? `` : (stryCov_9fa48("1201"), `'${word.replace(/'/g, stryMutAct_9fa48("1202") ? `` : (stryCov_9fa48("1202"), `'\\''`))}'`);
  }
}