// @ts-nocheck
// Quantities as people read them.

/** A byte count in binary units: 512 B, 1.5 KB, 230 MB. */function stryNS_9fa48() {
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
export function formatBytes(n: number): string {
  if (stryMutAct_9fa48("1413")) {
    {}
  } else {
    stryCov_9fa48("1413");
    if (stryMutAct_9fa48("1417") ? n >= 1024 : stryMutAct_9fa48("1416") ? n <= 1024 : stryMutAct_9fa48("1415") ? false : stryMutAct_9fa48("1414") ? true : (stryCov_9fa48("1414", "1415", "1416", "1417"), n < 1024)) return stryMutAct_9fa48("1418") ? `` : (stryCov_9fa48("1418"), `${n} B`);
    const units = stryMutAct_9fa48("1419") ? [] : (stryCov_9fa48("1419"), [stryMutAct_9fa48("1420") ? "" : (stryCov_9fa48("1420"), 'KB'), stryMutAct_9fa48("1421") ? "" : (stryCov_9fa48("1421"), 'MB'), stryMutAct_9fa48("1422") ? "" : (stryCov_9fa48("1422"), 'GB'), stryMutAct_9fa48("1423") ? "" : (stryCov_9fa48("1423"), 'TB')]);
    let v = stryMutAct_9fa48("1424") ? n * 1024 : (stryCov_9fa48("1424"), n / 1024);
    let u = 0;
    while (stryMutAct_9fa48("1426") ? v >= 1024 || u < units.length - 1 : stryMutAct_9fa48("1425") ? false : (stryCov_9fa48("1425", "1426"), (stryMutAct_9fa48("1429") ? v < 1024 : stryMutAct_9fa48("1428") ? v > 1024 : stryMutAct_9fa48("1427") ? true : (stryCov_9fa48("1427", "1428", "1429"), v >= 1024)) && (stryMutAct_9fa48("1432") ? u >= units.length - 1 : stryMutAct_9fa48("1431") ? u <= units.length - 1 : stryMutAct_9fa48("1430") ? true : (stryCov_9fa48("1430", "1431", "1432"), u < (stryMutAct_9fa48("1433") ? units.length + 1 : (stryCov_9fa48("1433"), units.length - 1)))))) {
      if (stryMutAct_9fa48("1434")) {
        {}
      } else {
        stryCov_9fa48("1434");
        stryMutAct_9fa48("1435") ? v *= 1024 : (stryCov_9fa48("1435"), v /= 1024);
        stryMutAct_9fa48("1436") ? u-- : (stryCov_9fa48("1436"), u++);
      }
    }
    return stryMutAct_9fa48("1437") ? `` : (stryCov_9fa48("1437"), `${v.toFixed((stryMutAct_9fa48("1441") ? v < 100 : stryMutAct_9fa48("1440") ? v > 100 : stryMutAct_9fa48("1439") ? false : stryMutAct_9fa48("1438") ? true : (stryCov_9fa48("1438", "1439", "1440", "1441"), v >= 100)) ? 0 : 1)} ${units[u]}`);
  }
}