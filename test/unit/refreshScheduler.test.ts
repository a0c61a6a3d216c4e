// The editor's refresh scheduler on plain Node, with a fake clock: bursts coalesce into one run, runs never
// overlap, and a request during a run causes exactly one more run after it.
import * as assert from 'assert';
import { RefreshScheduler, type SchedulerClock } from '../../src/extension/model/scheduler';

/** A clock whose time moves only when the test says so; due timers fire in order. */
class FakeClock implements SchedulerClock {
  private time = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  get pendingTimers(): number {
    return this.timers.size;
  }
  /** Moves time forward by `ms`, firing due timers and letting the promises they start settle. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].fn();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** A run the test finishes by hand: records each batch and how many runs are under way at once. */
function recorder() {
  const batches: string[][] = [];
  const finish: (() => void)[] = [];
  let active = 0;
  let peak = 0;
  const run = async (batch: ReadonlySet<string>) => {
    batches.push([...batch].sort());
    peak = Math.max(peak, ++active);
    await new Promise<void>((resolve) => finish.push(resolve));
    active--;
  };
  return {
    run,
    batches,
    get peak() {
      return peak;
    },
    /** Ends the oldest run still under way. */
    async end() {
      const f = finish.shift();
      assert.ok(f, 'no run is under way');
      f();
      await settle();
    },
  };
}

describe('RefreshScheduler', () => {
  it('a burst of requests within the debounce runs once, with every key', async () => {
    const clock = new FakeClock();
    const r = recorder();
    const s = new RefreshScheduler(r.run, undefined, { debounceMs: 300, clock });
    const done = [s.request('a'), s.request('b')];
    await clock.advance(200);
    done.push(s.request('a'));
    await clock.advance(299);
    assert.deepStrictEqual(r.batches, [], 'each request restarts the quiet time');
    await clock.advance(1);
    assert.deepStrictEqual(r.batches, [['a', 'b']]);
    await r.end();
    await Promise.all(done);
    assert.strictEqual(s.runs, 1);
  });

  it('a request during a run causes exactly one more run, after it', async () => {
    const clock = new FakeClock();
    const r = recorder();
    const after: string[][] = [];
    const s = new RefreshScheduler(r.run, (b) => after.push([...b].sort()), { debounceMs: 300, clock });
    const first = s.request('a');
    await clock.advance(300);
    assert.strictEqual(r.batches.length, 1);
    let secondDone = false;
    const second = s.request('b').then(() => (secondDone = true));
    void s.request('c');
    void s.request('b');
    await clock.advance(5_000);
    assert.strictEqual(r.batches.length, 1, 'nothing starts while a run is under way');
    await r.end();
    await first;
    assert.strictEqual(secondDone, false, 'a request made during a run waits for the next run');
    await clock.advance(300);
    assert.deepStrictEqual(r.batches, [['a'], ['b', 'c']]);
    await r.end();
    await second;
    await clock.advance(10_000);
    assert.strictEqual(r.batches.length, 2, 'and no more than one');
    assert.strictEqual(r.peak, 1);
    assert.strictEqual(s.peakConcurrent, 1);
    assert.deepStrictEqual(after, [['a'], ['b', 'c']], 'afterRun follows each run with its batch');
  });

  it('runs never overlap under a steady stream of requests', async () => {
    const clock = new FakeClock();
    const r = recorder();
    const s = new RefreshScheduler(r.run, undefined, { debounceMs: 50, stormRequests: 1000, clock });
    for (let i = 0; i < 40; i++) {
      void s.request(`k${i % 3}`);
      await clock.advance(60);
      if (i % 4 === 3) await r.end();
    }
    while (clock.pendingTimers || s.busy) {
      await clock.advance(60);
      if (s.busy && !clock.pendingTimers) await r.end();
    }
    assert.strictEqual(r.peak, 1);
    assert.ok(r.batches.length >= 10, `${r.batches.length} runs`);
  });

  it('a storm of requests waits for the longer quiet spell', async () => {
    const clock = new FakeClock();
    const r = recorder();
    const s = new RefreshScheduler(r.run, undefined, { debounceMs: 300, stormRequests: 10, stormMs: 1000, clock });
    for (let i = 0; i < 20; i++) {
      void s.request('a');
      await clock.advance(40);
    }
    await clock.advance(300);
    assert.deepStrictEqual(r.batches, [], 'a single change would have run by now; a storm has not');
    await clock.advance(700);
    assert.deepStrictEqual(r.batches, [['a']]);
    await r.end();
  });

  it('a request asking for a longer debounce lengthens its batch\'s wait', async () => {
    const clock = new FakeClock();
    const r = recorder();
    const s = new RefreshScheduler(r.run, undefined, { debounceMs: 300, clock });
    void s.request('a', 750);
    void s.request('b');
    await clock.advance(300);
    assert.deepStrictEqual(r.batches, []);
    await clock.advance(450);
    assert.deepStrictEqual(r.batches, [['a', 'b']]);
    await r.end();
    void s.request('c');
    await clock.advance(300);
    assert.deepStrictEqual(r.batches[1], ['c'], 'the next batch is back to the short debounce');
    await r.end();
  });

  it('a failed run does not stop the next one, and dispose releases every waiter', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const s = new RefreshScheduler<string>(
      async () => {
        calls++;
        throw new Error('git failed');
      },
      undefined,
      { debounceMs: 10, clock },
    );
    const first = s.request('a');
    await clock.advance(10);
    await first;
    const second = s.request('a');
    await clock.advance(10);
    await second;
    assert.strictEqual(calls, 2);
    const never = s.request('b');
    s.dispose();
    await never;
    await clock.advance(1000);
    assert.strictEqual(calls, 2, 'nothing runs after dispose');
    await s.request('c');
  });

  it('works on real timers too', async () => {
    const batches: string[][] = [];
    const s = new RefreshScheduler<string>(async (b) => void batches.push([...b].sort()), undefined, { debounceMs: 5 });
    await Promise.all([s.request('x'), s.request('y')]);
    assert.deepStrictEqual(batches, [['x', 'y']]);
  });
});
