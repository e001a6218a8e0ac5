/**
 * Identical upstream requests in flight, shared (single-flight), and cancelled only when every
 * caller waiting on one has given up: one viewer whose permission was denied must not cancel
 * the query the other viewers of the same page are waiting on.
 */
export class SharedFlights<T> {
  private readonly flights = new Map<
    string,
    { promise: Promise<T>; controller: AbortController; waiters: number }
  >();

  private constructor() {}

  static create<T>(): SharedFlights<T> {
    return new SharedFlights<T>();
  }

  /** Keys with a request in flight; for tests. */
  get size(): number {
    return this.flights.size;
  }

  /**
   * Joins the flight for `key`, or starts it with `load`. The caller's `signal` makes it leave
   * (its promise rejects at once); the last caller to leave aborts the signal given to `load`.
   * A caller without a signal never leaves, so its flight is never aborted.
   */
  run(
    key: string,
    load: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): { promise: Promise<T>; joined: boolean } {
    signal?.throwIfAborted();
    let flight = this.flights.get(key);
    const joined = flight !== undefined;
    if (!flight) {
      const controller = new AbortController();
      const started = {
        controller,
        waiters: 0,
        promise: load(controller.signal).finally(() => {
          if (this.flights.get(key) === started) this.flights.delete(key);
        }),
      };
      flight = started;
      this.flights.set(key, flight);
    }
    const mine = flight;
    mine.waiters += 1;
    if (!signal) return { promise: mine.promise, joined };
    const promise = new Promise<T>((resolve, reject) => {
      const leave = () => {
        reject(signal.reason);
        mine.waiters -= 1;
        if (mine.waiters === 0) {
          if (this.flights.get(key) === mine) this.flights.delete(key);
          mine.controller.abort(signal.reason);
        }
      };
      signal.addEventListener('abort', leave, { once: true });
      mine.promise
        .finally(() => signal.removeEventListener('abort', leave))
        .then(resolve, reject);
    });
    return { promise, joined };
  }
}
