// Bundle entry: publishes the entry points as globals, because Apps Script finds trigger and menu functions by
// name on the global object and knows nothing of modules. The table is typed by GLOBAL_FUNCTION_NAMES, so a
// name build.ts declares as a top-level stub cannot be left without its function (the stub would run instead,
// doing nothing, as "Reconcile now" once did).
import {
  GLOBAL_FUNCTION_NAMES,
  checkSetup,
  finalizeMinutes,
  installTriggers,
  onChangeInstalled,
  onEditInstalled,
  onOpen,
  reconcileNow,
  resyncThisSheet,
  sendNoticeNow,
} from './triggers.ts';

const entryPoints: Record<(typeof GLOBAL_FUNCTION_NAMES)[number], (...args: never[]) => void> = {
  onOpen,
  onEditInstalled,
  onChangeInstalled,
  resyncThisSheet,
  sendNoticeNow,
  finalizeMinutes,
  reconcileNow,
  checkSetup,
  installTriggers,
};

const globals = globalThis as unknown as Record<string, unknown>;
for (const name of GLOBAL_FUNCTION_NAMES) globals[name] = entryPoints[name];
