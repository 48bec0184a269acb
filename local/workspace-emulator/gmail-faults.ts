// Fault injection for `messages.send`, so the outbox's retry and exactly-once logic can be exercised against
// the failures Gmail really produces: rate limits, backend errors, a send that succeeded although the answer
// was an error or never arrived ("unknown outcome"), and recipients Gmail refuses.
import { z } from 'zod';

export interface GmailFaultSettings {
  /** Share of sends (0..1) that fail with `status`. */
  sendFailureRate: number;
  /** The next N sends fail regardless of the rate (then the rate applies again). */
  failNextSends: number;
  /** HTTP status of an injected failure: 429, 500, 503 … */
  status: number;
  /** Seeds the pseudo-random choice so a run is repeatable; without it Math.random decides. */
  seed?: number;
  /** The failing send IS stored and delivered; only the answer is an error (an "unknown outcome"). */
  failAfterSend: boolean;
  /** Instead of an error answer, the connection is dropped with no answer at all. */
  resetConnection: boolean;
  /** Retry-After header (seconds) sent with a 429 or 503. */
  retryAfterSeconds: number;
  /** Sends to any of these recipients answer 400 "Invalid To header" and store nothing. */
  permanentFailureFor: string[];
}

export type SendFault =
  | { kind: 'permanent'; status: 400; message: string; reason: string }
  | { kind: 'transient'; status: number; afterSend: boolean; resetConnection: boolean; retryAfterSeconds: number };

export const gmailFaultSettingsSchema = z
  .object({
    sendFailureRate: z.number().min(0).max(1).optional(),
    failNextSends: z.number().int().min(0).optional(),
    status: z.number().int().min(400).max(599).optional(),
    seed: z.number().int().optional(),
    failAfterSend: z.boolean().optional(),
    resetConnection: z.boolean().optional(),
    retryAfterSeconds: z.number().int().min(0).optional(),
    permanentFailureFor: z.array(z.string()).optional(),
  })
  .strict();

export type GmailFaultInput = z.infer<typeof gmailFaultSettingsSchema>;

const DEFAULTS: GmailFaultSettings = {
  sendFailureRate: 0,
  failNextSends: 0,
  status: 500,
  failAfterSend: false,
  resetConnection: false,
  retryAfterSeconds: 1,
  permanentFailureFor: [],
};

export class GmailFaults {
  #settings: GmailFaultSettings = structuredClone(DEFAULTS);
  #random: () => number = Math.random;

  /** Replaces every setting (what is not given returns to its default, i.e. no faults) and reseeds. */
  set(input: GmailFaultInput): GmailFaultSettings {
    const parsed = gmailFaultSettingsSchema.parse(input);
    const settings: GmailFaultSettings = { ...structuredClone(DEFAULTS), ...parsed };
    settings.permanentFailureFor = (parsed.permanentFailureFor ?? []).map((address) => address.trim().toLowerCase());
    this.#settings = settings;
    this.#random = settings.seed === undefined ? Math.random : seededRandom(settings.seed);
    return this.get();
  }

  get(): GmailFaultSettings {
    return structuredClone(this.#settings);
  }

  clear(): void {
    this.set({});
  }

  /** Decides the fate of one send to these (lower-case) recipients; undefined: it succeeds. */
  decide(recipients: string[]): SendFault | undefined {
    const settings = this.#settings;
    const refused = recipients.find((address) => settings.permanentFailureFor.includes(address));
    if (refused) return { kind: 'permanent', status: 400, message: 'Invalid To header', reason: 'invalidArgument' };
    let fails = false;
    if (settings.failNextSends > 0) {
      settings.failNextSends--;
      fails = true;
    } else if (settings.sendFailureRate > 0) {
      fails = this.#random() < settings.sendFailureRate;
    }
    if (!fails) return undefined;
    return {
      kind: 'transient',
      status: settings.status,
      afterSend: settings.failAfterSend,
      resetConnection: settings.resetConnection,
      retryAfterSeconds: settings.retryAfterSeconds,
    };
  }
}

/** mulberry32: tiny, fast and good enough to make fault patterns repeatable. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
