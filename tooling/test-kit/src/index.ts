export { CHROMIUM_ARGS, CHROMIUM_PATH, launchChromium } from './browser.js';
export { assertNoCanary, CANARY_PREFIX, canary, renderings } from './canary.js';
export { type CanaryCredentialFields, canaryCredentialFields } from './canary-credentials.js';
export { type ErrorClass, rejectionOf, thrownBy } from './caught.js';
export { FrozenClock, flushMicrotasks } from './clock.js';
export { fixtureBytes, fixtureJson, fixturePath, fixtureText, testKeys } from './fixtures.js';
export {
  type ForkWorkerOptions,
  firstMessage,
  killWorker,
  WorkerProcesses,
} from './fork-worker.js';
export { type GrantCredentialFields, grantCredentialFields } from './grant-credentials.js';
export {
  LoopbackServer,
  type RecordedRequest,
  type RouteHandler,
  type ScriptedResponse,
} from './loopback-server.js';
export {
  type CodeSignIn,
  privateKeyJwtClient,
  signInWithCode,
  webClient,
} from './oidc-clients.js';
export {
  type InteractionDecision,
  type InteractionSummary,
  type OidcClientMetadata,
  type OidcProviderHandle,
  type OidcRequestRecord,
  type StartOidcProviderOptions,
  startOidcProvider,
} from './oidc-provider.js';
export { assertSharedDir, fixturesDir, repoRoot, sharedDir } from './paths.js';
export { isRoot, modeOf, posix, underEachUmask } from './platform.js';
export {
  type PostgresServer,
  type StartPostgresOptions,
  startPostgres,
} from './postgres-server.js';
export { oauth2clientVersion, pythonPath, runPython } from './python.js';
export {
  REDIS_CLI_PATH,
  REDIS_SERVER_PATH,
  type RedisClusterHandle,
  type RedisServerHandle,
  type StartRedisOptions,
  startRedis,
  startRedisCluster,
} from './redis-server.js';
export {
  ask,
  expectNoReplay,
  type RefresherFleet,
  type RefresherReport,
  revokeWhileRefreshingScenario,
  startRefresher,
  twoClocksScenario,
} from './refresh-scenarios.js';
export {
  type RefusedRefresh,
  RotatingTokenServer,
  type RotatingTokenServerOptions,
} from './rotating-token-server.js';
export {
  type ContractCore,
  type ContractCredentials,
  type ContractStorage,
  type ContractStoredCredentials,
  type StorageContractOptions,
  storageContractSuite,
} from './storage-contract.js';
export {
  type GrantCredentialFields,
  grantCredentialFields,
  type UseWorkerProcessesOptions,
  useRotatingTokenServer,
  useWorkerProcesses,
} from './storage-fixtures.js';
export { type TempDir, tempDir, type UseTempDirOptions, useTempDir } from './temp-dir.js';
export { type UseResourceOptions, useLoopbackServer, useResource } from './use-resource.js';
