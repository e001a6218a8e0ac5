import { BoundedTtlStore, jsonBytes } from './BoundedTtlStore';

describe('BoundedTtlStore', () => {
  function store(maxBytes: number) {
    let now = 1_000;
    const s = BoundedTtlStore.create<string>({
      maxBytes,
      sizeOf: v => v.length,
      now: () => now,
    });
    return { s, advance: (ms: number) => (now += ms) };
  }

  it('answers an entry until its TTL, then forgets it and its bytes', () => {
    const { s, advance } = store(100);
    s.set('a', 'x'.repeat(10), 1_000);
    expect(s.get('a')).toBe('xxxxxxxxxx');
    advance(999);
    expect(s.get('a')).toBeDefined();
    advance(1);
    expect(s.get('a')).toBeUndefined();
    expect(s.heldBytes).toBe(0);
  });

  it('evicts the oldest entries once the budget is exceeded', () => {
    const { s } = store(30);
    s.set('a', 'a'.repeat(10), 60_000);
    s.set('b', 'b'.repeat(10), 60_000);
    s.set('c', 'c'.repeat(10), 60_000);
    s.set('d', 'd'.repeat(10), 60_000);
    expect(s.get('a')).toBeUndefined();
    expect(['b', 'c', 'd'].map(k => s.get(k)?.[0])).toEqual(['b', 'c', 'd']);
    expect(s.heldBytes).toBe(30);
    expect(s.size).toBe(3);
  });

  it('replaces an entry without counting it twice, and refuses one larger than the budget', () => {
    const { s } = store(30);
    s.set('a', 'a'.repeat(10), 60_000);
    s.set('a', 'A'.repeat(20), 60_000);
    expect(s.heldBytes).toBe(20);
    s.set('big', 'x'.repeat(31), 60_000);
    expect(s.get('big')).toBeUndefined();
    expect(s.get('a')).toBe('A'.repeat(20));
  });

  it('estimates JSON sizes from their text', () => {
    expect(jsonBytes({ a: 'x'.repeat(100) })).toBeGreaterThan(200);
    expect(jsonBytes({ a: 'x'.repeat(1000) })).toBeGreaterThan(
      jsonBytes({ a: 'x'.repeat(100) }),
    );
  });
});
