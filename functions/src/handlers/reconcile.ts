// reconcile: called nightly by Cloud Scheduler (deployed like tick: only the scheduler's OIDC identity may call
// it) and by the local stack. Reconciles every workbook (one failing workbook does not stop the others) and
// answers with what each run fixed, per tab.
import type { ReconcileReport } from '../workflows/reconcile-workbook.ts';
import type { HttpInput, HttpOutput } from './http-types.ts';

export interface ReconcileHandlerDeps {
  workbookIds: () => Promise<string[]>;
  reconcile: (workbookId: string) => Promise<ReconcileReport>;
  logFailure: (workbookId: string, error: unknown) => void;
}

export async function handleReconcile(input: HttpInput, deps: ReconcileHandlerDeps): Promise<HttpOutput> {
  if (input.method !== 'POST' && input.method !== 'GET') {
    return { status: 405, body: { error: { code: 'METHOD_NOT_ALLOWED', en: 'Use POST.', zh: '请使用 POST。' } } };
  }
  const workbooks: Array<ReconcileReport | { workbookId: string; state: 'failed' }> = [];
  for (const workbookId of await deps.workbookIds()) {
    try {
      workbooks.push(await deps.reconcile(workbookId));
    } catch (error) {
      deps.logFailure(workbookId, error);
      workbooks.push({ workbookId, state: 'failed' });
    }
  }
  return { status: 200, body: { workbooks } };
}
