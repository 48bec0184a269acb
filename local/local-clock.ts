// The local stack's controllable clock. It reads `instant + (real time elapsed since it was set)`, so it runs
// at the pace of a wall clock from wherever it was put: a user moves it forward to see tomorrow's digest
// without waiting, a test pins it to a fixed working-day morning (or a night, a weekend, a holiday on
// purpose) and every date the stack derives follows from that instant, whatever the machine's date is.
// Only local: production functions use the real clock.
import { DateTime } from 'luxon';

/** What the clock reads and how far it stands from the machine's time (the web UI shows both). */
export interface ClockReading {
  now: string;
  offsetMinutes: number;
  zone: string;
}

/** Where a clock starts: an instant (luxon, ISO text with or without an offset, or epoch milliseconds). */
export type ClockInstant = DateTime | string | number;

export interface LocalClockOptions {
  /** The clock's first reading; absent: the machine's time. */
  start?: ClockInstant;
  /** Milliseconds from the machine's time (a moved clock restored after a restart); ignored with `start`. */
  offsetMs?: number;
  /** The machine's time in ms; injectable so the clock's own tests need no real time. */
  realNow?: () => number;
}

const MAX_MOVE_MINUTES = 366 * 24 * 60;

/** Reads a ClockInstant in `zone` (text without an offset is wall time there); throws RangeError on nonsense. */
export function toInstant(value: ClockInstant, zone: string): DateTime {
  const instant = DateTime.isDateTime(value)
    ? value
    : typeof value === 'number'
      ? DateTime.fromMillis(value, { zone })
      : DateTime.fromISO(value, { zone, setZone: false });
  if (!instant.isValid)
    throw new RangeError(`Not a valid instant: ${String(value)} (${instant.invalidExplanation ?? 'invalid'})`);
  return instant.setZone(zone);
}

export class LocalClock {
  private readonly realNow: () => number;
  /** The clock's reading at `anchorReal`. */
  private anchorInstant: number;
  private anchorReal: number;

  constructor(
    readonly zone: string,
    options: LocalClockOptions = {},
  ) {
    this.realNow = options.realNow ?? (() => Date.now());
    this.anchorReal = this.realNow();
    this.anchorInstant =
      options.start !== undefined
        ? toInstant(options.start, zone).toMillis()
        : this.anchorReal + (options.offsetMs ?? 0);
  }

  now(): DateTime {
    return DateTime.fromMillis(this.anchorInstant + (this.realNow() - this.anchorReal), { zone: this.zone });
  }

  /** Puts the clock at `instant`, forward or back; it runs on from there. */
  set(instant: ClockInstant): DateTime {
    const target = toInstant(instant, this.zone);
    this.anchorReal = this.realNow();
    this.anchorInstant = target.toMillis();
    return this.now();
  }

  /** Moves the clock by `minutes` (negative moves it back), at most a year either way. */
  advance(minutes: number): DateTime {
    if (!Number.isFinite(minutes) || Math.abs(minutes) > MAX_MOVE_MINUTES)
      throw new RangeError('advanceMinutes must be a number of minutes within one year');
    return this.set(this.now().plus({ minutes }));
  }

  /** Back to the machine's time. */
  reset(): DateTime {
    return this.set(this.realNow());
  }

  /** Milliseconds between this clock and the machine's time (saved so a moved clock survives a restart). */
  offsetMs(): number {
    return this.anchorInstant - this.anchorReal;
  }

  describe(): ClockReading {
    return { now: this.now().toISO()!, offsetMinutes: Math.round(this.offsetMs() / 60_000), zone: this.zone };
  }
}
