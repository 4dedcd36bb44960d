import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { logoCheck } from "#functions/organizations/logo-check";
import type { StreamConsumer } from "#functions/stream-types";
import type { WorkflowDefinition } from "#functions/workflow-types";
import { publicRouteLimits } from "#infra/throttles";
import { type BucketNotifications, bucketNotifications } from "#local/bucket-notifications";
import { ensureFunctionBundles } from "#local/bundle";
import { LocalClock } from "#local/clock";
import { startLocalConsole } from "#local/console/server";
import { startLocalDynamo, type TableWrite } from "#local/dynamodb";
import {
  type OnFailureRecord,
  type StartMappingOptions,
  type StreamMappingHandle,
  StreamMappings,
} from "#local/event-source-mapping";
import { type EmittedMetrics, type LocalFunctionSpec, LocalFunctions } from "#local/functions";
import { startLocalGateway } from "#local/gateway";
import { startLocalPortal } from "#local/portal/server";
import { projectHandlers } from "#local/project-functions";
import { startLocalS3 } from "#local/s3";
import { type SesRefusal, startLocalSes } from "#local/ses";
import { startLocalStepFunctions } from "#local/stepfunctions";
import { archiveRetentionYears } from "#shared/archive/retention";
import { localPortalOrigins, logoBucketCors, parseOrigins } from "#shared/cors";
import { routeKey } from "#shared/route-types";
import { newSigningKeysText } from "#shared/signing-key";
import { tableDefinition } from "#shared/table";
import { backupRetentionDays } from "#shared/termination/retention";

export interface LocalRuntimeOptions {
  /** Where the table, executions and keys are kept; undefined keeps everything in memory (tests). */
  dataDir?: string;
  host?: string;
  ports?: Partial<Record<"api" | "dynamodb" | "stepfunctions" | "ses" | "s3" | "console" | "portal", number>>;
  rootDir: string;
  workflows?: WorkflowDefinition[];
  tableName?: string;
  /** Shortens every Retry interval of the state machines (tests); AWS's own timing otherwise. */
  retryIntervalMs?: number;
  /** The authorizer cache's TTL; the declared one (as in AWS) unless set (tests move `clock` instead). */
  authorizerCacheSeconds?: number;
  /**
   * Leaves the per-client rate limits out for clients at 127.0.0.1 and ::1 (`npm start`: a
   * developer's machine is one address for every test user); other loopback addresses are
   * counted. Off by default: the production limits.
   */
  rateLimitsExemptLoopback?: boolean;
  /** The functions fed by the table's stream; the project's (functions/streams.ts) unless set. */
  streamConsumers?: readonly StreamConsumer[];
}

export interface LocalRuntime {
  /**
   * `console`: the operator console (local/console/server.ts), a page over the Step Functions API;
   * `portal`: the pages every mail link opens (local/portal/server.ts), `WEB_APP_URL` unless set.
   */
  urls: {
    api: string;
    dynamodb: string;
    stepfunctions: string;
    ses: string;
    s3: string;
    console: string;
    portal: string;
  };
  operatorKey: string;
  tableName: string;
  stateMachineArn(name: string): string;
  /** Invokes a function as the local Lambda service does: its own worker, environment and grants. */
  invoke(spec: LocalFunctionSpec, event: unknown): Promise<unknown>;
  /** Allows one more CORS origin at the gateway until the returned function is called (tests). */
  allowOrigin(origin: string): () => void;
  /** Resolves once no function invocation is in flight (or after `timeoutMs`). */
  idle(timeoutMs: number): Promise<void>;
  /** The EMF lines of the metrics the functions published, as CloudWatch would read them. */
  emittedMetrics(): readonly EmittedMetrics[];
  /** A function's execution environments: started and busy (local/functions.ts). */
  environments(name: string): { started: number; busy: number };
  /**
   * The system's time (local/clock.ts): tests `advance(ms)` it instead of sleeping through a
   * time window, and `reset()` it afterwards. The gateway's authorizer cache and every
   * function's `Date` read it; the runtime's own process keeps real time.
   */
  clock: LocalClock;
  /**
   * Calls `listener` with the key of every item a write to the local DynamoDB changed, once the
   * write succeeded (before its caller has the answer), until the returned function is called.
   */
  onTableWrite(listener: (write: TableWrite) => void): () => void;
  /**
   * Starts an event source mapping over the table's stream for a consumer besides the declared
   * ones (tests' fixtures), from the stream's end unless said otherwise (local/event-source-mapping.ts).
   */
  startStreamConsumer(consumer: StreamConsumer, options?: StartMappingOptions): StreamMappingHandle;
  /** The records the mappings sent to their on-failure destination (Lambda's invocation records). */
  streamFailures(): readonly OnFailureRecord[];
  /** Resolves true once every mapping has caught up with the stream (nothing in flight), false after `timeoutMs`. */
  streamsIdle(timeoutMs: number): Promise<boolean>;
  /** Deletes the expired items now, as DynamoDB's Time to Live does (local/dynamodb.ts); `npm start` runs it on a timer. */
  sweepExpiredItems(): Promise<number>;
  /** Has the local SES refuse every send as SES would (throttling, or the sandbox); `undefined` accepts again (tests). */
  refuseMail(refusal: SesRefusal | undefined): void;
  stop(): Promise<void>;
}

/** The variables every function gets besides those of its access: the deployment's own, and test configuration. */
const commonVariables = ["LOG_LEVEL", "APP_VERSION", "SCRYPT_LOG_N", "RATE_LIMITS_SCALE", "POWERTOOLS_DEV"];

export const region = "eu-central-2";

/** A secret kept in the data folder so a restart keeps sessions and the operator key valid. */
async function persistentSecret(
  dataDir: string | undefined,
  name: string,
  fromEnv: string | undefined,
  generate = () => randomBytes(32).toString("base64url"),
) {
  if (fromEnv) return fromEnv;
  const generated = generate();
  if (!dataDir) return generated;
  const file = join(dataDir, name);
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  await writeFile(file, generated, { mode: 0o600 });
  return generated;
}

/**
 * Starts the whole system on loopback: DynamoDB (dynalite with transactions), SES v2,
 * Step Functions (the project's ASL files) and the HTTP gateway. The code under
 * `functions/` and `shared/` reaches them only through the environment set here, exactly
 * as it reaches the AWS services when deployed.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const host = options.host ?? "127.0.0.1";
  const ports = {
    api: 0,
    dynamodb: 0,
    stepfunctions: 0,
    ses: 0,
    s3: 0,
    console: 0,
    portal: 0,
    ...options.ports,
  };
  const tableName = options.tableName ?? "account-workflows";
  // Set before the route and workflow tables are loaded: their modules build the table's
  // entities on import, with the table name from the environment, as in a Lambda function.
  process.env.TABLE_NAME = tableName;
  const [{ routes, userAuthorizer }, { workflows: projectWorkflows }, { streamConsumers }] =
    await Promise.all([
      import("#functions/routes"),
      import("#functions/workflows"),
      import("#functions/streams"),
    ]);
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  // Every function's bundle, built together (or found current) before anything is served.
  await ensureFunctionBundles(options.rootDir, await projectHandlers(options.workflows));
  const stops: (() => Promise<void>)[] = [];
  const clock = new LocalClock();
  const stop = async () => {
    for (const stopPart of stops.reverse()) await stopPart().catch(() => undefined);
  };
  try {
    const dynamo = await startLocalDynamo({
      port: ports.dynamodb,
      host,
      tableName,
      ...(options.dataDir ? { dataDir: join(options.dataDir, "dynamodb") } : {}),
      now: () => clock.now(),
      region,
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
    });
    stops.push(dynamo.stop);
    const ses = await startLocalSes({ port: ports.ses, host });
    stops.push(ses.stop);

    const logoBucket = process.env.LOGO_BUCKET ?? "account-workflows-logos";
    // The bucket's notifications go to the functions once they run (local/bucket-notifications.ts).
    let notifications: BucketNotifications | undefined;
    const s3 = await startLocalS3({
      port: ports.s3,
      host,
      buckets: [logoBucket],
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      region,
      now: () => clock.now(),
      cors: [
        { ...logoBucketCors, allowedOrigins: parseOrigins(process.env.CORS_ORIGINS, localPortalOrigins) },
      ],
      onObjectCreated: (record) => notifications?.deliver(record),
      ...(options.dataDir ? { dataDir: join(options.dataDir, "s3") } : {}),
    });
    stops.push(s3.stop);

    // The secret's format in AWS (shared/signing-key.ts); a plain string kept from before reads as the legacy key.
    const signingKey = await persistentSecret(
      options.dataDir,
      "signing-key",
      process.env.SIGNING_KEY,
      newSigningKeysText,
    );
    const operatorKey = await persistentSecret(options.dataDir, "operator-key", process.env.OPERATOR_KEY);
    Object.assign(process.env, {
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SESV2: ses.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      LOGO_BUCKET: logoBucket,
      TABLE_NAME: tableName,
      EMAIL_FROM: process.env.EMAIL_FROM ?? "no-reply@example.com",
      SIGNING_KEY: signingKey,
      RUNTIME_KIND: "local",
    });

    // The functions start on first use, with what the services below give them; they are
    // built once everything listens (their environment names the gateway's URL too).
    let functions: LocalFunctions | undefined;
    const invoke = (spec: LocalFunctionSpec, event: unknown, extra?: { invokedFunctionArn?: string }) => {
      if (!functions) throw new Error("the local functions are not ready yet");
      return functions.invoke(spec, event, extra);
    };
    stops.push(async () => functions?.stop());
    // The stream's consumers (event source mappings): capturing from now, polling once the functions run.
    const mappings = new StreamMappings({
      stream: dynamo.stream,
      invoke,
      region,
      now: () => clock.now(),
      ...(options.retryIntervalMs !== undefined ? { retryBaseMs: options.retryIntervalMs } : {}),
    });
    stops.push(() => mappings.stop());
    for (const consumer of options.streamConsumers ?? streamConsumers) mappings.start(consumer);

    const workflows = options.workflows ?? projectWorkflows;
    const stepFunctions = await startLocalStepFunctions({
      invoke,
      // Executions cut off by the last stop resume once the functions below can run their tasks.
      deferResume: true,
      port: ports.stepfunctions,
      host,
      workflows,
      rootDir: options.rootDir,
      region,
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.retryIntervalMs !== undefined ? { retryIntervalMs: options.retryIntervalMs } : {}),
    });
    stops.push(stepFunctions.stop);
    process.env.AWS_ENDPOINT_URL_SFN = stepFunctions.endpoint;
    // What operators read in the AWS console, read here through the same Step Functions API.
    const operatorConsole = await startLocalConsole({
      port: ports.console,
      host,
      stepFunctionsEndpoint: stepFunctions.endpoint,
      region,
      mailUrl: ses.endpoint,
      // The names of what each execution is about (its input holds ids only).
      table: { endpoint: dynamo.endpoint, name: tableName },
    });
    stops.push(operatorConsole.stop);
    process.env.WORKFLOW_ARNS = JSON.stringify(
      Object.fromEntries(
        workflows.map((workflow) => [workflow.name, stepFunctions.stateMachineArn(workflow.name)]),
      ),
    );

    const gateway = await startLocalGateway({
      port: ports.api,
      host,
      rootDir: options.rootDir,
      routes,
      authorizerHandler: userAuthorizer.handler,
      operatorKey,
      allowedOrigins: parseOrigins(process.env.CORS_ORIGINS, localPortalOrigins),
      invoke,
      authorizerAccess: userAuthorizer.access,
      authorizerCacheSeconds: options.authorizerCacheSeconds ?? userAuthorizer.resultsCacheTtlSeconds,
      now: () => clock.now(),
      // The deployment's reservations (infra/throttles.ts): past them a route is throttled, as in AWS.
      reservedConcurrency: (definition) => publicRouteLimits[routeKey(definition)]?.reservedConcurrency,
    });
    stops.push(gateway.stop);
    process.env.PUBLIC_API_URL ??= gateway.url;
    // The pages the mails link to, calling the API cross-origin as the real portal does: its
    // origin is allowed whatever CORS_ORIGINS says (on port 0 it is one no list can name).
    const portal = await startLocalPortal({
      port: ports.portal,
      host,
      apiUrl: gateway.url,
      rootDir: options.rootDir,
    });
    stops.push(portal.stop);
    gateway.allowOrigin(portal.url);
    if (process.env.WEB_APP_URL === undefined) {
      process.env.WEB_APP_URL = portal.url;
      // Forgotten at the stop: a runtime started next in this process links to its own portal.
      stops.push(async () => {
        if (process.env.WEB_APP_URL === portal.url) delete process.env.WEB_APP_URL;
      });
    }

    const workflowArns = Object.fromEntries(
      workflows.map((workflow) => [workflow.name, stepFunctions.stateMachineArn(workflow.name)]),
    );
    functions = new LocalFunctions({
      rootDir: options.rootDir,
      region,
      clock: clock.buffer,
      commonEnvironment: {
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
        AWS_ACCESS_KEY_ID: "local",
        AWS_SECRET_ACCESS_KEY: "local",
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_ENDPOINT_URL_SESV2: ses.endpoint,
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_ENDPOINT_URL_SFN: stepFunctions.endpoint,
        RUNTIME_KIND: "local",
        // Metrics on, as in AWS: the local Lambda service keeps their EMF lines (emittedMetrics)
        // instead of printing them, as CloudWatch reads them from the log.
        POWERTOOLS_METRICS_DISABLED: "false",
        ...(options.rateLimitsExemptLoopback ? { RATE_LIMITS_EXEMPT_LOOPBACK: "true" } : {}),
        ...Object.fromEntries(
          commonVariables.flatMap((name) => (process.env[name] ? [[name, process.env[name] as string]] : [])),
        ),
      },
      resources: {
        tableName,
        emailFrom: process.env.EMAIL_FROM ?? "no-reply@example.com",
        webAppUrl: process.env.WEB_APP_URL ?? portal.url,
        workflowArns,
        signingKey: { value: signingKey },
        logoBucket,
        archiveRetentionYears: archiveRetentionYears(process.env.ARCHIVE_RETENTION_YEARS),
        // 0 unless set: a test or a developer sees the purge at its next run.
        backupRetentionDays: backupRetentionDays(process.env.BACKUP_RETENTION_DAYS),
      },
    });
    mappings.run();
    stepFunctions.resumeExecutions();
    notifications = bucketNotifications({ consumers: [logoCheck], invoke });
    stops.push(async () => notifications?.stop());

    return {
      urls: {
        api: gateway.url,
        dynamodb: dynamo.endpoint,
        stepfunctions: stepFunctions.endpoint,
        ses: ses.endpoint,
        s3: s3.endpoint,
        console: operatorConsole.url,
        portal: portal.url,
      },
      operatorKey,
      tableName,
      stateMachineArn: stepFunctions.stateMachineArn,
      invoke: (spec, event) => invoke(spec, event),
      idle: async (timeoutMs) => {
        await notifications?.idle(timeoutMs);
        await functions?.idle(timeoutMs);
      },
      emittedMetrics: () => functions?.emittedMetrics() ?? [],
      environments: (name) => functions?.environments(name) ?? { started: 0, busy: 0 },
      allowOrigin: (origin) => gateway.allowOrigin(origin),
      clock,
      onTableWrite: (listener) => dynamo.onWrite(listener),
      startStreamConsumer: (consumer, start) =>
        mappings.start(consumer, { startingPosition: "LATEST", ...start }),
      streamFailures: () => mappings.failures(),
      streamsIdle: (timeoutMs) => mappings.idle(timeoutMs),
      sweepExpiredItems: () => dynamo.sweepExpiredItems(),
      refuseMail: (refusal) => ses.refuse(refusal),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
