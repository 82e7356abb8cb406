// @ts-nocheck
// memctl's own settings file: named profiles of defaults (service, region, output, endpoint, AWS
// profile, --local), chosen with MEMCTL_PROFILE ("default" otherwise). Flags and the usual
// environment variables win over it; it only fills what neither gave.
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
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './errors.js';
import { isRecord, OUTPUT_FORMATS } from './output.js';

/** The settings a profile may hold, as written in the file. */
export const CONFIG_KEYS = ['service', 'region', 'output', 'endpoint-url', 'aws-profile', 'local'] as const;
type ConfigKey = (typeof CONFIG_KEYS)[number];
export interface ConfigProfile {
  service?: string;
  region?: string;
  output?: string;
  endpointUrl?: string;
  awsProfile?: string;
  local?: boolean;
  /** Where it came from, for --debug: "staging in /home/u/.config/memctl/config.yaml". */
  source: string;
}

/** MEMCTL_CONFIG, or config.yaml under XDG_CONFIG_HOME (~/.config) in a memctl folder. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (stryMutAct_9fa48("0")) {
    {}
  } else {
    stryCov_9fa48("0");
    if (stryMutAct_9fa48("3") ? env.MEMCTL_CONFIG !== undefined || env.MEMCTL_CONFIG !== '' : stryMutAct_9fa48("2") ? false : stryMutAct_9fa48("1") ? true : (stryCov_9fa48("1", "2", "3"), (stryMutAct_9fa48("5") ? env.MEMCTL_CONFIG === undefined : stryMutAct_9fa48("4") ? true : (stryCov_9fa48("4", "5"), env.MEMCTL_CONFIG !== undefined)) && (stryMutAct_9fa48("7") ? env.MEMCTL_CONFIG === '' : stryMutAct_9fa48("6") ? true : (stryCov_9fa48("6", "7"), env.MEMCTL_CONFIG !== (stryMutAct_9fa48("8") ? "Stryker was here!" : (stryCov_9fa48("8"), '')))))) return env.MEMCTL_CONFIG;
    const base = (stryMutAct_9fa48("11") ? env.XDG_CONFIG_HOME !== undefined || env.XDG_CONFIG_HOME !== '' : stryMutAct_9fa48("10") ? false : stryMutAct_9fa48("9") ? true : (stryCov_9fa48("9", "10", "11"), (stryMutAct_9fa48("13") ? env.XDG_CONFIG_HOME === undefined : stryMutAct_9fa48("12") ? true : (stryCov_9fa48("12", "13"), env.XDG_CONFIG_HOME !== undefined)) && (stryMutAct_9fa48("15") ? env.XDG_CONFIG_HOME === '' : stryMutAct_9fa48("14") ? true : (stryCov_9fa48("14", "15"), env.XDG_CONFIG_HOME !== (stryMutAct_9fa48("16") ? "Stryker was here!" : (stryCov_9fa48("16"), '')))))) ? env.XDG_CONFIG_HOME : join(stryMutAct_9fa48("17") ? env.HOME && homedir() : (stryCov_9fa48("17"), env.HOME ?? homedir()), stryMutAct_9fa48("18") ? "" : (stryCov_9fa48("18"), '.config'));
    return join(base, stryMutAct_9fa48("19") ? "" : (stryCov_9fa48("19"), 'memctl'), stryMutAct_9fa48("20") ? "" : (stryCov_9fa48("20"), 'config.yaml'));
  }
}

/**
 * The profile in force: MEMCTL_PROFILE's, or "default" when the file has one. Undefined when there
 * is no file and no profile was asked for. A file that does not parse, an unknown key or value
 * type, or a profile asked for that is not there: exit 2 naming the file.
 */
export async function loadConfig(env: NodeJS.ProcessEnv = process.env): Promise<ConfigProfile | undefined> {
  if (stryMutAct_9fa48("21")) {
    {}
  } else {
    stryCov_9fa48("21");
    const path = configPath(env);
    const wanted = (stryMutAct_9fa48("24") ? env.MEMCTL_PROFILE !== undefined || env.MEMCTL_PROFILE !== '' : stryMutAct_9fa48("23") ? false : stryMutAct_9fa48("22") ? true : (stryCov_9fa48("22", "23", "24"), (stryMutAct_9fa48("26") ? env.MEMCTL_PROFILE === undefined : stryMutAct_9fa48("25") ? true : (stryCov_9fa48("25", "26"), env.MEMCTL_PROFILE !== undefined)) && (stryMutAct_9fa48("28") ? env.MEMCTL_PROFILE === '' : stryMutAct_9fa48("27") ? true : (stryCov_9fa48("27", "28"), env.MEMCTL_PROFILE !== (stryMutAct_9fa48("29") ? "Stryker was here!" : (stryCov_9fa48("29"), '')))))) ? env.MEMCTL_PROFILE : undefined;
    let text: string;
    try {
      if (stryMutAct_9fa48("30")) {
        {}
      } else {
        stryCov_9fa48("30");
        text = await readFile(path, stryMutAct_9fa48("31") ? "" : (stryCov_9fa48("31"), 'utf8'));
      }
    } catch (err) {
      if (stryMutAct_9fa48("32")) {
        {}
      } else {
        stryCov_9fa48("32");
        if (stryMutAct_9fa48("35") ? (err as NodeJS.ErrnoException).code === 'ENOENT' : stryMutAct_9fa48("34") ? false : stryMutAct_9fa48("33") ? true : (stryCov_9fa48("33", "34", "35"), (err as NodeJS.ErrnoException).code !== (stryMutAct_9fa48("36") ? "" : (stryCov_9fa48("36"), 'ENOENT')))) throw new UsageError(stryMutAct_9fa48("37") ? `` : (stryCov_9fa48("37"), `cannot read the config file ${path}: ${(err as Error).message}`));
        if (stryMutAct_9fa48("40") ? wanted === undefined : stryMutAct_9fa48("39") ? false : stryMutAct_9fa48("38") ? true : (stryCov_9fa48("38", "39", "40"), wanted !== undefined)) throw new UsageError(stryMutAct_9fa48("41") ? `` : (stryCov_9fa48("41"), `MEMCTL_PROFILE is "${wanted}" but there is no config file ${path}`), stryMutAct_9fa48("42") ? {} : (stryCov_9fa48("42"), {
          hint: stryMutAct_9fa48("43") ? "" : (stryCov_9fa48("43"), 'create it (see docs/config.md) or unset MEMCTL_PROFILE')
        }));
        return undefined;
      }
    }
    const yaml = (await import('yaml')) as unknown as {
      parse?: (t: string) => unknown;
      default: {
        parse: (t: string) => unknown;
      };
    };
    let doc: unknown;
    try {
      if (stryMutAct_9fa48("44")) {
        {}
      } else {
        stryCov_9fa48("44");
        doc = (stryMutAct_9fa48("45") ? yaml.parse && yaml.default.parse : (stryCov_9fa48("45"), yaml.parse ?? yaml.default.parse))(text);
      }
    } catch (err) {
      if (stryMutAct_9fa48("46")) {
        {}
      } else {
        stryCov_9fa48("46");
        throw new UsageError(stryMutAct_9fa48("47") ? `` : (stryCov_9fa48("47"), `the config file ${path} is not valid YAML: ${stryMutAct_9fa48("48") ? (err as Error).message.split('\n')[0] && '' : (stryCov_9fa48("48"), (err as Error).message.split(stryMutAct_9fa48("49") ? "" : (stryCov_9fa48("49"), '\n'))[0] ?? (stryMutAct_9fa48("50") ? "Stryker was here!" : (stryCov_9fa48("50"), '')))}`));
      }
    }
    if (stryMutAct_9fa48("53") ? doc === null && doc === undefined : stryMutAct_9fa48("52") ? false : stryMutAct_9fa48("51") ? true : (stryCov_9fa48("51", "52", "53"), (stryMutAct_9fa48("55") ? doc !== null : stryMutAct_9fa48("54") ? false : (stryCov_9fa48("54", "55"), doc === null)) || (stryMutAct_9fa48("57") ? doc !== undefined : stryMutAct_9fa48("56") ? false : (stryCov_9fa48("56", "57"), doc === undefined)))) doc = {};
    const profiles = isRecord(doc) ? doc.profiles : undefined;
    if (stryMutAct_9fa48("60") ? (!isRecord(doc) || Object.keys(doc).some(k => k !== 'profiles')) && profiles !== undefined && !isRecord(profiles) : stryMutAct_9fa48("59") ? false : stryMutAct_9fa48("58") ? true : (stryCov_9fa48("58", "59", "60"), (stryMutAct_9fa48("62") ? !isRecord(doc) && Object.keys(doc).some(k => k !== 'profiles') : stryMutAct_9fa48("61") ? false : (stryCov_9fa48("61", "62"), (stryMutAct_9fa48("63") ? isRecord(doc) : (stryCov_9fa48("63"), !isRecord(doc))) || (stryMutAct_9fa48("64") ? Object.keys(doc).every(k => k !== 'profiles') : (stryCov_9fa48("64"), Object.keys(doc).some(stryMutAct_9fa48("65") ? () => undefined : (stryCov_9fa48("65"), k => stryMutAct_9fa48("68") ? k === 'profiles' : stryMutAct_9fa48("67") ? false : stryMutAct_9fa48("66") ? true : (stryCov_9fa48("66", "67", "68"), k !== (stryMutAct_9fa48("69") ? "" : (stryCov_9fa48("69"), 'profiles'))))))))) || (stryMutAct_9fa48("71") ? profiles !== undefined || !isRecord(profiles) : stryMutAct_9fa48("70") ? false : (stryCov_9fa48("70", "71"), (stryMutAct_9fa48("73") ? profiles === undefined : stryMutAct_9fa48("72") ? true : (stryCov_9fa48("72", "73"), profiles !== undefined)) && (stryMutAct_9fa48("74") ? isRecord(profiles) : (stryCov_9fa48("74"), !isRecord(profiles))))))) {
      if (stryMutAct_9fa48("75")) {
        {}
      } else {
        stryCov_9fa48("75");
        throw new UsageError(stryMutAct_9fa48("76") ? `` : (stryCov_9fa48("76"), `the config file ${path} must hold one mapping, "profiles:", of profile names to settings`));
      }
    }
    const all = (profiles ?? {}) as Record<string, unknown>;
    const name = stryMutAct_9fa48("77") ? wanted && 'default' : (stryCov_9fa48("77"), wanted ?? (stryMutAct_9fa48("78") ? "" : (stryCov_9fa48("78"), 'default')));
    const chosen = all[name];
    if (stryMutAct_9fa48("81") ? chosen !== undefined : stryMutAct_9fa48("80") ? false : stryMutAct_9fa48("79") ? true : (stryCov_9fa48("79", "80", "81"), chosen === undefined)) {
      if (stryMutAct_9fa48("82")) {
        {}
      } else {
        stryCov_9fa48("82");
        if (stryMutAct_9fa48("85") ? wanted !== undefined : stryMutAct_9fa48("84") ? false : stryMutAct_9fa48("83") ? true : (stryCov_9fa48("83", "84", "85"), wanted === undefined)) return undefined;
        const names = Object.keys(all);
        throw new UsageError(stryMutAct_9fa48("86") ? `` : (stryCov_9fa48("86"), `profile "${wanted}" (MEMCTL_PROFILE) is not in ${path}`), stryMutAct_9fa48("87") ? {} : (stryCov_9fa48("87"), {
          hint: (stryMutAct_9fa48("90") ? names.length !== 0 : stryMutAct_9fa48("89") ? false : stryMutAct_9fa48("88") ? true : (stryCov_9fa48("88", "89", "90"), names.length === 0)) ? stryMutAct_9fa48("91") ? "" : (stryCov_9fa48("91"), 'the file has no profiles') : stryMutAct_9fa48("92") ? `` : (stryCov_9fa48("92"), `its profiles: ${names.join(stryMutAct_9fa48("93") ? "" : (stryCov_9fa48("93"), ', '))}`)
        }));
      }
    }
    return parseProfile(chosen, stryMutAct_9fa48("94") ? `` : (stryCov_9fa48("94"), `${name} in ${path}`));
  }
}
function parseProfile(value: unknown, source: string): ConfigProfile {
  if (stryMutAct_9fa48("95")) {
    {}
  } else {
    stryCov_9fa48("95");
    if (stryMutAct_9fa48("98") ? false : stryMutAct_9fa48("97") ? true : stryMutAct_9fa48("96") ? isRecord(value) : (stryCov_9fa48("96", "97", "98"), !isRecord(value))) throw new UsageError(stryMutAct_9fa48("99") ? `` : (stryCov_9fa48("99"), `profile ${source}: expected settings (${CONFIG_KEYS.join(stryMutAct_9fa48("100") ? "" : (stryCov_9fa48("100"), ', '))})`));
    const out: ConfigProfile = stryMutAct_9fa48("101") ? {} : (stryCov_9fa48("101"), {
      source
    });
    for (const [key, v] of Object.entries(value)) {
      if (stryMutAct_9fa48("102")) {
        {}
      } else {
        stryCov_9fa48("102");
        if (stryMutAct_9fa48("105") ? false : stryMutAct_9fa48("104") ? true : stryMutAct_9fa48("103") ? (CONFIG_KEYS as readonly string[]).includes(key) : (stryCov_9fa48("103", "104", "105"), !(CONFIG_KEYS as readonly string[]).includes(key))) throw new UsageError(stryMutAct_9fa48("106") ? `` : (stryCov_9fa48("106"), `profile ${source}: unknown setting "${key}" (expected ${CONFIG_KEYS.join(stryMutAct_9fa48("107") ? "" : (stryCov_9fa48("107"), ', '))})`));
        const k = key as ConfigKey;
        if (stryMutAct_9fa48("110") ? k !== 'local' : stryMutAct_9fa48("109") ? false : stryMutAct_9fa48("108") ? true : (stryCov_9fa48("108", "109", "110"), k === (stryMutAct_9fa48("111") ? "" : (stryCov_9fa48("111"), 'local')))) {
          if (stryMutAct_9fa48("112")) {
            {}
          } else {
            stryCov_9fa48("112");
            if (stryMutAct_9fa48("115") ? typeof v === 'boolean' : stryMutAct_9fa48("114") ? false : stryMutAct_9fa48("113") ? true : (stryCov_9fa48("113", "114", "115"), typeof v !== (stryMutAct_9fa48("116") ? "" : (stryCov_9fa48("116"), 'boolean')))) throw new UsageError(stryMutAct_9fa48("117") ? `` : (stryCov_9fa48("117"), `profile ${source}: local must be true or false`));
            out.local = v;
            continue;
          }
        }
        if (stryMutAct_9fa48("120") ? typeof v !== 'string' && v.trim() === '' : stryMutAct_9fa48("119") ? false : stryMutAct_9fa48("118") ? true : (stryCov_9fa48("118", "119", "120"), (stryMutAct_9fa48("122") ? typeof v === 'string' : stryMutAct_9fa48("121") ? false : (stryCov_9fa48("121", "122"), typeof v !== (stryMutAct_9fa48("123") ? "" : (stryCov_9fa48("123"), 'string')))) || (stryMutAct_9fa48("125") ? v.trim() !== '' : stryMutAct_9fa48("124") ? false : (stryCov_9fa48("124", "125"), (stryMutAct_9fa48("126") ? v : (stryCov_9fa48("126"), v.trim())) === (stryMutAct_9fa48("127") ? "Stryker was here!" : (stryCov_9fa48("127"), '')))))) throw new UsageError(stryMutAct_9fa48("128") ? `` : (stryCov_9fa48("128"), `profile ${source}: ${key} must be a non-empty string`));
        if (stryMutAct_9fa48("131") ? k === 'service' && v !== 'memorydb' || v !== 'elasticache' : stryMutAct_9fa48("130") ? false : stryMutAct_9fa48("129") ? true : (stryCov_9fa48("129", "130", "131"), (stryMutAct_9fa48("133") ? k === 'service' || v !== 'memorydb' : stryMutAct_9fa48("132") ? true : (stryCov_9fa48("132", "133"), (stryMutAct_9fa48("135") ? k !== 'service' : stryMutAct_9fa48("134") ? true : (stryCov_9fa48("134", "135"), k === (stryMutAct_9fa48("136") ? "" : (stryCov_9fa48("136"), 'service')))) && (stryMutAct_9fa48("138") ? v === 'memorydb' : stryMutAct_9fa48("137") ? true : (stryCov_9fa48("137", "138"), v !== (stryMutAct_9fa48("139") ? "" : (stryCov_9fa48("139"), 'memorydb')))))) && (stryMutAct_9fa48("141") ? v === 'elasticache' : stryMutAct_9fa48("140") ? true : (stryCov_9fa48("140", "141"), v !== (stryMutAct_9fa48("142") ? "" : (stryCov_9fa48("142"), 'elasticache')))))) throw new UsageError(stryMutAct_9fa48("143") ? `` : (stryCov_9fa48("143"), `profile ${source}: service must be memorydb or elasticache, not "${v}"`));
        if (stryMutAct_9fa48("146") ? k === 'output' || !(OUTPUT_FORMATS as readonly string[]).includes(v) : stryMutAct_9fa48("145") ? false : stryMutAct_9fa48("144") ? true : (stryCov_9fa48("144", "145", "146"), (stryMutAct_9fa48("148") ? k !== 'output' : stryMutAct_9fa48("147") ? true : (stryCov_9fa48("147", "148"), k === (stryMutAct_9fa48("149") ? "" : (stryCov_9fa48("149"), 'output')))) && (stryMutAct_9fa48("150") ? (OUTPUT_FORMATS as readonly string[]).includes(v) : (stryCov_9fa48("150"), !(OUTPUT_FORMATS as readonly string[]).includes(v))))) throw new UsageError(stryMutAct_9fa48("151") ? `` : (stryCov_9fa48("151"), `profile ${source}: output must be one of ${OUTPUT_FORMATS.join(stryMutAct_9fa48("152") ? "" : (stryCov_9fa48("152"), ', '))}, not "${v}"`));
        if (stryMutAct_9fa48("155") ? k !== 'service' : stryMutAct_9fa48("154") ? false : stryMutAct_9fa48("153") ? true : (stryCov_9fa48("153", "154", "155"), k === (stryMutAct_9fa48("156") ? "" : (stryCov_9fa48("156"), 'service')))) out.service = v;else if (stryMutAct_9fa48("159") ? k !== 'region' : stryMutAct_9fa48("158") ? false : stryMutAct_9fa48("157") ? true : (stryCov_9fa48("157", "158", "159"), k === (stryMutAct_9fa48("160") ? "" : (stryCov_9fa48("160"), 'region')))) out.region = v;else if (stryMutAct_9fa48("163") ? k !== 'output' : stryMutAct_9fa48("162") ? false : stryMutAct_9fa48("161") ? true : (stryCov_9fa48("161", "162", "163"), k === (stryMutAct_9fa48("164") ? "" : (stryCov_9fa48("164"), 'output')))) out.output = v;else if (stryMutAct_9fa48("167") ? k !== 'endpoint-url' : stryMutAct_9fa48("166") ? false : stryMutAct_9fa48("165") ? true : (stryCov_9fa48("165", "166", "167"), k === (stryMutAct_9fa48("168") ? "" : (stryCov_9fa48("168"), 'endpoint-url')))) out.endpointUrl = v;else out.awsProfile = v;
      }
    }
    return out;
  }
}

/** The flags, each left unset filled from the profile unless its environment variable is set. */
export function withConfig<F extends {
  service?: string;
  region?: string;
  output?: string;
  endpointUrl?: string;
  profile?: string;
  local?: boolean;
}>(flags: F, config: ConfigProfile | undefined, env: NodeJS.ProcessEnv): F {
  if (stryMutAct_9fa48("169")) {
    {}
  } else {
    stryCov_9fa48("169");
    if (stryMutAct_9fa48("172") ? config !== undefined : stryMutAct_9fa48("171") ? false : stryMutAct_9fa48("170") ? true : (stryCov_9fa48("170", "171", "172"), config === undefined)) return flags;
    const set = stryMutAct_9fa48("173") ? () => undefined : (stryCov_9fa48("173"), (() => {
      const set = (name: string): boolean => stryMutAct_9fa48("176") ? env[name] !== undefined || env[name] !== '' : stryMutAct_9fa48("175") ? false : stryMutAct_9fa48("174") ? true : (stryCov_9fa48("174", "175", "176"), (stryMutAct_9fa48("178") ? env[name] === undefined : stryMutAct_9fa48("177") ? true : (stryCov_9fa48("177", "178"), env[name] !== undefined)) && (stryMutAct_9fa48("180") ? env[name] === '' : stryMutAct_9fa48("179") ? true : (stryCov_9fa48("179", "180"), env[name] !== (stryMutAct_9fa48("181") ? "Stryker was here!" : (stryCov_9fa48("181"), '')))));
      return set;
    })());
    const out = stryMutAct_9fa48("182") ? {} : (stryCov_9fa48("182"), {
      ...flags
    });
    if (stryMutAct_9fa48("185") ? out.service === undefined && !set('MEMCTL_SERVICE') || config.service !== undefined : stryMutAct_9fa48("184") ? false : stryMutAct_9fa48("183") ? true : (stryCov_9fa48("183", "184", "185"), (stryMutAct_9fa48("187") ? out.service === undefined || !set('MEMCTL_SERVICE') : stryMutAct_9fa48("186") ? true : (stryCov_9fa48("186", "187"), (stryMutAct_9fa48("189") ? out.service !== undefined : stryMutAct_9fa48("188") ? true : (stryCov_9fa48("188", "189"), out.service === undefined)) && (stryMutAct_9fa48("190") ? set('MEMCTL_SERVICE') : (stryCov_9fa48("190"), !set(stryMutAct_9fa48("191") ? "" : (stryCov_9fa48("191"), 'MEMCTL_SERVICE')))))) && (stryMutAct_9fa48("193") ? config.service === undefined : stryMutAct_9fa48("192") ? true : (stryCov_9fa48("192", "193"), config.service !== undefined)))) out.service = config.service;
    if (stryMutAct_9fa48("196") ? out.region === undefined && !set('AWS_REGION') && !set('AWS_DEFAULT_REGION') || config.region !== undefined : stryMutAct_9fa48("195") ? false : stryMutAct_9fa48("194") ? true : (stryCov_9fa48("194", "195", "196"), (stryMutAct_9fa48("198") ? out.region === undefined && !set('AWS_REGION') || !set('AWS_DEFAULT_REGION') : stryMutAct_9fa48("197") ? true : (stryCov_9fa48("197", "198"), (stryMutAct_9fa48("200") ? out.region === undefined || !set('AWS_REGION') : stryMutAct_9fa48("199") ? true : (stryCov_9fa48("199", "200"), (stryMutAct_9fa48("202") ? out.region !== undefined : stryMutAct_9fa48("201") ? true : (stryCov_9fa48("201", "202"), out.region === undefined)) && (stryMutAct_9fa48("203") ? set('AWS_REGION') : (stryCov_9fa48("203"), !set(stryMutAct_9fa48("204") ? "" : (stryCov_9fa48("204"), 'AWS_REGION')))))) && (stryMutAct_9fa48("205") ? set('AWS_DEFAULT_REGION') : (stryCov_9fa48("205"), !set(stryMutAct_9fa48("206") ? "" : (stryCov_9fa48("206"), 'AWS_DEFAULT_REGION')))))) && (stryMutAct_9fa48("208") ? config.region === undefined : stryMutAct_9fa48("207") ? true : (stryCov_9fa48("207", "208"), config.region !== undefined)))) out.region = config.region;
    if (stryMutAct_9fa48("211") ? out.output === undefined || config.output !== undefined : stryMutAct_9fa48("210") ? false : stryMutAct_9fa48("209") ? true : (stryCov_9fa48("209", "210", "211"), (stryMutAct_9fa48("213") ? out.output !== undefined : stryMutAct_9fa48("212") ? true : (stryCov_9fa48("212", "213"), out.output === undefined)) && (stryMutAct_9fa48("215") ? config.output === undefined : stryMutAct_9fa48("214") ? true : (stryCov_9fa48("214", "215"), config.output !== undefined)))) out.output = config.output;
    if (stryMutAct_9fa48("218") ? out.profile === undefined && !set('AWS_PROFILE') || config.awsProfile !== undefined : stryMutAct_9fa48("217") ? false : stryMutAct_9fa48("216") ? true : (stryCov_9fa48("216", "217", "218"), (stryMutAct_9fa48("220") ? out.profile === undefined || !set('AWS_PROFILE') : stryMutAct_9fa48("219") ? true : (stryCov_9fa48("219", "220"), (stryMutAct_9fa48("222") ? out.profile !== undefined : stryMutAct_9fa48("221") ? true : (stryCov_9fa48("221", "222"), out.profile === undefined)) && (stryMutAct_9fa48("223") ? set('AWS_PROFILE') : (stryCov_9fa48("223"), !set(stryMutAct_9fa48("224") ? "" : (stryCov_9fa48("224"), 'AWS_PROFILE')))))) && (stryMutAct_9fa48("226") ? config.awsProfile === undefined : stryMutAct_9fa48("225") ? true : (stryCov_9fa48("225", "226"), config.awsProfile !== undefined)))) out.profile = config.awsProfile;
    const endpointVar = stryMutAct_9fa48("227") ? Object.keys(env).every(k => k.startsWith('AWS_ENDPOINT_URL') && set(k)) : (stryCov_9fa48("227"), Object.keys(env).some(stryMutAct_9fa48("228") ? () => undefined : (stryCov_9fa48("228"), k => stryMutAct_9fa48("231") ? k.startsWith('AWS_ENDPOINT_URL') || set(k) : stryMutAct_9fa48("230") ? false : stryMutAct_9fa48("229") ? true : (stryCov_9fa48("229", "230", "231"), (stryMutAct_9fa48("232") ? k.endsWith('AWS_ENDPOINT_URL') : (stryCov_9fa48("232"), k.startsWith(stryMutAct_9fa48("233") ? "" : (stryCov_9fa48("233"), 'AWS_ENDPOINT_URL')))) && set(k)))));
    // --local on the command line, or an endpoint given anywhere, wins over the profile's choice.
    if (stryMutAct_9fa48("236") ? out.local === undefined && out.endpointUrl === undefined && config.local !== undefined || !endpointVar : stryMutAct_9fa48("235") ? false : stryMutAct_9fa48("234") ? true : (stryCov_9fa48("234", "235", "236"), (stryMutAct_9fa48("238") ? out.local === undefined && out.endpointUrl === undefined || config.local !== undefined : stryMutAct_9fa48("237") ? true : (stryCov_9fa48("237", "238"), (stryMutAct_9fa48("240") ? out.local === undefined || out.endpointUrl === undefined : stryMutAct_9fa48("239") ? true : (stryCov_9fa48("239", "240"), (stryMutAct_9fa48("242") ? out.local !== undefined : stryMutAct_9fa48("241") ? true : (stryCov_9fa48("241", "242"), out.local === undefined)) && (stryMutAct_9fa48("244") ? out.endpointUrl !== undefined : stryMutAct_9fa48("243") ? true : (stryCov_9fa48("243", "244"), out.endpointUrl === undefined)))) && (stryMutAct_9fa48("246") ? config.local === undefined : stryMutAct_9fa48("245") ? true : (stryCov_9fa48("245", "246"), config.local !== undefined)))) && (stryMutAct_9fa48("247") ? endpointVar : (stryCov_9fa48("247"), !endpointVar)))) out.local = config.local;
    if (stryMutAct_9fa48("250") ? out.endpointUrl === undefined && out.local !== true && !endpointVar || config.endpointUrl !== undefined : stryMutAct_9fa48("249") ? false : stryMutAct_9fa48("248") ? true : (stryCov_9fa48("248", "249", "250"), (stryMutAct_9fa48("252") ? out.endpointUrl === undefined && out.local !== true || !endpointVar : stryMutAct_9fa48("251") ? true : (stryCov_9fa48("251", "252"), (stryMutAct_9fa48("254") ? out.endpointUrl === undefined || out.local !== true : stryMutAct_9fa48("253") ? true : (stryCov_9fa48("253", "254"), (stryMutAct_9fa48("256") ? out.endpointUrl !== undefined : stryMutAct_9fa48("255") ? true : (stryCov_9fa48("255", "256"), out.endpointUrl === undefined)) && (stryMutAct_9fa48("258") ? out.local === true : stryMutAct_9fa48("257") ? true : (stryCov_9fa48("257", "258"), out.local !== (stryMutAct_9fa48("259") ? false : (stryCov_9fa48("259"), true)))))) && (stryMutAct_9fa48("260") ? endpointVar : (stryCov_9fa48("260"), !endpointVar)))) && (stryMutAct_9fa48("262") ? config.endpointUrl === undefined : stryMutAct_9fa48("261") ? true : (stryCov_9fa48("261", "262"), config.endpointUrl !== undefined)))) out.endpointUrl = config.endpointUrl;
    return out;
  }
}