// The emulator's ordered index against a plain sorted array, under random inserts, overwrites and deletes
// (including appends past the last key, which take the tail fast path).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderedMap } from '../../../local/firestore-emulator/ordered-map.ts';

type Op = { kind: 'set'; key: number; value: number } | { kind: 'delete'; key: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 200 }), value: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 200 }) }),
);

describe('OrderedMap', () => {
  it('behaves like a sorted map under any sequence of sets and deletes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), fc.integer({ min: -1, max: 201 }), (ops, from) => {
        const map = new OrderedMap<number, number>((a, b) => a - b);
        const reference = new Map<number, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            map.set(o.key, o.value);
            reference.set(o.key, o.value);
          } else {
            expect(map.delete(o.key)).toBe(reference.delete(o.key));
          }
        }
        const sorted = [...reference.entries()].sort(([a], [b]) => a - b);
        expect([...map.entries()]).toEqual(sorted);
        expect(map.size).toBe(reference.size);
        expect([...map.entries(from)]).toEqual(sorted.filter(([k]) => k >= from));
        for (let key = -1; key <= 201; key += 7) expect(map.get(key)).toBe(reference.get(key));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps appending correctly after the last key is deleted', () => {
    const map = new OrderedMap<string, number>((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (let i = 0; i < 1000; i++) map.set(`k${String(i).padStart(4, '0')}`, i);
    for (let i = 999; i >= 500; i--) map.delete(`k${String(i).padStart(4, '0')}`);
    map.set('k9999', 1);
    map.set('k0500', 2);
    const keys = [...map.entries()].map(([k]) => k);
    expect(keys.length).toBe(502);
    expect(keys.at(-2)).toBe('k0500');
    expect(keys.at(-1)).toBe('k9999');
    expect(map.get('k0999')).toBeUndefined();
  });
});
