// @ts-nocheck
// One place that knows where output goes and whether each stream is a terminal.
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
import type { Readable, Writable } from 'node:stream';
export interface IOStreams {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdinIsTTY: boolean;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /**
   * Progress may animate (spinners, lines rewritten in place): stderr is a terminal with a known
   * width above 0, TERM is not dumb and CI is unset. Otherwise progress is plain lines.
   */
  readonly animate: boolean;
  /**
   * stdout may be redrawn in place (memctl top's live view): the same rules as `animate`, for
   * stdout (a terminal with a known width above 0, TERM not dumb, CI unset).
   */
  readonly stdoutAnimate: boolean;
  /** The terminal's width when stdout is one with a known width, for fitting tables. */
  readonly stdoutColumns: number | undefined;
  /** Colour on stderr/stdout when they are terminals and the user did not turn it off. */
  readonly color: boolean;
  /** True when prompts may be shown: stdin and stderr are terminals and --no-input was not given. */
  readonly canPrompt: boolean;
}
export interface StreamOptions {
  noColor?: boolean;
  noInput?: boolean;
}

/** The process's standard streams, or stand-ins for them (tests switch "is a terminal" and the width). */
export interface StandardStreams {
  stdin: Readable & {
    isTTY?: boolean;
  };
  stdout: Writable & {
    isTTY?: boolean;
    columns?: number;
  };
  stderr: Writable & {
    isTTY?: boolean;
    columns?: number;
  };
}
export function systemStreams(options: StreamOptions = {}, env: NodeJS.ProcessEnv = process.env, std: StandardStreams = process): IOStreams {
  if (stryMutAct_9fa48("1261")) {
    {}
  } else {
    stryCov_9fa48("1261");
    const stdinIsTTY = stryMutAct_9fa48("1264") ? std.stdin.isTTY !== true : stryMutAct_9fa48("1263") ? false : stryMutAct_9fa48("1262") ? true : (stryCov_9fa48("1262", "1263", "1264"), std.stdin.isTTY === (stryMutAct_9fa48("1265") ? false : (stryCov_9fa48("1265"), true)));
    const stdoutIsTTY = stryMutAct_9fa48("1268") ? std.stdout.isTTY !== true : stryMutAct_9fa48("1267") ? false : stryMutAct_9fa48("1266") ? true : (stryCov_9fa48("1266", "1267", "1268"), std.stdout.isTTY === (stryMutAct_9fa48("1269") ? false : (stryCov_9fa48("1269"), true)));
    const stderrIsTTY = stryMutAct_9fa48("1272") ? std.stderr.isTTY !== true : stryMutAct_9fa48("1271") ? false : stryMutAct_9fa48("1270") ? true : (stryCov_9fa48("1270", "1271", "1272"), std.stderr.isTTY === (stryMutAct_9fa48("1273") ? false : (stryCov_9fa48("1273"), true)));
    const colorDisabled = stryMutAct_9fa48("1276") ? (options.noColor === true || env.NO_COLOR !== undefined) && env.TERM === 'dumb' : stryMutAct_9fa48("1275") ? false : stryMutAct_9fa48("1274") ? true : (stryCov_9fa48("1274", "1275", "1276"), (stryMutAct_9fa48("1278") ? options.noColor === true && env.NO_COLOR !== undefined : stryMutAct_9fa48("1277") ? false : (stryCov_9fa48("1277", "1278"), (stryMutAct_9fa48("1280") ? options.noColor !== true : stryMutAct_9fa48("1279") ? false : (stryCov_9fa48("1279", "1280"), options.noColor === (stryMutAct_9fa48("1281") ? false : (stryCov_9fa48("1281"), true)))) || (stryMutAct_9fa48("1283") ? env.NO_COLOR === undefined : stryMutAct_9fa48("1282") ? false : (stryCov_9fa48("1282", "1283"), env.NO_COLOR !== undefined)))) || (stryMutAct_9fa48("1285") ? env.TERM !== 'dumb' : stryMutAct_9fa48("1284") ? false : (stryCov_9fa48("1284", "1285"), env.TERM === (stryMutAct_9fa48("1286") ? "" : (stryCov_9fa48("1286"), 'dumb')))));
    const width = stryMutAct_9fa48("1287") ? () => undefined : (stryCov_9fa48("1287"), (() => {
      const width = (stream: StandardStreams['stdout']): number | undefined => (stryMutAct_9fa48("1290") ? stream.isTTY === true && typeof stream.columns === 'number' || stream.columns > 0 : stryMutAct_9fa48("1289") ? false : stryMutAct_9fa48("1288") ? true : (stryCov_9fa48("1288", "1289", "1290"), (stryMutAct_9fa48("1292") ? stream.isTTY === true || typeof stream.columns === 'number' : stryMutAct_9fa48("1291") ? true : (stryCov_9fa48("1291", "1292"), (stryMutAct_9fa48("1294") ? stream.isTTY !== true : stryMutAct_9fa48("1293") ? true : (stryCov_9fa48("1293", "1294"), stream.isTTY === (stryMutAct_9fa48("1295") ? false : (stryCov_9fa48("1295"), true)))) && (stryMutAct_9fa48("1297") ? typeof stream.columns !== 'number' : stryMutAct_9fa48("1296") ? true : (stryCov_9fa48("1296", "1297"), typeof stream.columns === (stryMutAct_9fa48("1298") ? "" : (stryCov_9fa48("1298"), 'number')))))) && (stryMutAct_9fa48("1301") ? stream.columns <= 0 : stryMutAct_9fa48("1300") ? stream.columns >= 0 : stryMutAct_9fa48("1299") ? true : (stryCov_9fa48("1299", "1300", "1301"), stream.columns > 0)))) ? stream.columns : undefined;
      return width;
    })());
    return stryMutAct_9fa48("1302") ? {} : (stryCov_9fa48("1302"), {
      stdin: std.stdin,
      stdout: std.stdout,
      stderr: std.stderr,
      stdinIsTTY,
      stdoutIsTTY,
      stderrIsTTY,
      animate: canAnimate(stderrIsTTY, width(std.stderr), env),
      stdoutAnimate: canAnimate(stdoutIsTTY, width(std.stdout), env),
      stdoutColumns: width(std.stdout),
      color: stryMutAct_9fa48("1305") ? !colorDisabled || stdoutIsTTY || stderrIsTTY : stryMutAct_9fa48("1304") ? false : stryMutAct_9fa48("1303") ? true : (stryCov_9fa48("1303", "1304", "1305"), (stryMutAct_9fa48("1306") ? colorDisabled : (stryCov_9fa48("1306"), !colorDisabled)) && (stryMutAct_9fa48("1308") ? stdoutIsTTY && stderrIsTTY : stryMutAct_9fa48("1307") ? true : (stryCov_9fa48("1307", "1308"), stdoutIsTTY || stderrIsTTY))),
      canPrompt: stryMutAct_9fa48("1311") ? options.noInput !== true && stdinIsTTY && stderrIsTTY || env.CI !== 'true' : stryMutAct_9fa48("1310") ? false : stryMutAct_9fa48("1309") ? true : (stryCov_9fa48("1309", "1310", "1311"), (stryMutAct_9fa48("1313") ? options.noInput !== true && stdinIsTTY || stderrIsTTY : stryMutAct_9fa48("1312") ? true : (stryCov_9fa48("1312", "1313"), (stryMutAct_9fa48("1315") ? options.noInput !== true || stdinIsTTY : stryMutAct_9fa48("1314") ? true : (stryCov_9fa48("1314", "1315"), (stryMutAct_9fa48("1317") ? options.noInput === true : stryMutAct_9fa48("1316") ? true : (stryCov_9fa48("1316", "1317"), options.noInput !== (stryMutAct_9fa48("1318") ? false : (stryCov_9fa48("1318"), true)))) && stdinIsTTY)) && stderrIsTTY)) && (stryMutAct_9fa48("1320") ? env.CI === 'true' : stryMutAct_9fa48("1319") ? true : (stryCov_9fa48("1319", "1320"), env.CI !== (stryMutAct_9fa48("1321") ? "" : (stryCov_9fa48("1321"), 'true')))))
    });
  }
}

/** Whether progress may animate on a stderr that is (or not) a terminal of `columns` columns. */
export function canAnimate(stderrIsTTY: boolean, columns: number | undefined, env: NodeJS.ProcessEnv): boolean {
  if (stryMutAct_9fa48("1322")) {
    {}
  } else {
    stryCov_9fa48("1322");
    return stryMutAct_9fa48("1325") ? stderrIsTTY && columns !== undefined && columns > 0 && env.TERM !== 'dumb' || env.CI === undefined || env.CI === '' : stryMutAct_9fa48("1324") ? false : stryMutAct_9fa48("1323") ? true : (stryCov_9fa48("1323", "1324", "1325"), (stryMutAct_9fa48("1327") ? stderrIsTTY && columns !== undefined && columns > 0 || env.TERM !== 'dumb' : stryMutAct_9fa48("1326") ? true : (stryCov_9fa48("1326", "1327"), (stryMutAct_9fa48("1329") ? stderrIsTTY && columns !== undefined || columns > 0 : stryMutAct_9fa48("1328") ? true : (stryCov_9fa48("1328", "1329"), (stryMutAct_9fa48("1331") ? stderrIsTTY || columns !== undefined : stryMutAct_9fa48("1330") ? true : (stryCov_9fa48("1330", "1331"), stderrIsTTY && (stryMutAct_9fa48("1333") ? columns === undefined : stryMutAct_9fa48("1332") ? true : (stryCov_9fa48("1332", "1333"), columns !== undefined)))) && (stryMutAct_9fa48("1336") ? columns <= 0 : stryMutAct_9fa48("1335") ? columns >= 0 : stryMutAct_9fa48("1334") ? true : (stryCov_9fa48("1334", "1335", "1336"), columns > 0)))) && (stryMutAct_9fa48("1338") ? env.TERM === 'dumb' : stryMutAct_9fa48("1337") ? true : (stryCov_9fa48("1337", "1338"), env.TERM !== (stryMutAct_9fa48("1339") ? "" : (stryCov_9fa48("1339"), 'dumb')))))) && (stryMutAct_9fa48("1341") ? env.CI === undefined && env.CI === '' : stryMutAct_9fa48("1340") ? true : (stryCov_9fa48("1340", "1341"), (stryMutAct_9fa48("1343") ? env.CI !== undefined : stryMutAct_9fa48("1342") ? false : (stryCov_9fa48("1342", "1343"), env.CI === undefined)) || (stryMutAct_9fa48("1345") ? env.CI !== '' : stryMutAct_9fa48("1344") ? false : (stryCov_9fa48("1344", "1345"), env.CI === (stryMutAct_9fa48("1346") ? "Stryker was here!" : (stryCov_9fa48("1346"), '')))))));
  }
}

/** Streams that capture everything written, for tests of rendering and commands. */
export interface CapturedStreams extends IOStreams {
  out(): string;
  err(): string;
}
export async function captureStreams(tty: {
  stdout?: boolean;
  stderr?: boolean;
  stdin?: boolean;
  animate?: boolean;
  stdoutAnimate?: boolean;
  columns?: number;
} = {}): Promise<CapturedStreams> {
  if (stryMutAct_9fa48("1347")) {
    {}
  } else {
    stryCov_9fa48("1347");
    const {
      PassThrough
    } = await import('node:stream');
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = stryMutAct_9fa48("1348") ? "Stryker was here!" : (stryCov_9fa48("1348"), '');
    let err = stryMutAct_9fa48("1349") ? "Stryker was here!" : (stryCov_9fa48("1349"), '');
    stdout.on(stryMutAct_9fa48("1350") ? "" : (stryCov_9fa48("1350"), 'data'), stryMutAct_9fa48("1351") ? () => undefined : (stryCov_9fa48("1351"), (chunk: Buffer) => stryMutAct_9fa48("1352") ? out -= chunk.toString('utf8') : (stryCov_9fa48("1352"), out += chunk.toString(stryMutAct_9fa48("1353") ? "" : (stryCov_9fa48("1353"), 'utf8')))));
    stderr.on(stryMutAct_9fa48("1354") ? "" : (stryCov_9fa48("1354"), 'data'), stryMutAct_9fa48("1355") ? () => undefined : (stryCov_9fa48("1355"), (chunk: Buffer) => stryMutAct_9fa48("1356") ? err -= chunk.toString('utf8') : (stryCov_9fa48("1356"), err += chunk.toString(stryMutAct_9fa48("1357") ? "" : (stryCov_9fa48("1357"), 'utf8')))));
    return stryMutAct_9fa48("1358") ? {} : (stryCov_9fa48("1358"), {
      stdin: new PassThrough(),
      stdout,
      stderr,
      stdinIsTTY: stryMutAct_9fa48("1359") ? tty.stdin && false : (stryCov_9fa48("1359"), tty.stdin ?? (stryMutAct_9fa48("1360") ? true : (stryCov_9fa48("1360"), false))),
      stdoutIsTTY: stryMutAct_9fa48("1361") ? tty.stdout && false : (stryCov_9fa48("1361"), tty.stdout ?? (stryMutAct_9fa48("1362") ? true : (stryCov_9fa48("1362"), false))),
      stderrIsTTY: stryMutAct_9fa48("1363") ? tty.stderr && false : (stryCov_9fa48("1363"), tty.stderr ?? (stryMutAct_9fa48("1364") ? true : (stryCov_9fa48("1364"), false))),
      animate: stryMutAct_9fa48("1365") ? tty.animate && false : (stryCov_9fa48("1365"), tty.animate ?? (stryMutAct_9fa48("1366") ? true : (stryCov_9fa48("1366"), false))),
      stdoutAnimate: stryMutAct_9fa48("1367") ? tty.stdoutAnimate && false : (stryCov_9fa48("1367"), tty.stdoutAnimate ?? (stryMutAct_9fa48("1368") ? true : (stryCov_9fa48("1368"), false))),
      stdoutColumns: tty.columns,
      color: stryMutAct_9fa48("1369") ? true : (stryCov_9fa48("1369"), false),
      canPrompt: stryMutAct_9fa48("1372") ? (tty.stdin ?? false) || (tty.stderr ?? false) : stryMutAct_9fa48("1371") ? false : stryMutAct_9fa48("1370") ? true : (stryCov_9fa48("1370", "1371", "1372"), (stryMutAct_9fa48("1373") ? tty.stdin && false : (stryCov_9fa48("1373"), tty.stdin ?? (stryMutAct_9fa48("1374") ? true : (stryCov_9fa48("1374"), false)))) && (stryMutAct_9fa48("1375") ? tty.stderr && false : (stryCov_9fa48("1375"), tty.stderr ?? (stryMutAct_9fa48("1376") ? true : (stryCov_9fa48("1376"), false))))),
      out: stryMutAct_9fa48("1377") ? () => undefined : (stryCov_9fa48("1377"), () => out),
      err: stryMutAct_9fa48("1378") ? () => undefined : (stryCov_9fa48("1378"), () => err)
    });
  }
}

/**
 * Writes `text` and waits until the stream takes more: 'drain', or the stream closing or failing
 * (a reader that went away never drains, and waiting for it would hang the command).
 */
export async function writeWithBackpressure(stream: Writable, text: string): Promise<void> {
  if (stryMutAct_9fa48("1379")) {
    {}
  } else {
    stryCov_9fa48("1379");
    if (stryMutAct_9fa48("1382") ? stream.destroyed && stream.writableEnded : stryMutAct_9fa48("1381") ? false : stryMutAct_9fa48("1380") ? true : (stryCov_9fa48("1380", "1381", "1382"), stream.destroyed || stream.writableEnded)) return;
    if (stryMutAct_9fa48("1384") ? false : stryMutAct_9fa48("1383") ? true : (stryCov_9fa48("1383", "1384"), stream.write(text))) return;
    await new Promise<void>(resolve => {
      if (stryMutAct_9fa48("1385")) {
        {}
      } else {
        stryCov_9fa48("1385");
        const done = (): void => {
          if (stryMutAct_9fa48("1386")) {
            {}
          } else {
            stryCov_9fa48("1386");
            stream.off(stryMutAct_9fa48("1387") ? "" : (stryCov_9fa48("1387"), 'drain'), done);
            stream.off(stryMutAct_9fa48("1388") ? "" : (stryCov_9fa48("1388"), 'close'), done);
            stream.off(stryMutAct_9fa48("1389") ? "" : (stryCov_9fa48("1389"), 'error'), done);
            resolve();
          }
        };
        stream.on(stryMutAct_9fa48("1390") ? "" : (stryCov_9fa48("1390"), 'drain'), done);
        stream.on(stryMutAct_9fa48("1391") ? "" : (stryCov_9fa48("1391"), 'close'), done);
        stream.on(stryMutAct_9fa48("1392") ? "" : (stryCov_9fa48("1392"), 'error'), done);
      }
    });
  }
}

/**
 * Calls `onClosed` once when the reader of `stream` goes away (EPIPE: `memctl keys scan x | head`).
 * Other write errors are passed to `onError`. Returns whether the reader has gone.
 */
export function watchReader(stream: Writable, onClosed: () => void, onError: (err: Error) => void): () => boolean {
  if (stryMutAct_9fa48("1393")) {
    {}
  } else {
    stryCov_9fa48("1393");
    let closed = stryMutAct_9fa48("1394") ? true : (stryCov_9fa48("1394"), false);
    stream.on(stryMutAct_9fa48("1395") ? "" : (stryCov_9fa48("1395"), 'error'), (err: NodeJS.ErrnoException) => {
      if (stryMutAct_9fa48("1396")) {
        {}
      } else {
        stryCov_9fa48("1396");
        if (stryMutAct_9fa48("1399") ? err.code === 'EPIPE' && err.code === 'ERR_STREAM_DESTROYED' : stryMutAct_9fa48("1398") ? false : stryMutAct_9fa48("1397") ? true : (stryCov_9fa48("1397", "1398", "1399"), (stryMutAct_9fa48("1401") ? err.code !== 'EPIPE' : stryMutAct_9fa48("1400") ? false : (stryCov_9fa48("1400", "1401"), err.code === (stryMutAct_9fa48("1402") ? "" : (stryCov_9fa48("1402"), 'EPIPE')))) || (stryMutAct_9fa48("1404") ? err.code !== 'ERR_STREAM_DESTROYED' : stryMutAct_9fa48("1403") ? false : (stryCov_9fa48("1403", "1404"), err.code === (stryMutAct_9fa48("1405") ? "" : (stryCov_9fa48("1405"), 'ERR_STREAM_DESTROYED')))))) {
          if (stryMutAct_9fa48("1406")) {
            {}
          } else {
            stryCov_9fa48("1406");
            if (stryMutAct_9fa48("1409") ? false : stryMutAct_9fa48("1408") ? true : stryMutAct_9fa48("1407") ? closed : (stryCov_9fa48("1407", "1408", "1409"), !closed)) {
              if (stryMutAct_9fa48("1410")) {
                {}
              } else {
                stryCov_9fa48("1410");
                closed = stryMutAct_9fa48("1411") ? false : (stryCov_9fa48("1411"), true);
                onClosed();
              }
            }
          }
        } else onError(err);
      }
    });
    return stryMutAct_9fa48("1412") ? () => undefined : (stryCov_9fa48("1412"), () => closed);
  }
}