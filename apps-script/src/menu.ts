// The sheet menu as data: the adapter turns it into Ui.createMenu() calls, and each item names the global
// function (assigned in index.ts) that Apps Script calls when the item is clicked.
import { SCRIPT_TITLE, formatScriptMessage } from './script-messages.ts';

export interface MenuItem {
  readonly label: string;
  readonly functionName:
    | 'sendNoticeNow'
    | 'finalizeMinutes'
    | 'resyncThisSheet'
    | 'reconcileNow'
    | 'checkSetup'
    | 'installTriggers';
}

export interface MenuDefinition {
  readonly title: string;
  readonly items: readonly MenuItem[];
}

export function buildMenu(): MenuDefinition {
  return {
    title: SCRIPT_TITLE,
    items: [
      { label: formatScriptMessage('MENU_SEND_NOTICE'), functionName: 'sendNoticeNow' },
      { label: formatScriptMessage('MENU_FINALIZE_MINUTES'), functionName: 'finalizeMinutes' },
      { label: formatScriptMessage('MENU_RESYNC'), functionName: 'resyncThisSheet' },
      { label: formatScriptMessage('MENU_RECONCILE'), functionName: 'reconcileNow' },
      { label: formatScriptMessage('MENU_CHECK_SETUP'), functionName: 'checkSetup' },
      { label: formatScriptMessage('MENU_INSTALL_TRIGGERS'), functionName: 'installTriggers' },
    ],
  };
}
