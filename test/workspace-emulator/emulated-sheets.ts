// Test fixture: a Workspace emulator on a free port and a genuine googleapis Sheets client pointed at it.
import { sheets, type sheets_v4 } from '@googleapis/sheets';
import {
  type WorkspaceEmulator,
  type WorkspaceEmulatorOptions,
  startWorkspaceEmulator,
} from '../../local/workspace-emulator/index.ts';

export interface EmulatedSheets {
  emulator: WorkspaceEmulator;
  api: sheets_v4.Sheets;
}

export async function startEmulatedSheets(options: WorkspaceEmulatorOptions = {}): Promise<EmulatedSheets> {
  const emulator = await startWorkspaceEmulator({ port: 0, ...options });
  return { emulator, api: sheets({ version: 'v4', rootUrl: emulator.rootUrl }) };
}

export async function createSpreadsheet(api: sheets_v4.Sheets, title = 'Test workbook'): Promise<string> {
  const created = await api.spreadsheets.create({ requestBody: { properties: { title } } });
  const id = created.data.spreadsheetId;
  if (!id) throw new Error('create returned no spreadsheetId');
  return id;
}

/** The Google error a failed call raised: HTTP status and the body's `error` object. */
export async function googleErrorOf(
  call: Promise<unknown>,
): Promise<{ status: number | undefined; code: unknown; error: unknown }> {
  try {
    await call;
  } catch (caught) {
    if (!(caught instanceof Error) || caught.constructor.name !== 'GaxiosError') throw caught;
    // Structural view of gaxios' GaxiosError (gaxios is not our direct dependency).
    const gaxios = caught as Error & { status?: number; code?: unknown; response?: { data?: { error?: unknown } } };
    return { status: gaxios.status, code: gaxios.code, error: gaxios.response?.data?.error };
  }
  throw new Error('expected the call to fail');
}
