// "Check setup" from the sheet menu can ask for a test mail: it goes through the outbox like every other
// message (so it proves the whole path), and is delivered at once instead of waiting for the next tick.
import { planSetupCheckMail } from '../domain/mail/daily-digest.ts';
import { parseNotificationSettings } from '../domain/mail/notification-settings.ts';
import { deliverDueMessages } from './deliver-outbox.ts';
import type { TickDeps } from './run-tick.ts';
import { withIdentity } from './with-identity.ts';

export interface SetupCheckMailRequest {
  spreadsheetId: string;
  recipient: string;
  requestId: string;
}

export type SetupCheckMailResult = 'sent' | 'queued';

export async function queueSetupCheckMail(
  request: SetupCheckMailRequest,
  deps: Pick<TickDeps, 'outbox' | 'delivery' | 'messageIdDomain' | 'now'> & { timeZone: string },
): Promise<SetupCheckMailResult> {
  const now = deps.now();
  const settings = parseNotificationSettings({ timeZone: deps.timeZone });
  const planned = withIdentity(
    planSetupCheckMail(
      { requestedBy: request.recipient, spreadsheetId: request.spreadsheetId, requestId: request.requestId },
      settings,
      now,
    ),
    deps.messageIdDomain,
  );
  await deps.outbox.enqueue(request.spreadsheetId, [planned], now);
  await deliverDueMessages(request.spreadsheetId, deps.delivery, 10);
  const record = await deps.outbox.get(request.spreadsheetId, planned.outboxId);
  return record?.state === 'sent' ? 'sent' : 'queued';
}
