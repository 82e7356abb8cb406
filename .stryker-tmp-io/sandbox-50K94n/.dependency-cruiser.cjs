// @ts-nocheck
// Import rules for src/ (docs/architecture.md explains the layers). `npm run lint:deps` checks
// them, and so does CI: an import circle, or an import that runs up a layer, fails the build.
const local = '^src/lib/local/';

/** `from` may not import `to`: both are path patterns. */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to } });

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import circles make load order matter and hide which module owns what: share a small types module instead.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },

    // Whole program: main -> cli -> commands -> context -> lib; inside lib, io is the floor.
    forbid('lib-not-up', 'lib/ is used by commands, never the other way round.', '^src/lib/', '^src/(commands/|context\\.ts|cli\\.ts|main\\.ts)'),
    forbid('context-not-commands', 'The context is what commands get their clients from; it knows no command.', '^src/context\\.ts$', '^src/(commands/|cli\\.ts|main\\.ts)'),
    forbid('commands-not-root', 'Commands are registered by cli.ts; they never import it or main.', '^src/commands/', '^src/(cli|main)\\.ts$'),
    forbid('io-is-the-floor', 'lib/io (output, errors, progress, secrets) imports nothing else of memctl.', '^src/lib/io/', '^src/(lib/(?!io/)|commands/|context|cli|main)'),
    forbid('aws-below-control', 'lib/aws (SDK clients, SigV4) is used by the control-plane adapters, not the reverse.', '^src/lib/aws/', '^src/lib/(control|redis|local)/'),
    forbid('redis-below-control', 'lib/redis (connections, scan, analyze, bench) knows nothing of the control-plane model.', '^src/lib/redis/', '^src/lib/(control|aws|local)/'),
    forbid('control-not-local', 'The control-plane model and adapters talk to any endpoint; they never reach into the local plane.', '^src/lib/control/', '^src/lib/local/'),
    forbid('local-is-a-server', 'The local control plane is a server: it uses the model helpers of lib/control, never the AWS or Redis clients.', local, '^src/lib/(aws|redis)/'),

    // Inside the local control plane: daemon -> http -> api -> engine -> store.
    forbid('local-store-is-the-floor', 'store/ (state, paths, the account) imports nothing else of the local plane.', `${local}store/`, `${local}(?!store/)`),
    forbid('local-engine-below-api', 'The engine runs clusters; it never imports an API, the HTTP front or the daemon.', `${local}engine/`, `${local}(api|http|daemon)/`),
    forbid('local-api-below-http', 'Operations take decoded members and return shapes; the wire is the HTTP front\'s.', `${local}api/`, `${local}(http|daemon)/`),
    forbid('local-http-below-daemon', 'The HTTP front is given its operations and admin handler by the daemon.', `${local}http/`, `${local}daemon/`),
    forbid('local-api-memorydb-alone', 'Each service\'s operations stand alone; what both need lives in api/shared/.', `${local}api/memorydb/`, `${local}api/elasticache/`),
    forbid('local-api-elasticache-alone', 'Each service\'s operations stand alone; what both need lives in api/shared/.', `${local}api/elasticache/`, `${local}api/memorydb/`),
    forbid('local-api-shared-below-services', 'api/shared/ serves both services and knows neither.', `${local}api/shared/`, `${local}api/(memorydb|elasticache)/`),
    forbid('local-engine-nodes-floor', 'engine/nodes/ (one redis-server process and how to reach it) uses nothing else of the engine.', `${local}engine/nodes/`, `${local}engine/(?!nodes/)`),
    forbid('local-engine-ops-below', 'engine/ops/ (steps on running nodes) use only engine/nodes/ below them.', `${local}engine/ops/`, `${local}engine/(?!ops/|nodes/)`),

    // Commands: each lives in its own folder; what several share is in options/ (flags and their
    // readers) and views/ (how shared things are shown), which import no command.
    {
      name: 'commands-stand-alone',
      comment: 'A command imports only its own folder, options/ and views/: move what two commands share there.',
      severity: 'error',
      from: { path: '^src/commands/([^/]+)/' },
      to: { path: '^src/commands/', pathNot: '^src/commands/(options|views|$1)/' },
    },
    forbid('command-options-shared', 'commands/options/ holds what several commands share; it imports no command.', '^src/commands/options/', '^src/commands/(?!options/)'),
    forbid('command-views-shared', 'commands/views/ renders what several commands show; it imports no command.', '^src/commands/views/', '^src/commands/(?!views/|options/)'),
  ],
  options: {
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
