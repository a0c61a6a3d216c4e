// When refreshes run: requests are debounced into batches, a storm of requests waits for a longer quiet spell, and
// batches never overlap (a request during a run is served by exactly one more run after it). No vscode here: the
// unit tests drive it on plain Node (test/unit/refreshScheduler.test.ts).

export interface SchedulerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface SchedulerOptions {
  /** Quiet time after a request before its batch runs (default 300 ms). */
  debounceMs?: number;
  /** More than `stormRequests` requests within `stormMs` is a storm (a checkout, an npm install). */
  stormRequests?: number;
  /** The quiet spell a storm waits for, and the span in which its requests are counted (default 1000 ms). */
  stormMs?: number;
  clock?: SchedulerClock;
}

/** Runs `run(batch)` for the keys requested since the last run; `K` names what to refresh. */
export class RefreshScheduler<K> {
  private readonly debounceMs: number;
  private readonly stormRequests: number;
  private readonly stormMs: number;
  private readonly clock: SchedulerClock;
  private readonly pending = new Set<K>();
  private waiters: (() => void)[] = [];
  private timer: unknown;
  private running = false;
  private disposed = false;
  /** Times of the requests of the last `stormMs`, to tell a storm from a single change. */
  private readonly recent: number[] = [];
  /** The debounce of the pending batch: the longest any of its requests asked for. */
  private delayMs: number;
  private _runs = 0;
  private active = 0;
  private _peakConcurrent = 0;

  constructor(
    private readonly run: (batch: ReadonlySet<K>) => Promise<void>,
    private readonly afterRun: (batch: ReadonlySet<K>) => void = () => undefined,
    options: SchedulerOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 300;
    this.stormRequests = options.stormRequests ?? 10;
    this.stormMs = options.stormMs ?? 1000;
    this.clock = options.clock ?? realClock;
    this.delayMs = this.debounceMs;
  }

  /** How many batches have run. */
  get runs(): number {
    return this._runs;
  }

  /** The most runs that were ever under way at once: 1, since they never overlap. */
  get peakConcurrent(): number {
    return this._peakConcurrent;
  }

  /** A run is due or under way. */
  get busy(): boolean {
    return this.running || this.timer !== undefined;
  }

  /**
   * Asks for `key` to be refreshed, after at least `delayMs` (default the debounce) of quiet.
   * Resolves when the run that includes this request has finished (at once after dispose).
   */
  request(key: K, delayMs = this.debounceMs): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.delayMs = Math.max(this.delayMs, delayMs);
    this.pending.add(key);
    const now = this.clock.now();
    this.recent.push(now);
    while (this.recent.length && this.recent[0] < now - this.stormMs) this.recent.shift();
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    if (!this.running) this.schedule();
    return done;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    for (const w of this.waiters) w();
    this.waiters = [];
  }

  private schedule(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    const storm = this.recent.length > this.stormRequests;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        void this.drain();
      },
      storm ? Math.max(this.stormMs, this.delayMs) : this.delayMs,
    );
  }

  /** Not disposed; a method so that a check after an await reads the field again (dispose() may have run). */
  private open(): boolean {
    return !this.disposed;
  }

  private async drain(): Promise<void> {
    if (this.running || this.disposed || this.pending.size === 0) return;
    this.running = true;
    this._runs++;
    const batch = new Set(this.pending);
    this.pending.clear();
    this.delayMs = this.debounceMs;
    const waiters = this.waiters;
    this.waiters = [];
    this._peakConcurrent = Math.max(this._peakConcurrent, ++this.active);
    try {
      await this.run(batch);
    } catch {
      // `run` reports its own failures; a failed batch must not stop the next
    } finally {
      this.active--;
      this.running = false;
      for (const w of waiters) w();
      if (this.open()) {
        this.afterRun(batch);
        if (this.pending.size) this.schedule();
      }
    }
  }
}
