// Composition root for Cloud Functions: registers each function with the functions-framework. Clients
// are built on the first request, so a cold start that fails config reports it in the response and log.
//
// Body size: the framework reads and parses every body itself before calling us, with body-parser's limit fixed
// at '1024mb' (functions-framework's server.js; not configurable), and Cloud Run's front end refuses HTTP/1
// bodies over 32 MiB before they reach the framework. So MAX_REQUEST_BYTES (at most 32 MiB) is enforced on the
// raw body the framework hands over, by the sheetEdit handler, before the signature is computed or our own parse
// runs: an oversized request costs one buffered read and no work of ours (test/functions/index.test.ts).
import * as functions from '@google-cloud/functions-framework';
import { parseConfig } from './config.ts';
import { type FunctionSet, createClients, createFunctions } from './composition.ts';
import type { HttpInput } from './handlers/http-types.ts';
import { describeError } from './logs.ts';

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
      url: req.originalUrl ?? req.url,
    };
    try {
      const output = await functionSet()[name](input);
      if (output.contentType) res.status(output.status).type(output.contentType).send(String(output.body));
      else res.status(output.status).json(output.body);
    } catch (error) {
      console.error(JSON.stringify({ severity: 'ERROR', message: `${name} failed`, ...describeError(error) }));
      res
        .status(500)
        .json({ error: { code: 'INTERNAL_ERROR', en: 'The server failed; try again.', zh: '服务器出错,请重试。' } });
    }
  });
}

register('sheetEdit');
register('tick');
register('reconcile');
register('minutesResponse');
