import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { close, listen } from "#local/listen";

export interface LocalS3 {
  /** S3 API endpoint (path-style), for AWS_ENDPOINT_URL_S3. */
  endpoint: string;
  stop(): Promise<void>;
}

/** The parts of s3rver (CommonJS, no type definitions) used here. */
interface S3rverApp {
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
  configureBuckets(): Promise<unknown>;
  logger?: { close(): void };
}
type S3rverConstructor = new (options: {
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
  vhostBuckets: boolean;
}) => S3rverApp;
interface S3rverAccount {
  createKeyPair(accessKeyId: string, secretAccessKey: string): void;
}

const require = createRequire(import.meta.url);
const S3rver = require("s3rver") as S3rverConstructor;
const { DUMMY_ACCOUNT } = require("s3rver/lib/models/account") as { DUMMY_ACCOUNT: S3rverAccount };

/**
 * s3rver, on loopback, with the given buckets. It keeps objects as files under `dataDir`
 * (a temporary folder, removed on stop, when none is given). It knows only its own access
 * key; the key pair the local runtime gives the SDK is added to it, so clients sign as they
 * would against AWS and need nothing but the endpoint and path-style addressing.
 */
export async function startLocalS3(options: {
  port: number;
  host?: string;
  dataDir?: string;
  buckets: string[];
  credentials: { accessKeyId: string; secretAccessKey: string };
}): Promise<LocalS3> {
  const host = options.host ?? "127.0.0.1";
  const directory = options.dataDir ?? (await mkdtemp(join(tmpdir(), "aw-s3-")));
  DUMMY_ACCOUNT.createKeyPair(options.credentials.accessKeyId, options.credentials.secretAccessKey);
  const app = new S3rver({
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  await app.configureBuckets();
  // Our own server, so a taken port gives the runtime's one-line error.
  const server = createServer(app.callback());
  const port = await listen(server, options.port, host, "S3_PORT");
  return {
    endpoint: `http://${host}:${port}`,
    stop: async () => {
      await close(server);
      app.logger?.close();
      if (!options.dataDir) await rm(directory, { recursive: true, force: true });
    },
  };
}
