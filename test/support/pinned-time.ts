// The instants tests pin. No test reads the machine's clock: each starts its stack (or passes `now`) at one of
// these, so a run at 22:50 on a Sunday, on New Year's Day or in a DST week behaves as one at 10:00 on a
// Tuesday. A test about nights, weekends or holidays pins those on purpose, by name.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER } from '../../functions/src/contract/request-signature.ts';
import { signRequest } from '../../functions/src/handlers/hmac-signature.ts';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../local/stack.ts';

export const ZONE = 'Asia/Shanghai';

const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });

/**
 * A plain working morning: Tuesday 2027-03-09 09:00 in Shanghai, far from the demo workbook's holidays
 * (2027-01-01, 2027-02-06) and from the next ones (Qingming, 2027-04-05): anything up to four weeks ahead is an
 * ordinary working day unless it falls on a weekend.
 */
export const WORKING_MORNING = at('2027-03-09T09:00');
/** Sunday 22:50, inside the demo workbook's quiet hours (22:00–07:00). */
export const SUNDAY_NIGHT = at('2027-03-07T22:50');
/** New Year's Day 2027, a holiday on the demo workbook's Settings tab (a Friday). */
export const NEW_YEARS_DAY = at('2027-01-01T10:00');
/** The working morning before New Year's Day (a Thursday): the next working morning is Monday 2027-01-04. */
export const NEW_YEARS_EVE = at('2026-12-31T09:00');
/** A Saturday whose next day, Sunday 2027-02-14, is a make-up working day (调休上班日) on the demo Settings tab. */
export const MAKE_UP_SATURDAY = at('2027-02-13T10:00');

/** A local stack for one test file or describe: its own state folder, no scheduler, the clock pinned. */
export function startPinnedStack(name: string, options: LocalStackOptions = {}): Promise<LocalStack> {
  return startLocalStack({
    port: 0,
    dataDir: mkdtempSync(join(tmpdir(), `${name}-`)),
    scheduler: false,
    now: WORKING_MORNING,
    ...options,
  });
}

/** Headers of a request signed as the Apps Script signs it, at the stack clock's time (not the machine's). */
export function signedHeaders(stack: LocalStack, body: string, secret = stack.secret): Record<string, string> {
  const timestamp = Math.floor(stack.clock.now().toSeconds());
  return {
    'content-type': 'application/json',
    [SIGNATURE_HEADER]: signRequest(secret, timestamp, body),
    [SIGNATURE_TIMESTAMP_HEADER]: String(timestamp),
  };
}
