// @ts-nocheck
// Remote strings (cluster names, Redis keys, error messages) may hold control characters:
// escape them before they reach a terminal.
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
const CONTROL = stryMutAct_9fa48("1030") ? /[^\u0000-\u001f\u007f-\u009f\u2028\u2029]/g : (stryCov_9fa48("1030"), /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g);
export function escapeControl(text: string): string {
  if (stryMutAct_9fa48("1031")) {
    {}
  } else {
    stryCov_9fa48("1031");
    return text.replace(CONTROL, ch => {
      if (stryMutAct_9fa48("1032")) {
        {}
      } else {
        stryCov_9fa48("1032");
        switch (ch) {
          case stryMutAct_9fa48("1034") ? "" : (stryCov_9fa48("1034"), '\n'):
            if (stryMutAct_9fa48("1033")) {} else {
              stryCov_9fa48("1033");
              return stryMutAct_9fa48("1035") ? "" : (stryCov_9fa48("1035"), '\\n');
            }
          case stryMutAct_9fa48("1037") ? "" : (stryCov_9fa48("1037"), '\r'):
            if (stryMutAct_9fa48("1036")) {} else {
              stryCov_9fa48("1036");
              return stryMutAct_9fa48("1038") ? "" : (stryCov_9fa48("1038"), '\\r');
            }
          case stryMutAct_9fa48("1040") ? "" : (stryCov_9fa48("1040"), '\t'):
            if (stryMutAct_9fa48("1039")) {} else {
              stryCov_9fa48("1039");
              return stryMutAct_9fa48("1041") ? "" : (stryCov_9fa48("1041"), '\\t');
            }
          default:
            if (stryMutAct_9fa48("1042")) {} else {
              stryCov_9fa48("1042");
              {
                if (stryMutAct_9fa48("1043")) {
                  {}
                } else {
                  stryCov_9fa48("1043");
                  const code = ch.charCodeAt(0);
                  // Above 0xff only U+2028 and U+2029 are escaped: always four hex digits.
                  return (stryMutAct_9fa48("1047") ? code <= 0xff : stryMutAct_9fa48("1046") ? code >= 0xff : stryMutAct_9fa48("1045") ? false : stryMutAct_9fa48("1044") ? true : (stryCov_9fa48("1044", "1045", "1046", "1047"), code > 0xff)) ? stryMutAct_9fa48("1048") ? `` : (stryCov_9fa48("1048"), `\\u${code.toString(16)}`) : stryMutAct_9fa48("1049") ? `` : (stryCov_9fa48("1049"), `\\x${code.toString(16).padStart(2, stryMutAct_9fa48("1050") ? "" : (stryCov_9fa48("1050"), '0'))}`);
                }
              }
            }
        }
      }
    });
  }
}