export { startWorkspaceEmulator } from './server.ts';
export type { WorkspaceEmulator, WorkspaceEmulatorOptions } from './server.ts';
export type { WorkspaceStore, DocumentCollection } from './workspace-store.ts';
export type { StoredSpreadsheet, StoredSheet, StoredCell } from './sheets-model.ts';
export { parseA1Range, formatA1Range, formatSheetTitle, columnLetters, columnIndexFromLetters } from './a1-notation.ts';
export type { A1Range } from './a1-notation.ts';
