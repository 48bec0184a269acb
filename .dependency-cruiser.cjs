// The import rules of the house (README "Architecture"), checked by `npm run lint:imports` in `npm run lint`,
// which .ci/run runs. Type-only imports count too: a workflow typed against an adapter class is the coupling
// these rules exist to prevent.
const SDKS = '^node_modules/(@google-cloud|@googleapis|googleapis|google-auth-library|nodemailer|pino|@grpc)/';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ holds pure rules: no ports, adapters, workflows, handlers, config, logs or SDKs.',
      severity: 'error',
      from: { path: '^functions/src/domain/' },
      to: {
        path: [
          '^functions/src/(ports|adapters|workflows|handlers|cli)',
          '^functions/src/(ports|config|logs|composition|index)\\.ts$',
          SDKS,
        ],
      },
    },
    {
      name: 'domain-libraries',
      comment:
        'The domain may use luxon, zod, ical-generator and libphonenumber-js (pure text), and node:crypto for ' +
        'hashing only.',
      severity: 'error',
      from: { path: '^functions/src/domain/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        pathNot: '^node_modules/(luxon|zod|ical-generator|libphonenumber-js)/',
      },
    },
    {
      name: 'contract-stands-alone',
      comment: 'contract/ is bundled into the Apps Script: it imports nothing outside contract/.',
      severity: 'error',
      from: { path: '^functions/src/contract/' },
      to: { pathNot: '^functions/src/contract/' },
    },
    {
      name: 'ports-are-types',
      comment: 'ports/ names needs: types from the domain and contract only.',
      severity: 'error',
      from: { path: '^functions/src/ports' },
      to: { path: ['^functions/src/(adapters|workflows|handlers|cli)', SDKS] },
    },
    {
      name: 'workflows-over-ports',
      comment: 'Workflows orchestrate over ports; composition.ts wires the adapters in.',
      severity: 'error',
      from: { path: '^functions/src/workflows/' },
      to: {
        path: ['^functions/src/(adapters|handlers|cli)/', '^functions/src/(composition|index|config)\\.ts$', SDKS],
      },
    },
    {
      name: 'handlers-are-thin',
      comment: 'A handler parses, calls a workflow and answers; it never reaches an adapter or SDK itself.',
      severity: 'error',
      from: { path: '^functions/src/handlers/' },
      to: { path: ['^functions/src/(adapters|cli)/', '^functions/src/(composition|index)\\.ts$', SDKS] },
    },
    {
      name: 'adapters-implement-ports',
      comment: 'Adapters implement ports over the domain; they never call workflows or handlers.',
      severity: 'error',
      from: { path: '^functions/src/adapters/' },
      to: { path: ['^functions/src/(workflows|handlers|cli)/', '^functions/src/(composition|index)\\.ts$'] },
    },
    {
      name: 'functions-not-local',
      comment: 'Production code never imports the local stack, its emulators or the tests.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: ['^local/', '^test/', '^bench/'] },
    },
    {
      name: 'apps-script-only-contract',
      comment: 'The Apps Script client shares only the wire contract with the server.',
      severity: 'error',
      from: { path: '^apps-script/src/' },
      to: { path: '^functions/', pathNot: '^functions/src/contract/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^functions/src/' },
      to: { circular: true },
    },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|apps-script/dist|dist)/' },
  },
};
