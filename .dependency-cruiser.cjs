// Import rules of the layers (ARCHITECTURE.md, "What may import what"). `npm run lint:imports`
// checks them in CI; a wrong import fails the build with the rule's name and comment.
const COMPOSITION_ROOTS = '^(worker/|src/api/server[.]ts$|src/composition/|src/sandboxes/|test/|bench/|scripts/)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other cannot be read, tested or replaced one at a time.',
      from: { path: '^(src|workflows|activities|worker)/' },
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain holds the business rules as pure functions: it imports nothing but itself (no I/O, no packages).',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/' },
    },
    {
      name: 'ports-are-contracts',
      severity: 'error',
      comment: 'src/ports describes what the activities and the API need from the outside; it names no implementation.',
      from: { path: '^src/ports/' },
      to: { pathNot: '^src/(domain|ports)/', dependencyTypesNot: ['npm', 'npm-dev', 'core'] },
    },
    {
      name: 'lib-is-plain',
      severity: 'error',
      comment: 'src/lib holds small helpers with no knowledge of the service: it imports only itself and packages.',
      from: { path: '^src/lib/' },
      to: { pathNot: '^src/lib/', dependencyTypesNot: ['npm', 'npm-dev', 'core'] },
    },
    {
      name: 'workflow-code-is-deterministic',
      severity: 'error',
      comment:
        'Workflow code runs in the Temporal sandbox and is replayed: it may use the domain, the workflow SDK and types of activities and ports, nothing with I/O.',
      from: { path: '^workflows/' },
      to: {
        pathNot: ['^workflows/', '^src/domain/', '^node_modules/@temporalio/(workflow|common)/'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'activities-use-ports',
      severity: 'error',
      comment: 'Activities work through the injected ports (createActivities(deps)); they never name an adapter, a sandbox, the API or the worker.',
      from: { path: '^activities/' },
      to: { path: '^(src/(adapters|sandboxes|composition|api|temporal)/|worker/|workflows/(?!definitions))' },
    },
    {
      name: 'adapters-stay-adapters',
      severity: 'error',
      comment: "An adapter implements a port; it does not call activities, the API, the worker, another layer's composition or a sandbox.",
      from: { path: '^src/adapters/' },
      to: { path: '^(activities/|src/(api|sandboxes|composition|temporal)/|worker/|workflows/(?!definitions))' },
    },
    {
      name: 'sandboxes-only-in-composition-roots',
      severity: 'error',
      comment:
        'Sandboxes stand in for outside services; only the composition roots (worker/deps.ts, src/api/server.ts, src/composition) and tests choose them.',
      from: { pathNot: COMPOSITION_ROOTS },
      to: { path: '^src/(sandboxes|composition)/' },
    },
    {
      name: 'api-types-against-ports',
      severity: 'error',
      comment: 'The API works with ports and shared types; only its composition root (src/api/server.ts) names adapters.',
      from: { path: '^src/api/', pathNot: '^src/api/server[.]ts$' },
      to: { path: '^(src/adapters/|activities/|worker/)' },
    },
    {
      name: 'nothing-imports-the-roots',
      severity: 'error',
      comment: 'worker/ and the API server start processes; nothing in the service imports them.',
      from: { path: '^(src|workflows|activities)/' },
      to: { path: '^(worker/|src/api/server[.]ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|[.]data|[.]tools)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
