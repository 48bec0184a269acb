// Composition root for Cloud Functions: registers each function with the functions-framework. Clients
// are built on the first request, so a cold start that fails config reports it in the response and log.
import * as functions from '@google-cloud/functions-framework';
import { parseConfig } from './config.ts';
import { type FunctionSet, createClients, createFunctions } from './composition.ts';
import type { HttpInput } from './handlers/http-types.ts';

let built: FunctionSet | undefined;

function functionSet(): FunctionSet {
  if (!built) {
    const config = parseConfig(process.env);
    built = createFunctions(config, createClients(config));
  }
  return built;
}

function register(name: keyof FunctionSet): void {
  functions.http(name, async (req, res) => {
    const input: HttpInput = {
      method: req.method,
      headers: req.headers,
      rawBody:
        (req as { rawBody?: Buffer }).rawBody ??
        Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? {})),
    };
    try {
      const output = await functionSet()[name](input);
      res.status(output.status).json(output.body);
    } catch (error) {
      console.error(JSON.stringify({ severity: 'ERROR', message: `${name} failed`, error: String(error) }));
      res
        .status(500)
        .json({ error: { code: 'INTERNAL_ERROR', en: 'The server failed; try again.', zh: '服务器出错,请重试。' } });
    }
  });
}

register('sheetEdit');
register('tick');
