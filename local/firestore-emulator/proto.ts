// The Firestore v1 service definition, taken from the protos that ship with @google-cloud/firestore, so the
// emulator speaks exactly the wire format the official client was generated from.
import * as protoLoader from '@grpc/proto-loader';
import type * as grpc from '@grpc/grpc-js';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function loadFirestoreService(): grpc.ServiceDefinition {
  const json = require('@google-cloud/firestore/build/protos/v1.json');
  const definition = protoLoader.fromJSON(json, {
    keepCase: false,
    longs: String,
    enums: String,
    defaults: false,
    oneofs: true,
  });
  const service = definition['google.firestore.v1.Firestore'];
  if (!service) throw new Error('google.firestore.v1.Firestore is missing from the bundled protos');
  return service as unknown as grpc.ServiceDefinition;
}
