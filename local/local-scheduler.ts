// Stands in for Cloud Scheduler: calls the tick function every 15 minutes over HTTP, as production does.
import { Cron } from 'croner';

export interface LocalScheduler {
  stop(): void;
}

export function startLocalScheduler(
  tickUrl: string,
  onError: (error: unknown) => void,
  pattern = '*/15 * * * *',
): LocalScheduler {
  const job = new Cron(pattern, { protect: true, unref: true }, async () => {
    try {
      const response = await fetch(tickUrl, { method: 'POST' });
      if (!response.ok)
        onError(new Error(`tick answered ${response.status}: ${(await response.text()).slice(0, 200)}`));
    } catch (error) {
      onError(error);
    }
  });
  return { stop: () => job.stop() };
}
