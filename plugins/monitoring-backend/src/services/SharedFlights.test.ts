import { SharedFlights } from './SharedFlights';

describe('SharedFlights', () => {
  function pending() {
    let aborted = false;
    const flights = SharedFlights.create<string>();
    const load = (signal: AbortSignal) =>
      new Promise<string>((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          aborted = true;
          reject(signal.reason);
        });
      });
    return { flights, load, aborted: () => aborted };
  }

  it('keeps a shared request running while one caller is still waiting', async () => {
    const { flights, load, aborted } = pending();
    const eve = new AbortController();
    const first = flights.run('q', load, eve.signal);
    const second = flights.run('q', load, new AbortController().signal);
    expect(first.joined).toBe(false);
    expect(second.joined).toBe(true);
    eve.abort(new Error('denied'));
    await expect(first.promise).rejects.toThrow('denied');
    expect(aborted()).toBe(false);
    expect(flights.size).toBe(1);
  });

  it('aborts the request when its last caller leaves, and starts afresh after', async () => {
    const { flights, load, aborted } = pending();
    const a = new AbortController();
    const b = new AbortController();
    const first = flights.run('q', load, a.signal);
    const second = flights.run('q', load, b.signal);
    a.abort(new Error('a'));
    b.abort(new Error('b'));
    await expect(first.promise).rejects.toThrow('a');
    await expect(second.promise).rejects.toThrow('b');
    expect(aborted()).toBe(true);
    expect(flights.size).toBe(0);
    expect(flights.run('q', async () => 'fresh').joined).toBe(false);
  });

  it('never aborts for a caller without a signal', async () => {
    const flights = SharedFlights.create<string>();
    let release: (v: string) => void = () => {};
    const load = () => new Promise<string>(r => (release = r));
    const plain = flights.run('q', load);
    const leaving = new AbortController();
    const other = flights.run('q', load, leaving.signal);
    leaving.abort(new Error('gone'));
    await expect(other.promise).rejects.toThrow('gone');
    release('answer');
    await expect(plain.promise).resolves.toBe('answer');
  });
});
