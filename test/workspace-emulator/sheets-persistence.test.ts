// State saved to dataDir survives a restart of the emulator.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSpreadsheet, startEmulatedSheets } from './emulated-sheets.ts';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'workspace-emulator-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('persistence with dataDir', () => {
  it('a workbook written before stop() is served again after a restart', async () => {
    const first = await startEmulatedSheets({ dataDir });
    const spreadsheetId = await createSpreadsheet(first.api, 'Persisted');
    const reply = await first.api.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: {
        requests: [
          { addSheet: { properties: { title: 'Customers 客户档案', gridProperties: { frozenRowCount: 1 } } } },
        ],
      },
    });
    const sheetId = reply.data.replies?.[0]?.addSheet?.properties?.sheetId;
    await first.api.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: {
        requests: [
          { addProtectedRange: { protectedRange: { range: { sheetId, startColumnIndex: 5, endColumnIndex: 6 } } } },
        ],
      },
    });
    await first.api.spreadsheets.values.update({
      spreadsheetId,
      range: "'Customers 客户档案'!A1",
      valueInputOption: 'RAW',
      requestBody: {
        values: [
          ['姓名', 'phone'],
          ['张三', '+86 138 0013 8000'],
        ],
      },
    });
    await first.emulator.stop();

    const files = await readdir(path.join(dataDir, 'spreadsheets'));
    expect(files).toEqual([`${spreadsheetId}.json`]);
    expect(JSON.parse(await readFile(path.join(dataDir, 'spreadsheets', files[0] ?? ''), 'utf8'))).toMatchObject({
      spreadsheetId,
    });

    const second = await startEmulatedSheets({ dataDir });
    try {
      const values = await second.api.spreadsheets.values.get({
        spreadsheetId,
        range: "'Customers 客户档案'",
        valueRenderOption: 'FORMULA',
      });
      expect(values.data.values).toEqual([
        ['姓名', 'phone'],
        ['张三', '+86 138 0013 8000'],
      ]);
      const spreadsheet = (await second.api.spreadsheets.get({ spreadsheetId })).data;
      expect(spreadsheet.properties?.title).toBe('Persisted');
      const sheet = spreadsheet.sheets?.find((entry) => entry.properties?.sheetId === sheetId);
      expect(sheet?.properties?.gridProperties?.frozenRowCount).toBe(1);
      expect(sheet?.protectedRanges?.[0]?.range).toMatchObject({ sheetId, startColumnIndex: 5 });
    } finally {
      await second.emulator.stop();
    }
  });

  it('saves without waiting for stop() once the debounce has passed, leaving no temp files', async () => {
    const emulated = await startEmulatedSheets({ dataDir, saveDebounceMs: 10 });
    try {
      const spreadsheetId = await createSpreadsheet(emulated.api);
      await expect
        .poll(async () => readdir(path.join(dataDir, 'spreadsheets')).catch(() => []), { timeout: 2000 })
        .toEqual([`${spreadsheetId}.json`]);
    } finally {
      await emulated.emulator.stop();
    }
  });

  it('without dataDir nothing is written and a restart starts empty', async () => {
    const first = await startEmulatedSheets();
    const spreadsheetId = await createSpreadsheet(first.api);
    await first.emulator.stop();
    const second = await startEmulatedSheets();
    try {
      await expect(second.api.spreadsheets.get({ spreadsheetId })).rejects.toMatchObject({ status: 404 });
    } finally {
      await second.emulator.stop();
    }
  });
});
