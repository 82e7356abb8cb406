// @ts-nocheck
// --debug logging to stderr with every secret redacted.
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
import type { IOStreams } from './streams.js';
const REDACTED = stryMutAct_9fa48("263") ? "" : (stryCov_9fa48("263"), '[REDACTED]');

/** Values that must never be printed, registered as soon as memctl reads them. */
const knownSecrets = new Set<string>();
export function registerSecret(secret: string | undefined): void {
  if (stryMutAct_9fa48("264")) {
    {}
  } else {
    stryCov_9fa48("264");
    if (stryMutAct_9fa48("267") ? secret === undefined && secret.length < 4 : stryMutAct_9fa48("266") ? false : stryMutAct_9fa48("265") ? true : (stryCov_9fa48("265", "266", "267"), (stryMutAct_9fa48("269") ? secret !== undefined : stryMutAct_9fa48("268") ? false : (stryCov_9fa48("268", "269"), secret === undefined)) || (stryMutAct_9fa48("272") ? secret.length >= 4 : stryMutAct_9fa48("271") ? secret.length <= 4 : stryMutAct_9fa48("270") ? false : (stryCov_9fa48("270", "271", "272"), secret.length < 4)))) return;
    knownSecrets.add(secret);
    // The same secret as it appears inside JSON text (quotes and backslashes escaped).
    knownSecrets.add(stryMutAct_9fa48("273") ? JSON.stringify(secret) : (stryCov_9fa48("273"), JSON.stringify(secret).slice(1, stryMutAct_9fa48("274") ? +1 : (stryCov_9fa48("274"), -1))));
  }
}
const SECRET_KEY = stryMutAct_9fa48("278") ? /^(passwords?|authtoken|auth_token|secretaccesskey|sessiontoken|token|password_hash|newpassword)$/i : stryMutAct_9fa48("277") ? /^(passwords|authtoken|auth_token|secretaccesskey|sessiontoken|token|password_?hash|newpassword)$/i : stryMutAct_9fa48("276") ? /^(passwords?|authtoken|auth_token|secretaccesskey|sessiontoken|token|password_?hash|newpassword)/i : stryMutAct_9fa48("275") ? /(passwords?|authtoken|auth_token|secretaccesskey|sessiontoken|token|password_?hash|newpassword)$/i : (stryCov_9fa48("275", "276", "277", "278"), /^(passwords?|authtoken|auth_token|secretaccesskey|sessiontoken|token|password_?hash|newpassword)$/i);

/** A copy of a value with every secret-named field replaced, for structured debug output. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (stryMutAct_9fa48("279")) {
    {}
  } else {
    stryCov_9fa48("279");
    if (stryMutAct_9fa48("282") ? (depth > 20 || value === null) && typeof value !== 'object' : stryMutAct_9fa48("281") ? false : stryMutAct_9fa48("280") ? true : (stryCov_9fa48("280", "281", "282"), (stryMutAct_9fa48("284") ? depth > 20 && value === null : stryMutAct_9fa48("283") ? false : (stryCov_9fa48("283", "284"), (stryMutAct_9fa48("287") ? depth <= 20 : stryMutAct_9fa48("286") ? depth >= 20 : stryMutAct_9fa48("285") ? false : (stryCov_9fa48("285", "286", "287"), depth > 20)) || (stryMutAct_9fa48("289") ? value !== null : stryMutAct_9fa48("288") ? false : (stryCov_9fa48("288", "289"), value === null)))) || (stryMutAct_9fa48("291") ? typeof value === 'object' : stryMutAct_9fa48("290") ? false : (stryCov_9fa48("290", "291"), typeof value !== (stryMutAct_9fa48("292") ? "" : (stryCov_9fa48("292"), 'object')))))) return value;
    if (stryMutAct_9fa48("294") ? false : stryMutAct_9fa48("293") ? true : (stryCov_9fa48("293", "294"), Array.isArray(value))) return value.map(stryMutAct_9fa48("295") ? () => undefined : (stryCov_9fa48("295"), v => redactValue(v, stryMutAct_9fa48("296") ? depth - 1 : (stryCov_9fa48("296"), depth + 1))));
    if (stryMutAct_9fa48("299") ? value instanceof Date && value instanceof Uint8Array : stryMutAct_9fa48("298") ? false : stryMutAct_9fa48("297") ? true : (stryCov_9fa48("297", "298", "299"), value instanceof Date || value instanceof Uint8Array)) return value;
    const out: Record<string, unknown> = {};
    // A secret field that carries nothing is left out: "[REDACTED]" would claim a secret was sent.
    for (const [key, v] of Object.entries(value)) {
      if (stryMutAct_9fa48("300")) {
        {}
      } else {
        stryCov_9fa48("300");
        if (stryMutAct_9fa48("303") ? false : stryMutAct_9fa48("302") ? true : stryMutAct_9fa48("301") ? SECRET_KEY.test(key) : (stryCov_9fa48("301", "302", "303"), !SECRET_KEY.test(key))) out[key] = redactValue(v, stryMutAct_9fa48("304") ? depth - 1 : (stryCov_9fa48("304"), depth + 1));else if (stryMutAct_9fa48("307") ? v !== undefined && v !== null && v !== '' || !(Array.isArray(v) && v.length === 0) : stryMutAct_9fa48("306") ? false : stryMutAct_9fa48("305") ? true : (stryCov_9fa48("305", "306", "307"), (stryMutAct_9fa48("309") ? v !== undefined && v !== null || v !== '' : stryMutAct_9fa48("308") ? true : (stryCov_9fa48("308", "309"), (stryMutAct_9fa48("311") ? v !== undefined || v !== null : stryMutAct_9fa48("310") ? true : (stryCov_9fa48("310", "311"), (stryMutAct_9fa48("313") ? v === undefined : stryMutAct_9fa48("312") ? true : (stryCov_9fa48("312", "313"), v !== undefined)) && (stryMutAct_9fa48("315") ? v === null : stryMutAct_9fa48("314") ? true : (stryCov_9fa48("314", "315"), v !== null)))) && (stryMutAct_9fa48("317") ? v === '' : stryMutAct_9fa48("316") ? true : (stryCov_9fa48("316", "317"), v !== (stryMutAct_9fa48("318") ? "Stryker was here!" : (stryCov_9fa48("318"), '')))))) && (stryMutAct_9fa48("319") ? Array.isArray(v) && v.length === 0 : (stryCov_9fa48("319"), !(stryMutAct_9fa48("322") ? Array.isArray(v) || v.length === 0 : stryMutAct_9fa48("321") ? false : stryMutAct_9fa48("320") ? true : (stryCov_9fa48("320", "321", "322"), Array.isArray(v) && (stryMutAct_9fa48("324") ? v.length !== 0 : stryMutAct_9fa48("323") ? true : (stryCov_9fa48("323", "324"), v.length === 0)))))))) out[key] = REDACTED;
      }
    }
    return out;
  }
}
const PROSE_AFTER_TOKEN = (stryMutAct_9fa48("325") ? [] : (stryCov_9fa48("325"), [stryMutAct_9fa48("326") ? "" : (stryCov_9fa48("326"), 'of'), stryMutAct_9fa48("327") ? "" : (stryCov_9fa48("327"), 'for'), stryMutAct_9fa48("328") ? "" : (stryCov_9fa48("328"), 'is'), stryMutAct_9fa48("329") ? "" : (stryCov_9fa48("329"), 'was'), stryMutAct_9fa48("330") ? "" : (stryCov_9fa48("330"), 'must'), stryMutAct_9fa48("331") ? "" : (stryCov_9fa48("331"), 'cannot'), stryMutAct_9fa48("332") ? "" : (stryCov_9fa48("332"), 'needs'), stryMutAct_9fa48("333") ? "" : (stryCov_9fa48("333"), 'and'), stryMutAct_9fa48("334") ? "" : (stryCov_9fa48("334"), 'or'), stryMutAct_9fa48("335") ? "" : (stryCov_9fa48("335"), 'to'), stryMutAct_9fa48("336") ? "" : (stryCov_9fa48("336"), 'from'), stryMutAct_9fa48("337") ? "" : (stryCov_9fa48("337"), 'with'), stryMutAct_9fa48("338") ? "" : (stryCov_9fa48("338"), 'by'), stryMutAct_9fa48("339") ? "" : (stryCov_9fa48("339"), 'in'), stryMutAct_9fa48("340") ? "" : (stryCov_9fa48("340"), 'on'), stryMutAct_9fa48("341") ? "" : (stryCov_9fa48("341"), 'rotation'), stryMutAct_9fa48("342") ? "" : (stryCov_9fa48("342"), 'change'), stryMutAct_9fa48("343") ? "" : (stryCov_9fa48("343"), 'status'), stryMutAct_9fa48("344") ? "" : (stryCov_9fa48("344"), 'protected'), stryMutAct_9fa48("345") ? "" : (stryCov_9fa48("345"), 'works')])).join(stryMutAct_9fa48("346") ? "" : (stryCov_9fa48("346"), '|'));
const PATTERNS: Array<[RegExp, string]> = stryMutAct_9fa48("347") ? [] : (stryCov_9fa48("347"), [// SigV4 Authorization header and presigned-URL signatures and tokens.
stryMutAct_9fa48("348") ? [] : (stryCov_9fa48("348"), [stryMutAct_9fa48("350") ? /(Signature=)[^0-9a-f]+/gi : stryMutAct_9fa48("349") ? /(Signature=)[0-9a-f]/gi : (stryCov_9fa48("349", "350"), /(Signature=)[0-9a-f]+/gi), stryMutAct_9fa48("351") ? `` : (stryCov_9fa48("351"), `$1${REDACTED}`)]), stryMutAct_9fa48("352") ? [] : (stryCov_9fa48("352"), [stryMutAct_9fa48("355") ? /(X-Amz-Signature=)[^&\S"']+/gi : stryMutAct_9fa48("354") ? /(X-Amz-Signature=)[&\s"']+/gi : stryMutAct_9fa48("353") ? /(X-Amz-Signature=)[^&\s"']/gi : (stryCov_9fa48("353", "354", "355"), /(X-Amz-Signature=)[^&\s"']+/gi), stryMutAct_9fa48("356") ? `` : (stryCov_9fa48("356"), `$1${REDACTED}`)]), stryMutAct_9fa48("357") ? [] : (stryCov_9fa48("357"), [stryMutAct_9fa48("360") ? /(X-Amz-Security-Token=)[^&\S"']+/gi : stryMutAct_9fa48("359") ? /(X-Amz-Security-Token=)[&\s"']+/gi : stryMutAct_9fa48("358") ? /(X-Amz-Security-Token=)[^&\s"']/gi : (stryCov_9fa48("358", "359", "360"), /(X-Amz-Security-Token=)[^&\s"']+/gi), stryMutAct_9fa48("361") ? `` : (stryCov_9fa48("361"), `$1${REDACTED}`)]), stryMutAct_9fa48("362") ? [] : (stryCov_9fa48("362"), [stryMutAct_9fa48("372") ? /("?(?:x-amz-security-token|authorization)"?\s*[:=]\s*"?)["\n,}]+/gi : stryMutAct_9fa48("371") ? /("?(?:x-amz-security-token|authorization)"?\s*[:=]\s*"?)[^"\n,}]/gi : stryMutAct_9fa48("370") ? /("?(?:x-amz-security-token|authorization)"?\s*[:=]\s*")[^"\n,}]+/gi : stryMutAct_9fa48("369") ? /("?(?:x-amz-security-token|authorization)"?\s*[:=]\S*"?)[^"\n,}]+/gi : stryMutAct_9fa48("368") ? /("?(?:x-amz-security-token|authorization)"?\s*[:=]\s"?)[^"\n,}]+/gi : stryMutAct_9fa48("367") ? /("?(?:x-amz-security-token|authorization)"?\s*[^:=]\s*"?)[^"\n,}]+/gi : stryMutAct_9fa48("366") ? /("?(?:x-amz-security-token|authorization)"?\S*[:=]\s*"?)[^"\n,}]+/gi : stryMutAct_9fa48("365") ? /("?(?:x-amz-security-token|authorization)"?\s[:=]\s*"?)[^"\n,}]+/gi : stryMutAct_9fa48("364") ? /("?(?:x-amz-security-token|authorization)"\s*[:=]\s*"?)[^"\n,}]+/gi : stryMutAct_9fa48("363") ? /("(?:x-amz-security-token|authorization)"?\s*[:=]\s*"?)[^"\n,}]+/gi : (stryCov_9fa48("363", "364", "365", "366", "367", "368", "369", "370", "371", "372"), /("?(?:x-amz-security-token|authorization)"?\s*[:=]\s*"?)[^"\n,}]+/gi), stryMutAct_9fa48("373") ? `` : (stryCov_9fa48("373"), `$1${REDACTED}`)]), // JSON fields that carry secrets: a string (escapes included) or a list of strings.
stryMutAct_9fa48("374") ? [] : (stryCov_9fa48("374"), [stryMutAct_9fa48("395") ? /("?(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\s*:\s*)(\[\s*(?:"(?:[^"\\]|\\.)*"\s*,?\s*)*\]|"(?:[^"\\]|\\.)*"|'(?:['\\]|\\.)*')/g : stryMutAct_9fa48("394") ? /("?(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\s*:\s*)(\[\s*(?:"(?:[^"\\]|\\.)*"\s*,?\s*)*\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)')/g : stryMutAct_9fa48("393") ? /("?(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\s*:\s*)(\[\s*(?:"(?:[^"\\]|\\.)*"\s*,?\s*)*\]|"(?:["\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g : stryMutAct_9fa48("392") ? /("?(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\s*:\s*)(\[\s*(?:"(?:[^"\\]|\\.)*"\s*,?\s*)*\]|"(?:[^"\\]|\\.)"|'(?:[^'\\]|\\.)*')/g : stryMutAct_9fa48("391") ? /("?(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\s*:\s*)(\[\s*(?:"(?:[^"\\]|\\.)*"\s*,?\S*)*\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g : stryMutAct_9fa48("390") ? /("?(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\s*:\s*)(\[\s*(?:"(?:[^"\\]|\\.)*"\s*,?\s)*\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g : stryMutAct_9fa48("389") ? /("?(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\s*:\s*)(\[\s*(?:"(?:[^"\\]|\\.)*"\s*,\s*)*\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g : stryMutAct_9fa48("388") ? /("?(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\s*:\s*)(\[\s*(?:"(?:[^"\\]|\\.)*"\S*,?\s*)*\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g : stryMutAct_9fa48("387") ? /("?(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\s*:\s*)(\[\s*(?:"(?:[^"\\]|\\.)*"\s,?\s*)*\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g : stryMutAct_9fa48("386") ? /("?(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\s*:\s*)(\[\s*(?:"(?:["\\]|\\.)*"\s*,?\s*)*\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g : stryMutAct_9fa48("385") ? /("?(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\s*:\s*)(\[\s*(?:"(?:[^"\\]|\\.)"\s*,?\s*)*\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g : stryMutAct_9fa48("384") ? /("?(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\s*:\s*)(\[\s*(?:"(?:[^"\\]|\\.)*"\s*,?\s*)\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g : stryMutAct_9fa48("383") ? /("?(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\s*:\s*)(\[\S*(?:"(?:[^"\\]|\\.)*"\s*,?\s*)*\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g : stryMutAct_9fa48("382") ? /("?(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\s*:\s*)(\[\s(?:"(?:[^"\\]|\\.)*"\s*,?\s*)*\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g : stryMutAct_9fa48("381") ? /("?(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\s*:\S*)(\[\s*(?:"(?:[^"\\]|\\.)*"\s*,?\s*)*\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g : stryMutAct_9fa48("380") ? /("?(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\s*:\s)(\[\s*(?:"(?:[^"\\]|\\.)*"\s*,?\s*)*\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g : stryMutAct_9fa48("379") ? /("?(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\S*:\s*)(\[\s*(?:"(?:[^"\\]|\\.)*"\s*,?\s*)*\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g : stryMutAct_9fa48("378") ? /("?(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\s:\s*)(\[\s*(?:"(?:[^"\\]|\\.)*"\s*,?\s*)*\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g : stryMutAct_9fa48("377") ? /("?(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"\s*:\s*)(\[\s*(?:"(?:[^"\\]|\\.)*"\s*,?\s*)*\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g : stryMutAct_9fa48("376") ? /("?(?:Passwords|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\s*:\s*)(\[\s*(?:"(?:[^"\\]|\\.)*"\s*,?\s*)*\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g : stryMutAct_9fa48("375") ? /("(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\s*:\s*)(\[\s*(?:"(?:[^"\\]|\\.)*"\s*,?\s*)*\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g : (stryCov_9fa48("375", "376", "377", "378", "379", "380", "381", "382", "383", "384", "385", "386", "387", "388", "389", "390", "391", "392", "393", "394", "395"), /("?(?:Passwords?|AuthToken|SecretAccessKey|secretAccessKey|sessionToken|SessionToken|password|token)"?\s*:\s*)(\[\s*(?:"(?:[^"\\]|\\.)*"\s*,?\s*)*\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g), stryMutAct_9fa48("396") ? `` : (stryCov_9fa48("396"), `$1"${REDACTED}"`)]), // Redis AUTH and HELLO ... AUTH arguments, in any case (over-redacting beats leaking), except
// prose about ElastiCache's "AUTH token" (followed by a word of a sentence, punctuation or nothing).
stryMutAct_9fa48("397") ? [] : (stryCov_9fa48("397"), [new RegExp(stryMutAct_9fa48("398") ? `` : (stryCov_9fa48("398"), `\\b(AUTH\\s+)(?!tokens?(?:\\s+(?:${PROSE_AFTER_TOKEN})\\b|\\s*[(.,:;)]|\\s*$))(\\S+\\s+)?\\S+`), stryMutAct_9fa48("399") ? "" : (stryCov_9fa48("399"), 'gi')), stryMutAct_9fa48("400") ? `` : (stryCov_9fa48("400"), `$1${REDACTED}`)])]);
export function redact(text: string): string {
  if (stryMutAct_9fa48("401")) {
    {}
  } else {
    stryCov_9fa48("401");
    let out = text;
    for (const secret of knownSecrets) out = out.split(secret).join(REDACTED);
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }
}
export interface DebugLog {
  readonly enabled: boolean;
  log(message: string, detail?: unknown): void;
}
export function createDebugLog(io: Pick<IOStreams, 'stderr'>, enabled: boolean): DebugLog {
  if (stryMutAct_9fa48("402")) {
    {}
  } else {
    stryCov_9fa48("402");
    return stryMutAct_9fa48("403") ? {} : (stryCov_9fa48("403"), {
      enabled,
      log(message, detail) {
        if (stryMutAct_9fa48("404")) {
          {}
        } else {
          stryCov_9fa48("404");
          if (stryMutAct_9fa48("407") ? false : stryMutAct_9fa48("406") ? true : stryMutAct_9fa48("405") ? enabled : (stryCov_9fa48("405", "406", "407"), !enabled)) return;
          const extra = (stryMutAct_9fa48("410") ? detail !== undefined : stryMutAct_9fa48("409") ? false : stryMutAct_9fa48("408") ? true : (stryCov_9fa48("408", "409", "410"), detail === undefined)) ? stryMutAct_9fa48("411") ? "Stryker was here!" : (stryCov_9fa48("411"), '') : stryMutAct_9fa48("412") ? `` : (stryCov_9fa48("412"), ` ${(stryMutAct_9fa48("415") ? typeof detail !== 'string' : stryMutAct_9fa48("414") ? false : stryMutAct_9fa48("413") ? true : (stryCov_9fa48("413", "414", "415"), typeof detail === (stryMutAct_9fa48("416") ? "" : (stryCov_9fa48("416"), 'string')))) ? detail : safeJson(redactValue(detail))}`);
          io.stderr.write(stryMutAct_9fa48("417") ? `` : (stryCov_9fa48("417"), `${redact(stryMutAct_9fa48("418") ? `` : (stryCov_9fa48("418"), `[debug] ${message}${extra}`))}\n`));
        }
      }
    });
  }
}
function safeJson(value: unknown): string {
  if (stryMutAct_9fa48("419")) {
    {}
  } else {
    stryCov_9fa48("419");
    try {
      if (stryMutAct_9fa48("420")) {
        {}
      } else {
        stryCov_9fa48("420");
        return JSON.stringify(value, stryMutAct_9fa48("421") ? () => undefined : (stryCov_9fa48("421"), (_k, v: unknown) => (stryMutAct_9fa48("424") ? typeof v !== 'bigint' : stryMutAct_9fa48("423") ? false : stryMutAct_9fa48("422") ? true : (stryCov_9fa48("422", "423", "424"), typeof v === (stryMutAct_9fa48("425") ? "" : (stryCov_9fa48("425"), 'bigint')))) ? v.toString() : v instanceof Uint8Array ? stryMutAct_9fa48("426") ? `` : (stryCov_9fa48("426"), `<${v.length} bytes>`) : v));
      }
    } catch {
      if (stryMutAct_9fa48("427")) {
        {}
      } else {
        stryCov_9fa48("427");
        return String(value);
      }
    }
  }
}