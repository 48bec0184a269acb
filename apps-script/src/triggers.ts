// The functions Apps Script calls by name (triggers and menu items). Each one only fetches the real services
// and hands over to the adapter, so the names index.ts publishes stay thin and stable.
import {
  getAppsScriptServices,
  replaceTriggers,
  resyncActiveSheet,
  runSetupCheck,
  reconcileWorkbookNow,
  sendNoticeForActiveRow,
  showMenu,
  syncChangeEvent,
  syncEditEvent,
} from './sheet-adapter.ts';
import type { ChangeEventLike, EditEventLike } from './sheet-adapter.ts';

/** Simple trigger: runs without authorization, which is enough to add a menu. */
export function onOpen(): void {
  showMenu(getAppsScriptServices());
}

/** Installable (not simple) so that it may call UrlFetchApp; named apart from onEdit so it never runs twice. */
export function onEditInstalled(event: EditEventLike): void {
  syncEditEvent(event, getAppsScriptServices());
}

export function onChangeInstalled(event: ChangeEventLike): void {
  syncChangeEvent(event, getAppsScriptServices());
}

export function resyncThisSheet(): void {
  resyncActiveSheet(getAppsScriptServices());
}

export function sendNoticeNow(): void {
  sendNoticeForActiveRow(getAppsScriptServices());
}

export function finalizeMinutes(): void {
  sendNoticeForActiveRow(getAppsScriptServices(), 'finalizeMinutes');
}

export function reconcileNow(): void {
  reconcileWorkbookNow(getAppsScriptServices());
}

export function checkSetup(): void {
  runSetupCheck(getAppsScriptServices());
}

export function installTriggers(): void {
  replaceTriggers(getAppsScriptServices());
}

/** Every global Apps Script must find by name; build.ts declares a top-level stub for each. */
export const GLOBAL_FUNCTION_NAMES = [
  'onOpen',
  'onEditInstalled',
  'onChangeInstalled',
  'resyncThisSheet',
  'sendNoticeNow',
  'finalizeMinutes',
  'reconcileNow',
  'checkSetup',
  'installTriggers',
] as const;
