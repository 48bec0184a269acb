import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outboxMessageId, rfc822MessageId } from '../../../functions/src/domain/mail/outbox-message.ts';

/** Firestore document ID rules: no '/', not '.' or '..', not __x__, at most 1500 bytes. */
function isValidFirestoreId(id: string): boolean {
  return (
    id.length > 0 &&
    !id.includes('/') &&
    id !== '.' &&
    id !== '..' &&
    !/^__.*__$/u.test(id) &&
    Buffer.byteLength(id) <= 1500
  );
}

describe('outboxMessageId: one stable document ID per message', () => {
  it('is the kind followed by 32 hex digits of a hash', () => {
    expect(outboxMessageId('digest', 'digest', 'li@example.com', '2026-11-28')).toMatch(/^digest-[0-9a-f]{32}$/u);
  });

  it('treats recipient addresses without regard to case or surrounding spaces', () => {
    expect(outboxMessageId('urgent', 'actions/A-1', ' Li@Example.com ', '2026-11-28T06:00Z')).toBe(
      outboxMessageId('urgent', 'actions/A-1', 'li@example.com', '2026-11-28T06:00Z'),
    );
  });

  const differing: Array<{ name: string; args: [string, string, string, string] }> = [
    { name: 'another kind', args: ['urgent', 'digest', 'li@example.com', '2026-11-28'] },
    { name: 'another subject record', args: ['digest', 'meetings/M-1', 'li@example.com', '2026-11-28'] },
    { name: 'another recipient', args: ['digest', 'digest', 'wang@example.com', '2026-11-28'] },
    { name: 'another due slot', args: ['digest', 'digest', 'li@example.com', '2026-11-29'] },
  ];
  it.each(differing)('changes with $name', ({ args }) => {
    expect(outboxMessageId(...args)).not.toBe(outboxMessageId('digest', 'digest', 'li@example.com', '2026-11-28'));
  });

  it('cannot be made to collide by moving a separator between parts', () => {
    expect(outboxMessageId('k', 'a-b', 'c', 'd')).not.toBe(outboxMessageId('k', 'a', 'b-c', 'd'));
    expect(outboxMessageId('k', 'a|b', 'c', 'd')).not.toBe(outboxMessageId('k', 'a', 'b|c', 'd'));
  });

  it('flattens a kind that would not be a safe ID prefix', () => {
    expect(outboxMessageId('meeting/notice', 'm', 'r', 's')).toMatch(/^meeting_notice-[0-9a-f]{32}$/u);
    expect(outboxMessageId('__', 'm', 'r', 's')).toMatch(/^message-[0-9a-f]{32}$/u);
    expect(outboxMessageId('..', 'm', 'r', 's')).toMatch(/^message-[0-9a-f]{32}$/u);
  });

  it('is deterministic and always a valid, URL-safe Firestore document ID (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.emailAddress(), fc.string(), (kind, subject, recipient, slot) => {
        const id = outboxMessageId(kind, subject, recipient, slot);
        expect(outboxMessageId(kind, subject, recipient, slot)).toBe(id);
        expect(isValidFirestoreId(id)).toBe(true);
        expect(id).toMatch(/^[A-Za-z0-9_]{1,40}-[0-9a-f]{32}$/u);
        expect(encodeURIComponent(id)).toBe(id);
      }),
    );
  });
});

describe('rfc822MessageId', () => {
  it('wraps the outbox ID and the sending domain in angle brackets', () => {
    expect(rfc822MessageId('digest-0123456789abcdef0123456789abcdef', 'followup.example.com')).toBe(
      '<digest-0123456789abcdef0123456789abcdef@followup.example.com>',
    );
  });
});
