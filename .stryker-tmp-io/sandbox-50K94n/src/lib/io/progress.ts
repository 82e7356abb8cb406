// @ts-nocheck
// Progress on stderr: an ora spinner on a terminal, plain status lines otherwise (never on stdout).
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
export interface Progress {
  /**
   * Replace the current status text. Without a terminal a line is printed only when `status`
   * (or, when not given, the text) changes, so logs get one line per state, not per second.
   */
  update(text: string, status?: string): void;
  succeed(text: string): void;
  fail(text: string): void;
  /** A line that stays (a fault recovered from, a warning), shown unless --quiet. */
  note(text: string): void;
  stop(): void;
}
interface Spinner {
  text: string;
  start(): Spinner;
  succeed(text?: string): Spinner;
  fail(text?: string): Spinner;
  stop(): Spinner;
  clear(): Spinner;
  render(): Spinner;
}

/** Without animation, a status that keeps its state prints at most one line per this many ms. */
export const PLAIN_HEARTBEAT_MS = 10_000;
export interface ProgressOptions {
  /** -q: nothing at all. */
  quiet?: boolean;
  /**
   * Status lines only when animated (a sweep's per-second counts are noise in a log); notes are
   * still written.
   */
  statusOnTerminal?: boolean;
  /** The command writes its data to stdout as it goes: no spinner when stdout is the same terminal. */
  streaming?: boolean;
  /** The clock (tests). */
  now?: () => number;
}

/**
 * A spinner only where it can animate (io.animate: a terminal with a known width, TERM not dumb,
 * CI unset); otherwise plain lines: the start, each change of state, at most one line per 10 s
 * while the state stays, and the end.
 */
export async function startProgress(io: IOStreams, text: string, options: ProgressOptions = {}): Promise<Progress> {
  if (stryMutAct_9fa48("870")) {
    {}
  } else {
    stryCov_9fa48("870");
    if (stryMutAct_9fa48("873") ? options.quiet !== true : stryMutAct_9fa48("872") ? false : stryMutAct_9fa48("871") ? true : (stryCov_9fa48("871", "872", "873"), options.quiet === (stryMutAct_9fa48("874") ? false : (stryCov_9fa48("874"), true)))) return silentProgress();
    const writeNote = stryMutAct_9fa48("875") ? () => undefined : (stryCov_9fa48("875"), (() => {
      const writeNote = (t: string): void => void io.stderr.write(stryMutAct_9fa48("876") ? `` : (stryCov_9fa48("876"), `${t}\n`));
      return writeNote;
    })());
    const animate = stryMutAct_9fa48("879") ? io.animate || !(options.streaming === true && io.stdoutIsTTY) : stryMutAct_9fa48("878") ? false : stryMutAct_9fa48("877") ? true : (stryCov_9fa48("877", "878", "879"), io.animate && (stryMutAct_9fa48("880") ? options.streaming === true && io.stdoutIsTTY : (stryCov_9fa48("880"), !(stryMutAct_9fa48("883") ? options.streaming === true || io.stdoutIsTTY : stryMutAct_9fa48("882") ? false : stryMutAct_9fa48("881") ? true : (stryCov_9fa48("881", "882", "883"), (stryMutAct_9fa48("885") ? options.streaming !== true : stryMutAct_9fa48("884") ? true : (stryCov_9fa48("884", "885"), options.streaming === (stryMutAct_9fa48("886") ? false : (stryCov_9fa48("886"), true)))) && io.stdoutIsTTY)))));
    if (stryMutAct_9fa48("889") ? !animate || options.statusOnTerminal === true : stryMutAct_9fa48("888") ? false : stryMutAct_9fa48("887") ? true : (stryCov_9fa48("887", "888", "889"), (stryMutAct_9fa48("890") ? animate : (stryCov_9fa48("890"), !animate)) && (stryMutAct_9fa48("892") ? options.statusOnTerminal !== true : stryMutAct_9fa48("891") ? true : (stryCov_9fa48("891", "892"), options.statusOnTerminal === (stryMutAct_9fa48("893") ? false : (stryCov_9fa48("893"), true)))))) return stryMutAct_9fa48("894") ? {} : (stryCov_9fa48("894"), {
      ...silentProgress(),
      note: writeNote
    });
    if (stryMutAct_9fa48("896") ? false : stryMutAct_9fa48("895") ? true : (stryCov_9fa48("895", "896"), animate)) {
      if (stryMutAct_9fa48("897")) {
        {}
      } else {
        stryCov_9fa48("897");
        const {
          default: ora
        } = await import('ora');
        const spinner: Spinner = ora(stryMutAct_9fa48("898") ? {} : (stryCov_9fa48("898"), {
          text,
          stream: io.stderr,
          color: stryMutAct_9fa48("899") ? "" : (stryCov_9fa48("899"), 'cyan'),
          isEnabled: stryMutAct_9fa48("900") ? false : (stryCov_9fa48("900"), true),
          discardStdin: stryMutAct_9fa48("901") ? true : (stryCov_9fa48("901"), false)
        })).start();
        return stryMutAct_9fa48("902") ? {} : (stryCov_9fa48("902"), {
          update: t => {
            if (stryMutAct_9fa48("903")) {
              {}
            } else {
              stryCov_9fa48("903");
              spinner.text = t;
            }
          },
          succeed: stryMutAct_9fa48("904") ? () => undefined : (stryCov_9fa48("904"), t => void spinner.succeed(t)),
          fail: stryMutAct_9fa48("905") ? () => undefined : (stryCov_9fa48("905"), t => void spinner.fail(t)),
          note: t => {
            if (stryMutAct_9fa48("906")) {
              {}
            } else {
              stryCov_9fa48("906");
              spinner.clear();
              writeNote(t);
              spinner.render();
            }
          },
          stop: stryMutAct_9fa48("907") ? () => undefined : (stryCov_9fa48("907"), () => void spinner.stop())
        });
      }
    }
    return plainProgress(io, text, stryMutAct_9fa48("908") ? options.now && Date.now : (stryCov_9fa48("908"), options.now ?? Date.now), writeNote);
  }
}
function plainProgress(io: IOStreams, text: string, now: () => number, writeNote: (t: string) => void): Progress {
  if (stryMutAct_9fa48("909")) {
    {}
  } else {
    stryCov_9fa48("909");
    let lastKey: string | undefined;
    let lastText: string | undefined;
    let lastAt = 0;
    const line = (t: string): void => {
      if (stryMutAct_9fa48("910")) {
        {}
      } else {
        stryCov_9fa48("910");
        lastText = t;
        lastAt = now();
        io.stderr.write(stryMutAct_9fa48("911") ? `` : (stryCov_9fa48("911"), `${t}\n`));
      }
    };
    const update = (t: string, key: string = t): void => {
      if (stryMutAct_9fa48("912")) {
        {}
      } else {
        stryCov_9fa48("912");
        if (stryMutAct_9fa48("915") ? key === lastKey : stryMutAct_9fa48("914") ? false : stryMutAct_9fa48("913") ? true : (stryCov_9fa48("913", "914", "915"), key !== lastKey)) {
          if (stryMutAct_9fa48("916")) {
            {}
          } else {
            stryCov_9fa48("916");
            lastKey = key;
            line(t);
          }
        } else if (stryMutAct_9fa48("919") ? t !== lastText || now() - lastAt >= PLAIN_HEARTBEAT_MS : stryMutAct_9fa48("918") ? false : stryMutAct_9fa48("917") ? true : (stryCov_9fa48("917", "918", "919"), (stryMutAct_9fa48("921") ? t === lastText : stryMutAct_9fa48("920") ? true : (stryCov_9fa48("920", "921"), t !== lastText)) && (stryMutAct_9fa48("924") ? now() - lastAt < PLAIN_HEARTBEAT_MS : stryMutAct_9fa48("923") ? now() - lastAt > PLAIN_HEARTBEAT_MS : stryMutAct_9fa48("922") ? true : (stryCov_9fa48("922", "923", "924"), (stryMutAct_9fa48("925") ? now() + lastAt : (stryCov_9fa48("925"), now() - lastAt)) >= PLAIN_HEARTBEAT_MS)))) line(t);
      }
    };
    const end = (t: string): void => {
      if (stryMutAct_9fa48("926")) {
        {}
      } else {
        stryCov_9fa48("926");
        if (stryMutAct_9fa48("929") ? t === lastText : stryMutAct_9fa48("928") ? false : stryMutAct_9fa48("927") ? true : (stryCov_9fa48("927", "928", "929"), t !== lastText)) line(t);
      }
    };
    update(text);
    return stryMutAct_9fa48("930") ? {} : (stryCov_9fa48("930"), {
      update,
      succeed: end,
      fail: end,
      note: writeNote,
      stop: () => undefined
    });
  }
}
function silentProgress(): Progress {
  if (stryMutAct_9fa48("931")) {
    {}
  } else {
    stryCov_9fa48("931");
    const nothing = (): void => undefined;
    return stryMutAct_9fa48("932") ? {} : (stryCov_9fa48("932"), {
      update: nothing,
      succeed: nothing,
      fail: nothing,
      note: nothing,
      stop: nothing
    });
  }
}