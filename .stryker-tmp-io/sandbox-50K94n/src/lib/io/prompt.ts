// @ts-nocheck
// Confirmation for destructive actions: a prompt on a terminal, --yes otherwise.
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
import { InterruptedError, UsageError } from './errors.js';
import type { IOStreams } from './streams.js';
export interface ConfirmRequest {
  /** The question shown on a terminal, e.g. "Delete cluster demo and all its data?" */
  question: string;
  /** What is refused without a terminal, e.g. "deleting cluster demo". */
  action: string;
  yes: boolean;
}

/**
 * Refuses, before anything else is done (no API call, no connection), an action that will need a
 * confirmation it cannot get: no --yes and no terminal to ask on.
 */
export function requireConfirmable(io: IOStreams, request: Pick<ConfirmRequest, 'action' | 'yes'>): void {
  if (stryMutAct_9fa48("933")) {
    {}
  } else {
    stryCov_9fa48("933");
    if (stryMutAct_9fa48("936") ? request.yes && io.canPrompt : stryMutAct_9fa48("935") ? false : stryMutAct_9fa48("934") ? true : (stryCov_9fa48("934", "935", "936"), request.yes || io.canPrompt)) return;
    throw new UsageError(stryMutAct_9fa48("937") ? `` : (stryCov_9fa48("937"), `refusing ${request.action} without --yes (no terminal to ask on)`), stryMutAct_9fa48("938") ? {} : (stryCov_9fa48("938"), {
      hint: stryMutAct_9fa48("939") ? "" : (stryCov_9fa48("939"), 're-run with --yes to confirm')
    }));
  }
}

/**
 * Resolves when the action may go ahead. Without --yes and without a terminal it fails with
 * exit 2 before anything is done; a declined prompt says "cancelled" and exits 130.
 */
export async function confirmDestructive(io: IOStreams, request: ConfirmRequest): Promise<void> {
  if (stryMutAct_9fa48("940")) {
    {}
  } else {
    stryCov_9fa48("940");
    if (stryMutAct_9fa48("942") ? false : stryMutAct_9fa48("941") ? true : (stryCov_9fa48("941", "942"), request.yes)) return;
    requireConfirmable(io, request);
    const {
      default: inquirer
    } = await import('inquirer');
    // The streams go to the prompt module: prompt()'s second argument is answers given in advance.
    const prompt = inquirer.createPromptModule(stryMutAct_9fa48("943") ? {} : (stryCov_9fa48("943"), {
      input: io.stdin,
      output: io.stderr
    }));
    let answer: {
      ok?: boolean;
    };
    try {
      if (stryMutAct_9fa48("944")) {
        {}
      } else {
        stryCov_9fa48("944");
        answer = await prompt<{
          ok: boolean;
        }>(stryMutAct_9fa48("945") ? [] : (stryCov_9fa48("945"), [stryMutAct_9fa48("946") ? {} : (stryCov_9fa48("946"), {
          type: stryMutAct_9fa48("947") ? "" : (stryCov_9fa48("947"), 'confirm'),
          name: stryMutAct_9fa48("948") ? "" : (stryCov_9fa48("948"), 'ok'),
          message: request.question,
          default: stryMutAct_9fa48("949") ? true : (stryCov_9fa48("949"), false)
        })]));
      }
    } catch (err) {
      if (stryMutAct_9fa48("950")) {
        {}
      } else {
        stryCov_9fa48("950");
        if (stryMutAct_9fa48("953") ? (err as Error).name !== 'ExitPromptError' : stryMutAct_9fa48("952") ? false : stryMutAct_9fa48("951") ? true : (stryCov_9fa48("951", "952", "953"), (err as Error).name === (stryMutAct_9fa48("954") ? "" : (stryCov_9fa48("954"), 'ExitPromptError')))) throw new InterruptedError(stryMutAct_9fa48("955") ? "" : (stryCov_9fa48("955"), 'cancelled; nothing was changed'));
        throw err;
      }
    }
    if (stryMutAct_9fa48("958") ? answer.ok === true : stryMutAct_9fa48("957") ? false : stryMutAct_9fa48("956") ? true : (stryCov_9fa48("956", "957", "958"), answer.ok !== (stryMutAct_9fa48("959") ? false : (stryCov_9fa48("959"), true)))) throw new InterruptedError(stryMutAct_9fa48("960") ? "" : (stryCov_9fa48("960"), 'cancelled; nothing was changed'));
  }
}