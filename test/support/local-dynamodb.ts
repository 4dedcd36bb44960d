/** What the conformance tests of the local DynamoDB share: its table, clients and small helpers. */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";

export const tableName = "conformance";
export type TransactItems = NonNullable<TransactWriteCommandInput["TransactItems"]>;

export function clients(endpoint: string) {
  const raw = new DynamoDBClient({
    endpoint,
    region: "eu-central-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  return { raw, doc: DynamoDBDocumentClient.from(raw) };
}

/** The rejection of `promise`; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (outcome === undefined) throw new Error("expected the request to fail, it succeeded");
  return outcome as Error & Record<string, unknown>;
}

export function uniquePk(label: string): string {
  return `${label}#${randomUUID()}`;
}

export async function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "local-dynamodb-"));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
