// The local stack's controllable clock: real time plus an offset the web UI can move forward, so a user can
// see tomorrow's digest or a reminder two hours before a meeting without waiting. Only local: production
// functions use the real clock.
import { DateTime } from 'luxon';

export class LocalClock {
  private offsetMs = 0;

  constructor(private readonly zone: string) {}

  now(): DateTime {
    return DateTime.now().setZone(this.zone).plus({ milliseconds: this.offsetMs });
  }

  advance(minutes: number): DateTime {
    if (!Number.isFinite(minutes) || minutes < 0 || minutes > 366 * 24 * 60) throw new RangeError('advanceMinutes must be between 0 and one year');
    this.offsetMs += minutes * 60_000;
    return this.now();
  }

  reset(): DateTime {
    this.offsetMs = 0;
    return this.now();
  }

  describe(): { now: string; offsetMinutes: number; zone: string } {
    return { now: this.now().toISO()!, offsetMinutes: Math.round(this.offsetMs / 60_000), zone: this.zone };
  }
}
