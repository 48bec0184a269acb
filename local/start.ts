// npm start: the whole product locally, on its embedded default (no Google account, no Java).
import { DEFAULT_LOCAL_SECRET, startLocalStack } from './stack.ts';

const port = Number(process.env.PORT ?? 8080);
const dataDir = process.env.LOCAL_DATA_DIR ?? '.local';
const secret = process.env.SHEET_EDIT_SECRET ?? DEFAULT_LOCAL_SECRET;
// LOCAL_NOW=2027-01-04T09:00 starts the stack clock at that wall time (workbook zone) instead of now.
const now = process.env.LOCAL_NOW || undefined;

const started = Date.now();
console.log(`Starting the local stack (state in ${dataDir}/)…`);
try {
  const stack = await startLocalStack({ port, dataDir, secret, now, log: (line) => console.log(line) });
  const clockNote = stack.clock.describe().offsetMinutes ? ' (moved; the clock control or LOCAL_NOW sets it)' : '';
  const secretNote =
    secret === DEFAULT_LOCAL_SECRET
      ? `${secret} (default; set SHEET_EDIT_SECRET to change)`
      : '(from SHEET_EDIT_SECRET)';
  console.log(`
Ready in ${((Date.now() - started) / 1000).toFixed(1)} s
  Web UI (workbook grid)      ${stack.url}/
  Health check                ${stack.url}/healthz
  sheetEdit function          ${stack.url}/functions/sheetEdit
  Workspace emulator rootUrl  ${stack.workspaceRootUrl}
  FIRESTORE_EMULATOR_HOST     ${stack.firestoreHost}
  Demo spreadsheet ID         ${stack.spreadsheetId}${stack.seeded ? ' (created now)' : ''}
  Stack clock                 ${stack.clock.now().toFormat('yyyy-MM-dd HH:mm ZZZZ')}${clockNote}
  HMAC secret                 ${secretNote}
Press Ctrl+C to stop; data is kept in ${dataDir}/.`);
  const shutdown = async () => {
    console.log('Stopping…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE')
    console.error(`Port ${port} is in use. Stop the other program or run: PORT=8081 npm start`);
  else console.error('The local stack failed to start:', error);
  process.exit(1);
}
