// @ts-nocheck
// A row of block characters (▁ to █) showing a series' shape in a table cell: values averaged into
// at most `width` buckets, scaled between the series' own minimum and maximum. A flat series is a
// flat line; no values is an empty string.
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
const BLOCKS = stryMutAct_9fa48("1230") ? "" : (stryCov_9fa48("1230"), '▁▂▃▄▅▆▇█');
export function sparkline(values: number[], width = 24): string {
  if (stryMutAct_9fa48("1231")) {
    {}
  } else {
    stryCov_9fa48("1231");
    // No values or no width: no buckets, an empty string.
    const buckets = stryMutAct_9fa48("1232") ? Math.max(width, values.length) : (stryCov_9fa48("1232"), Math.min(width, values.length));
    const averaged: number[] = stryMutAct_9fa48("1233") ? ["Stryker was here"] : (stryCov_9fa48("1233"), []);
    for (let b = 0; stryMutAct_9fa48("1236") ? b >= buckets : stryMutAct_9fa48("1235") ? b <= buckets : stryMutAct_9fa48("1234") ? false : (stryCov_9fa48("1234", "1235", "1236"), b < buckets); stryMutAct_9fa48("1237") ? b-- : (stryCov_9fa48("1237"), b++)) {
      if (stryMutAct_9fa48("1238")) {
        {}
      } else {
        stryCov_9fa48("1238");
        const from = Math.floor(stryMutAct_9fa48("1239") ? b * values.length * buckets : (stryCov_9fa48("1239"), (stryMutAct_9fa48("1240") ? b / values.length : (stryCov_9fa48("1240"), b * values.length)) / buckets));
        // At least one value a bucket: there are no more buckets than values.
        const to = Math.floor(stryMutAct_9fa48("1241") ? (b + 1) * values.length * buckets : (stryCov_9fa48("1241"), (stryMutAct_9fa48("1242") ? (b + 1) / values.length : (stryCov_9fa48("1242"), (stryMutAct_9fa48("1243") ? b - 1 : (stryCov_9fa48("1243"), b + 1)) * values.length)) / buckets));
        const slice = stryMutAct_9fa48("1244") ? values : (stryCov_9fa48("1244"), values.slice(from, to));
        averaged.push(stryMutAct_9fa48("1245") ? slice.reduce((a, v) => a + v, 0) * slice.length : (stryCov_9fa48("1245"), slice.reduce(stryMutAct_9fa48("1246") ? () => undefined : (stryCov_9fa48("1246"), (a, v) => stryMutAct_9fa48("1247") ? a - v : (stryCov_9fa48("1247"), a + v)), 0) / slice.length));
      }
    }
    const min = stryMutAct_9fa48("1248") ? Math.max(...averaged) : (stryCov_9fa48("1248"), Math.min(...averaged));
    const max = stryMutAct_9fa48("1249") ? Math.min(...averaged) : (stryCov_9fa48("1249"), Math.max(...averaged));
    const span = stryMutAct_9fa48("1250") ? max + min : (stryCov_9fa48("1250"), max - min);
    return averaged.map(stryMutAct_9fa48("1251") ? () => undefined : (stryCov_9fa48("1251"), v => BLOCKS[(stryMutAct_9fa48("1254") ? span !== 0 : stryMutAct_9fa48("1253") ? false : stryMutAct_9fa48("1252") ? true : (stryCov_9fa48("1252", "1253", "1254"), span === 0)) ? 0 : stryMutAct_9fa48("1255") ? Math.max(BLOCKS.length - 1, Math.floor((v - min) / span * BLOCKS.length)) : (stryCov_9fa48("1255"), Math.min(stryMutAct_9fa48("1256") ? BLOCKS.length + 1 : (stryCov_9fa48("1256"), BLOCKS.length - 1), Math.floor(stryMutAct_9fa48("1257") ? (v - min) / span / BLOCKS.length : (stryCov_9fa48("1257"), (stryMutAct_9fa48("1258") ? (v - min) * span : (stryCov_9fa48("1258"), (stryMutAct_9fa48("1259") ? v + min : (stryCov_9fa48("1259"), v - min)) / span)) * BLOCKS.length))))])).join(stryMutAct_9fa48("1260") ? "Stryker was here!" : (stryCov_9fa48("1260"), ''));
  }
}