// @ts-nocheck
// Per-key facts for analyze: type, PTTL, MEMORY USAGE (SAMPLES 0), length by type, and for one
// key in ENCODING_EVERY its OBJECT ENCODING. Read by a small read-only Lua script over LUA_CHUNK
// keys per call: a million keys would otherwise be ~4 million pipelined commands, and the client
// (not Redis) becomes the bottleneck, at ~3 µs of JavaScript per command. Each call is bounded
// (LUA_CHUNK keys, O(elements) only for MEMORY USAGE of big collections), so the server keeps
// answering other clients between calls. Where scripting is unavailable (ACL without EVAL, a
// service that disables it) the reader falls back, once and for good, to the pipelined commands
// of scan.ts.
import type { Redis } from 'ioredis';
import { RateLimiter } from './rate.js';
import { keyInfo } from './scan.js';
import { isDisruption } from './sweep.js';

/** OBJECT ENCODING is read for one key in this many: encodings are a distribution, not per key. */
export const ENCODING_EVERY = 10;
/** Keys per script call: bounds the server time of one call (well under a millisecond). */
export const LUA_CHUNK = 100;
/** Script calls outstanding per node (see viaScript). */
export const SCRIPTS_IN_FLIGHT = 2;

export interface KeyFacts {
  /** 'none' when the key vanished. */
  type: string;
  pttl: number;
  /** -1 when the key vanished. */
  memory: number;
  length: number | null;
  /** '' when not read for this key. */
  encoding: string;
}

// Undeclared keys (ARGV) are allowed for scripts without a shebang, and every key comes from this
// node's own SCAN, so in cluster mode they are local. Nothing is written.
const SCRIPT = `local every, offset = tonumber(ARGV[1]), tonumber(ARGV[2])
local lens = {string='STRLEN', hash='HLEN', list='LLEN', set='SCARD', zset='ZCARD', stream='XLEN'}
local out = {}
for i = 3, #ARGV do
  local k = ARGV[i]
  local t = redis.call('TYPE', k)['ok']
  local len, enc = -1, ''
  if lens[t] then len = redis.call(lens[t], k) end
  if t ~= 'none' and (offset + i - 3) % every == 0 then enc = redis.call('OBJECT', 'ENCODING', k) or '' end
  out[#out + 1] = t
  out[#out + 1] = redis.call('PTTL', k)
  out[#out + 1] = redis.call('MEMORY', 'USAGE', k, 'SAMPLES', '0') or -1
  out[#out + 1] = len
  out[#out + 1] = enc
end
return out`;

export class KeyReader {
  private mode: 'script' | 'pipeline' = 'script';
  private seen = 0;
  private readonly limiter: RateLimiter;

  constructor(
    readonly client: Redis,
    maxOps: number | undefined,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.limiter = new RateLimiter(maxOps);
  }

  /** The commands a read sends, to name in an error. */
  get command(): string {
    return this.mode === 'script' ? 'EVAL (TYPE/PTTL/MEMORY USAGE)' : 'TYPE/PTTL/MEMORY USAGE';
  }

  async read(keys: Buffer[]): Promise<KeyFacts[]> {
    const offset = this.seen;
    this.seen += keys.length;
    if (this.mode === 'script') {
      const facts = await this.viaScript(keys, offset);
      if (facts !== undefined) return facts;
      this.mode = 'pipeline';
    }
    return this.viaPipeline(keys, offset);
  }

  /**
   * undefined when scripting is refused (the caller falls back). At most SCRIPTS_IN_FLIGHT calls are
   * outstanding: Redis runs every command already in a client's input buffer before it serves
   * anyone else, so a deep pipeline of scripts would stall other clients for the whole batch.
   */
  private async viaScript(keys: Buffer[], offset: number): Promise<KeyFacts[] | undefined> {
    const chunks: Array<Promise<unknown>> = [];
    const call = async (start: number): Promise<unknown> => {
      // --max-ops counts the commands the script runs (about 4 per key), as the pipeline would send.
      const part = keys.slice(start, start + LUA_CHUNK);
      await this.limiter.take(part.length * 4, this.signal);
      return this.client.call('EVAL', SCRIPT, '0', String(ENCODING_EVERY), String(offset + start), ...part);
    };
    const facts: KeyFacts[] = [];
    try {
      for (let start = 0; start < keys.length || chunks.length > 0; ) {
        while (start < keys.length && chunks.length < SCRIPTS_IN_FLIGHT) {
          const p = call(start);
          p.catch(() => undefined); // awaited below, in order
          chunks.push(p);
          start += LUA_CHUNK;
        }
        const value = await chunks.shift();
        if (!Array.isArray(value)) return undefined;
        for (let j = 0; j + 4 < value.length; j += 5) {
          const length = Number(value[j + 3]);
          facts.push({ type: String(value[j]), pttl: Number(value[j + 1]), memory: Number(value[j + 2]), length: length < 0 ? null : length, encoding: String(value[j + 4]) });
        }
      }
    } catch (err) {
      // A refusal of scripting itself, not a fault of the node (MOVED, LOADING, a lost connection).
      if (!isDisruption(err) && /unknown command|NOPERM|no permissions|script|lua|not allowed|disabled/i.test((err as Error).message ?? '')) {
        await Promise.allSettled(chunks);
        return undefined;
      }
      throw err;
    }
    return facts.length === keys.length ? facts : undefined;
  }

  private async viaPipeline(keys: Buffer[], offset: number): Promise<KeyFacts[]> {
    const infos = await keyInfo(this.client, keys, ['type', 'ttl', 'memory', 'length'], undefined, this.limiter, this.signal);
    const facts: KeyFacts[] = infos.map((x) => ({ type: x.type ?? 'none', pttl: x.pttl ?? -2, memory: x.memory ?? -1, length: x.length ?? null, encoding: '' }));
    const picked = facts.map((f, i) => i).filter((i) => (offset + i) % ENCODING_EVERY === 0 && facts[i]?.type !== 'none');
    if (picked.length > 0) {
      await this.limiter.take(picked.length, this.signal);
      const pipeline = this.client.pipeline();
      for (const i of picked) pipeline.call('OBJECT', 'ENCODING', keys[i] as Buffer);
      const replies = (await pipeline.exec()) ?? [];
      picked.forEach((i, r) => {
        const [err, value] = replies[r] ?? [null, null];
        if (err === null && value !== null) (facts[i] as KeyFacts).encoding = String(value);
      });
    }
    return facts;
  }
}
