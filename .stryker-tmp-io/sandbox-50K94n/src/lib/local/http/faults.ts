// @ts-nocheck
// Fault injection: make a chosen fraction of API requests fail, so retries can be proven.
// Deterministic (an accumulator, not a random draw) so tests can rely on the exact pattern:
// with rate 0.5 every second request fails, never two in a row.

export const FAULT_KINDS = ['throttling', 'server-error', 'rate-exceeded'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultConfig {
  rate: number;
  kinds: FaultKind[];
}

export const NO_FAULTS: FaultConfig = { rate: 0, kinds: ['throttling'] };

export class FaultInjector {
  private config: FaultConfig = NO_FAULTS;
  private accumulated = 0;
  private turn = 0;
  injected = 0;

  constructor(config?: FaultConfig) {
    if (config !== undefined) this.set(config);
  }

  set(config: FaultConfig): void {
    if (!(config.rate >= 0 && config.rate <= 1)) throw new Error(`fault rate must be between 0 and 1, got ${config.rate}`);
    if (config.kinds.length === 0 || config.kinds.some((k) => !FAULT_KINDS.includes(k))) {
      throw new Error(`fault kinds must be some of ${FAULT_KINDS.join(', ')}`);
    }
    this.config = { rate: config.rate, kinds: [...config.kinds] };
    this.accumulated = 0;
    this.turn = 0;
  }

  get current(): FaultConfig {
    return { ...this.config, kinds: [...this.config.kinds] };
  }

  /** The fault this request gets, if any. */
  next(): FaultKind | undefined {
    if (this.config.rate <= 0) return undefined;
    this.accumulated += this.config.rate;
    if (this.accumulated < 1 - 1e-9) return undefined;
    this.accumulated -= 1;
    const kind = this.config.kinds[this.turn % this.config.kinds.length];
    this.turn++;
    this.injected++;
    return kind;
  }
}

export function parseFaultSpec(rate: string, kinds: string): FaultConfig {
  const value = rate.trim() === '' ? Number.NaN : Number(rate);
  const list = kinds.split(',').map((k) => k.trim()).filter((k) => k !== '');
  const config: FaultConfig = { rate: value, kinds: list as FaultKind[] };
  new FaultInjector(config); // validates
  return config;
}
