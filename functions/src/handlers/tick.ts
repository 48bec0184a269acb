// tick: called by Cloud Scheduler every 15 minutes (in production the function only accepts the scheduler's
// OIDC identity: deploy it without unauthenticated access) and by the local scheduler. Runs one tick for
// every workbook and answers with what it did.
import type { Logs } from '../logs.ts';
import type { WorkbookTickReport } from '../workflows/run-tick.ts';
import type { HttpInput, HttpOutput } from './http-types.ts';

export interface TickHandlerDeps {
  runTick: () => Promise<WorkbookTickReport[]>;
  logs: Logs;
}

export async function handleTick(input: HttpInput, deps: TickHandlerDeps): Promise<HttpOutput> {
  if (input.method !== 'POST' && input.method !== 'GET') {
    return { status: 405, body: { error: { code: 'METHOD_NOT_ALLOWED', en: 'Use POST.', zh: '请使用 POST。' } } };
  }
  const started = Date.now();
  const workbooks = await deps.runTick();
  for (const report of workbooks) deps.logs.tickWorkbook(report);
  return { status: 200, body: { workbooks, durationMs: Date.now() - started } };
}
