// Bundle entry: publishes the entry points as globals, because Apps Script finds trigger and menu functions by
// name on the global object and knows nothing of modules.
import {
  checkSetup,
  finalizeMinutes,
  installTriggers,
  onChangeInstalled,
  onEditInstalled,
  onOpen,
  resyncThisSheet,
  sendNoticeNow,
} from './triggers.ts';

const globals = globalThis as unknown as Record<string, unknown>;
globals.onOpen = onOpen;
globals.onEditInstalled = onEditInstalled;
globals.onChangeInstalled = onChangeInstalled;
globals.resyncThisSheet = resyncThisSheet;
globals.sendNoticeNow = sendNoticeNow;
globals.finalizeMinutes = finalizeMinutes;
globals.checkSetup = checkSetup;
globals.installTriggers = installTriggers;
