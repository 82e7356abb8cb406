// @ts-nocheck
// Secrets in: a password never has to be in argv. Sources, in the order a user reaches for them:
// --password-stdin, --password-file, an environment variable, a hidden prompt with confirmation on
// a terminal, or --generate (cryptographically random, shown once). Every secret read is
// registered for redaction before anything else can print it.
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
import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { registerSecret } from './debug.js';
import { InterruptedError, UsageError } from './errors.js';
import type { IOStreams } from './streams.js';
export interface SecretFlags {
  stdin?: boolean;
  file?: string;
  generate?: boolean;
}
export interface SecretRequest {
  /** What the secret is, for messages and the prompt: "password for user app". */
  label: string;
  /** Flag names, for messages: { stdin: '--password-stdin', file: '--password-file', generate: '--generate' }. */
  flagNames: {
    stdin: string;
    file: string;
    generate?: string;
  };
  /** Environment variable holding it, e.g. MEMCTL_PASSWORD. */
  envVar: string;
  /** Ask twice on a terminal (for new secrets). */
  confirm: boolean;
  /** Fail when no source gives a secret (otherwise undefined is returned). */
  required: boolean;
  /** Ask on a terminal when nothing else gives it (default true). */
  prompt?: boolean;
}
export interface Secret {
  value: string;
  /** Made by --generate: the command must show it once, in its output. */
  generated: boolean;
  source: 'stdin' | 'file' | 'env' | 'prompt' | 'generated';
}

/** Characters for generated passwords: printable ASCII without quotes, backslash, spaces or @/ (which some clients mangle). */
const ALPHABET = stryMutAct_9fa48("1051") ? "" : (stryCov_9fa48("1051"), 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&()*+,-.:;<=>?[]^_{|}~');
export function generatePassword(length = 32): string {
  if (stryMutAct_9fa48("1052")) {
    {}
  } else {
    stryCov_9fa48("1052");
    let out = stryMutAct_9fa48("1053") ? "Stryker was here!" : (stryCov_9fa48("1053"), '');
    for (let i = 0; stryMutAct_9fa48("1056") ? i >= length : stryMutAct_9fa48("1055") ? i <= length : stryMutAct_9fa48("1054") ? false : (stryCov_9fa48("1054", "1055", "1056"), i < length); stryMutAct_9fa48("1057") ? i-- : (stryCov_9fa48("1057"), i++)) stryMutAct_9fa48("1058") ? out -= ALPHABET[randomInt(ALPHABET.length)] : (stryCov_9fa48("1058"), out += ALPHABET[randomInt(ALPHABET.length)]);
    return out;
  }
}

/** One line: a single trailing newline (\n or \r\n) is dropped, as `echo` and editors add it. */
function oneLine(text: string): string {
  if (stryMutAct_9fa48("1059")) {
    {}
  } else {
    stryCov_9fa48("1059");
    return text.replace(stryMutAct_9fa48("1061") ? /\r\n$/ : stryMutAct_9fa48("1060") ? /\r?\n/ : (stryCov_9fa48("1060", "1061"), /\r?\n$/), stryMutAct_9fa48("1062") ? "Stryker was here!" : (stryCov_9fa48("1062"), ''));
  }
}
export async function readAllStdin(io: IOStreams): Promise<string> {
  if (stryMutAct_9fa48("1063")) {
    {}
  } else {
    stryCov_9fa48("1063");
    const chunks: Buffer[] = stryMutAct_9fa48("1064") ? ["Stryker was here"] : (stryCov_9fa48("1064"), []);
    for await (const chunk of io.stdin) chunks.push((stryMutAct_9fa48("1067") ? typeof chunk !== 'string' : stryMutAct_9fa48("1066") ? false : stryMutAct_9fa48("1065") ? true : (stryCov_9fa48("1065", "1066", "1067"), typeof chunk === (stryMutAct_9fa48("1068") ? "" : (stryCov_9fa48("1068"), 'string')))) ? Buffer.from(chunk) : chunk as Buffer);
    return Buffer.concat(chunks).toString(stryMutAct_9fa48("1069") ? "" : (stryCov_9fa48("1069"), 'utf8'));
  }
}
export async function readSecret(io: IOStreams, env: NodeJS.ProcessEnv, flags: SecretFlags, request: SecretRequest, stdinText?: () => Promise<string>): Promise<Secret | undefined> {
  if (stryMutAct_9fa48("1070")) {
    {}
  } else {
    stryCov_9fa48("1070");
    const fromEnv = env[request.envVar];
    const chosen = stryMutAct_9fa48("1071") ? [flags.stdin === true ? request.flagNames.stdin : undefined, flags.file !== undefined ? request.flagNames.file : undefined, flags.generate === true ? request.flagNames.generate : undefined] : (stryCov_9fa48("1071"), (stryMutAct_9fa48("1072") ? [] : (stryCov_9fa48("1072"), [(stryMutAct_9fa48("1075") ? flags.stdin !== true : stryMutAct_9fa48("1074") ? false : stryMutAct_9fa48("1073") ? true : (stryCov_9fa48("1073", "1074", "1075"), flags.stdin === (stryMutAct_9fa48("1076") ? false : (stryCov_9fa48("1076"), true)))) ? request.flagNames.stdin : undefined, (stryMutAct_9fa48("1079") ? flags.file === undefined : stryMutAct_9fa48("1078") ? false : stryMutAct_9fa48("1077") ? true : (stryCov_9fa48("1077", "1078", "1079"), flags.file !== undefined)) ? request.flagNames.file : undefined, (stryMutAct_9fa48("1082") ? flags.generate !== true : stryMutAct_9fa48("1081") ? false : stryMutAct_9fa48("1080") ? true : (stryCov_9fa48("1080", "1081", "1082"), flags.generate === (stryMutAct_9fa48("1083") ? false : (stryCov_9fa48("1083"), true)))) ? request.flagNames.generate : undefined])).filter(stryMutAct_9fa48("1084") ? () => undefined : (stryCov_9fa48("1084"), (x): x is string => stryMutAct_9fa48("1087") ? x === undefined : stryMutAct_9fa48("1086") ? false : stryMutAct_9fa48("1085") ? true : (stryCov_9fa48("1085", "1086", "1087"), x !== undefined))));
    if (stryMutAct_9fa48("1091") ? chosen.length <= 1 : stryMutAct_9fa48("1090") ? chosen.length >= 1 : stryMutAct_9fa48("1089") ? false : stryMutAct_9fa48("1088") ? true : (stryCov_9fa48("1088", "1089", "1090", "1091"), chosen.length > 1)) throw new UsageError(stryMutAct_9fa48("1092") ? `` : (stryCov_9fa48("1092"), `use only one of ${chosen.join(stryMutAct_9fa48("1093") ? "" : (stryCov_9fa48("1093"), ', '))} for the ${request.label}`));
    let secret: Secret | undefined;
    if (stryMutAct_9fa48("1096") ? flags.stdin !== true : stryMutAct_9fa48("1095") ? false : stryMutAct_9fa48("1094") ? true : (stryCov_9fa48("1094", "1095", "1096"), flags.stdin === (stryMutAct_9fa48("1097") ? false : (stryCov_9fa48("1097"), true)))) {
      if (stryMutAct_9fa48("1098")) {
        {}
      } else {
        stryCov_9fa48("1098");
        if (stryMutAct_9fa48("1100") ? false : stryMutAct_9fa48("1099") ? true : (stryCov_9fa48("1099", "1100"), io.stdinIsTTY)) throw new UsageError(stryMutAct_9fa48("1101") ? `` : (stryCov_9fa48("1101"), `${request.flagNames.stdin} reads the ${request.label} from a pipe, e.g. \`printf %s "$PW" | memctl ... ${request.flagNames.stdin}\``));
        secret = stryMutAct_9fa48("1102") ? {} : (stryCov_9fa48("1102"), {
          value: oneLine((stryMutAct_9fa48("1105") ? stdinText !== undefined : stryMutAct_9fa48("1104") ? false : stryMutAct_9fa48("1103") ? true : (stryCov_9fa48("1103", "1104", "1105"), stdinText === undefined)) ? await readAllStdin(io) : await stdinText()),
          generated: stryMutAct_9fa48("1106") ? true : (stryCov_9fa48("1106"), false),
          source: stryMutAct_9fa48("1107") ? "" : (stryCov_9fa48("1107"), 'stdin')
        });
      }
    } else if (stryMutAct_9fa48("1110") ? flags.file === undefined : stryMutAct_9fa48("1109") ? false : stryMutAct_9fa48("1108") ? true : (stryCov_9fa48("1108", "1109", "1110"), flags.file !== undefined)) {
      if (stryMutAct_9fa48("1111")) {
        {}
      } else {
        stryCov_9fa48("1111");
        let text: string;
        try {
          if (stryMutAct_9fa48("1112")) {
            {}
          } else {
            stryCov_9fa48("1112");
            text = await readFile(flags.file, stryMutAct_9fa48("1113") ? "" : (stryCov_9fa48("1113"), 'utf8'));
          }
        } catch (err) {
          if (stryMutAct_9fa48("1114")) {
            {}
          } else {
            stryCov_9fa48("1114");
            throw new UsageError(stryMutAct_9fa48("1115") ? `` : (stryCov_9fa48("1115"), `cannot read ${request.flagNames.file} ${flags.file}: ${stryMutAct_9fa48("1116") ? (err as NodeJS.ErrnoException).code && (err as Error).message : (stryCov_9fa48("1116"), (err as NodeJS.ErrnoException).code ?? (err as Error).message)}`));
          }
        }
        secret = stryMutAct_9fa48("1117") ? {} : (stryCov_9fa48("1117"), {
          value: oneLine(text),
          generated: stryMutAct_9fa48("1118") ? true : (stryCov_9fa48("1118"), false),
          source: stryMutAct_9fa48("1119") ? "" : (stryCov_9fa48("1119"), 'file')
        });
      }
    } else if (stryMutAct_9fa48("1122") ? flags.generate !== true : stryMutAct_9fa48("1121") ? false : stryMutAct_9fa48("1120") ? true : (stryCov_9fa48("1120", "1121", "1122"), flags.generate === (stryMutAct_9fa48("1123") ? false : (stryCov_9fa48("1123"), true)))) {
      if (stryMutAct_9fa48("1124")) {
        {}
      } else {
        stryCov_9fa48("1124");
        secret = stryMutAct_9fa48("1125") ? {} : (stryCov_9fa48("1125"), {
          value: generatePassword(),
          generated: stryMutAct_9fa48("1126") ? false : (stryCov_9fa48("1126"), true),
          source: stryMutAct_9fa48("1127") ? "" : (stryCov_9fa48("1127"), 'generated')
        });
      }
    } else if (stryMutAct_9fa48("1130") ? fromEnv !== undefined || fromEnv !== '' : stryMutAct_9fa48("1129") ? false : stryMutAct_9fa48("1128") ? true : (stryCov_9fa48("1128", "1129", "1130"), (stryMutAct_9fa48("1132") ? fromEnv === undefined : stryMutAct_9fa48("1131") ? true : (stryCov_9fa48("1131", "1132"), fromEnv !== undefined)) && (stryMutAct_9fa48("1134") ? fromEnv === '' : stryMutAct_9fa48("1133") ? true : (stryCov_9fa48("1133", "1134"), fromEnv !== (stryMutAct_9fa48("1135") ? "Stryker was here!" : (stryCov_9fa48("1135"), '')))))) {
      if (stryMutAct_9fa48("1136")) {
        {}
      } else {
        stryCov_9fa48("1136");
        secret = stryMutAct_9fa48("1137") ? {} : (stryCov_9fa48("1137"), {
          value: fromEnv,
          generated: stryMutAct_9fa48("1138") ? true : (stryCov_9fa48("1138"), false),
          source: stryMutAct_9fa48("1139") ? "" : (stryCov_9fa48("1139"), 'env')
        });
      }
    } else if (stryMutAct_9fa48("1142") ? io.canPrompt || request.prompt !== false : stryMutAct_9fa48("1141") ? false : stryMutAct_9fa48("1140") ? true : (stryCov_9fa48("1140", "1141", "1142"), io.canPrompt && (stryMutAct_9fa48("1144") ? request.prompt === false : stryMutAct_9fa48("1143") ? true : (stryCov_9fa48("1143", "1144"), request.prompt !== (stryMutAct_9fa48("1145") ? true : (stryCov_9fa48("1145"), false)))))) {
      if (stryMutAct_9fa48("1146")) {
        {}
      } else {
        stryCov_9fa48("1146");
        secret = stryMutAct_9fa48("1147") ? {} : (stryCov_9fa48("1147"), {
          value: await promptSecret(io, request),
          generated: stryMutAct_9fa48("1148") ? true : (stryCov_9fa48("1148"), false),
          source: stryMutAct_9fa48("1149") ? "" : (stryCov_9fa48("1149"), 'prompt')
        });
      }
    }
    if (stryMutAct_9fa48("1152") ? secret !== undefined : stryMutAct_9fa48("1151") ? false : stryMutAct_9fa48("1150") ? true : (stryCov_9fa48("1150", "1151", "1152"), secret === undefined)) {
      if (stryMutAct_9fa48("1153")) {
        {}
      } else {
        stryCov_9fa48("1153");
        if (stryMutAct_9fa48("1156") ? false : stryMutAct_9fa48("1155") ? true : stryMutAct_9fa48("1154") ? request.required : (stryCov_9fa48("1154", "1155", "1156"), !request.required)) return undefined;
        const generate = (stryMutAct_9fa48("1159") ? request.flagNames.generate !== undefined : stryMutAct_9fa48("1158") ? false : stryMutAct_9fa48("1157") ? true : (stryCov_9fa48("1157", "1158", "1159"), request.flagNames.generate === undefined)) ? stryMutAct_9fa48("1160") ? "Stryker was here!" : (stryCov_9fa48("1160"), '') : stryMutAct_9fa48("1161") ? `` : (stryCov_9fa48("1161"), `, ${request.flagNames.generate}`);
        throw new UsageError(stryMutAct_9fa48("1162") ? `` : (stryCov_9fa48("1162"), `no ${request.label} given: use ${request.flagNames.stdin}, ${request.flagNames.file}, ${request.envVar}${generate} (or run on a terminal to be asked)`));
      }
    }
    registerSecret(secret.value);
    if (stryMutAct_9fa48("1165") ? secret.value !== '' : stryMutAct_9fa48("1164") ? false : stryMutAct_9fa48("1163") ? true : (stryCov_9fa48("1163", "1164", "1165"), secret.value === (stryMutAct_9fa48("1166") ? "Stryker was here!" : (stryCov_9fa48("1166"), '')))) throw new UsageError(stryMutAct_9fa48("1167") ? `` : (stryCov_9fa48("1167"), `the ${request.label} is empty`));
    return secret;
  }
}
async function promptSecret(io: IOStreams, request: SecretRequest): Promise<string> {
  if (stryMutAct_9fa48("1168")) {
    {}
  } else {
    stryCov_9fa48("1168");
    const {
      default: inquirer
    } = await import('inquirer');
    // The streams go to the prompt module: prompt()'s second argument is answers given in advance.
    const prompt = inquirer.createPromptModule(stryMutAct_9fa48("1169") ? {} : (stryCov_9fa48("1169"), {
      input: io.stdin,
      output: io.stderr
    }));
    const ask = async (message: string): Promise<string> => {
      if (stryMutAct_9fa48("1170")) {
        {}
      } else {
        stryCov_9fa48("1170");
        try {
          if (stryMutAct_9fa48("1171")) {
            {}
          } else {
            stryCov_9fa48("1171");
            const answer = await prompt<{
              value: string;
            }>(stryMutAct_9fa48("1172") ? [] : (stryCov_9fa48("1172"), [stryMutAct_9fa48("1173") ? {} : (stryCov_9fa48("1173"), {
              type: stryMutAct_9fa48("1174") ? "" : (stryCov_9fa48("1174"), 'password'),
              name: stryMutAct_9fa48("1175") ? "" : (stryCov_9fa48("1175"), 'value'),
              message,
              mask: stryMutAct_9fa48("1176") ? "" : (stryCov_9fa48("1176"), '*')
            })]));
            return answer.value;
          }
        } catch (err) {
          if (stryMutAct_9fa48("1177")) {
            {}
          } else {
            stryCov_9fa48("1177");
            if (stryMutAct_9fa48("1180") ? (err as Error).name !== 'ExitPromptError' : stryMutAct_9fa48("1179") ? false : stryMutAct_9fa48("1178") ? true : (stryCov_9fa48("1178", "1179", "1180"), (err as Error).name === (stryMutAct_9fa48("1181") ? "" : (stryCov_9fa48("1181"), 'ExitPromptError')))) throw new InterruptedError(stryMutAct_9fa48("1182") ? "" : (stryCov_9fa48("1182"), 'cancelled; nothing was changed'));
            throw err;
          }
        }
      }
    };
    const first = await ask(stryMutAct_9fa48("1183") ? `` : (stryCov_9fa48("1183"), `${stryMutAct_9fa48("1184") ? request.label[0]?.toUpperCase() && '' : (stryCov_9fa48("1184"), (stryMutAct_9fa48("1186") ? request.label[0].toUpperCase() : stryMutAct_9fa48("1185") ? request.label[0]?.toLowerCase() : (stryCov_9fa48("1185", "1186"), request.label[0]?.toUpperCase())) ?? (stryMutAct_9fa48("1187") ? "Stryker was here!" : (stryCov_9fa48("1187"), '')))}${stryMutAct_9fa48("1188") ? request.label : (stryCov_9fa48("1188"), request.label.slice(1))}:`));
    registerSecret(first);
    if (stryMutAct_9fa48("1191") ? request.confirm || (await ask(`Repeat the ${request.label}:`)) !== first : stryMutAct_9fa48("1190") ? false : stryMutAct_9fa48("1189") ? true : (stryCov_9fa48("1189", "1190", "1191"), request.confirm && (stryMutAct_9fa48("1193") ? (await ask(`Repeat the ${request.label}:`)) === first : stryMutAct_9fa48("1192") ? true : (stryCov_9fa48("1192", "1193"), (await ask(stryMutAct_9fa48("1194") ? `` : (stryCov_9fa48("1194"), `Repeat the ${request.label}:`))) !== first)))) throw new UsageError(stryMutAct_9fa48("1195") ? `` : (stryCov_9fa48("1195"), `the two ${request.label} entries differ`));
    return first;
  }
}