import { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { Client } from "@smithy/core/client";
import type { APIGatewayRequestAuthorizerEventV2 } from "aws-lambda";
import { SignJWT } from "jose";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

/**
 * Reading the signing keys (shared/signing-key.ts) and what the authorizer makes of a failure.
 * There is no local Secrets Manager: the SDK's one `send` is stubbed with a secret held here,
 * which is the outside system. Each test imports the modules afresh, as a cold start does.
 */

const secretArn = "arn:aws:secretsmanager:eu-central-2:000000000000:secret:signing-key-AbCdEf";
const legacySecret = "Zq8VnR2kX4pLm7TfW9cYbH3jD6sG1aQeU5oIrNtKyC0vBxMwEz8uJiPlOhA2gF4d";

/** The secret as Secrets Manager holds it, and how many of the next reads fail. */
const secretsManager = { value: "", failures: 0 };
let reads = 0;

const fresh = async () => {
  vi.resetModules();
  return {
    keys: await import("#shared/signing-key"),
    sessions: await import("#shared/accounts/sessions"),
    authorizer: (await import("#functions/sessions/authorizer")).handler,
  };
};

beforeEach(() => {
  delete process.env.SIGNING_KEY;
  process.env.SIGNING_KEY_SECRET_ARN = secretArn;
  reads = 0;
  secretsManager.failures = 0;
  const sdk = Client.prototype as unknown as { send: (command: unknown) => Promise<unknown> };
  vi.spyOn(sdk, "send").mockImplementation(async (command) => {
    if (!(command instanceof GetSecretValueCommand)) throw new Error("only GetSecretValue is expected");
    expect(command.input.SecretId).toBe(secretArn);
    reads++;
    if (secretsManager.failures > 0) {
      secretsManager.failures--;
      throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    }
    return { SecretString: secretsManager.value };
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  delete process.env.SIGNING_KEY_SECRET_ARN;
});

const authorizerEvent = (authorization: string) =>
  ({
    version: "2.0",
    type: "REQUEST",
    routeArn: "arn:aws:execute-api:eu-central-2:000000000000:api/$default/GET/v1/me",
    identitySource: [authorization],
    routeKey: "GET /v1/me",
    rawPath: "/v1/me",
    rawQueryString: "",
    headers: { authorization },
  }) as unknown as APIGatewayRequestAuthorizerEventV2;

/** A session token as sessions.ts makes it, with any key and key id (or none). */
const token = (key: Uint8Array, kid: string | undefined, expiresIn = "1h") =>
  new SignJWT({ sid: "session-1" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT", ...(kid ? { kid } : {}) })
    .setSubject("user-1")
    .setIssuer("account-workflows")
    .setAudience("account-workflows-api")
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key);

describe("the secret's format", () => {
  it("holds the current and the previous key, each with its id", async () => {
    const { keys } = await fresh();
    const current = keys.newSigningKey();
    const previous = keys.newSigningKey(new Date("2026-09-02T00:00:00Z"));
    const read = keys.parseSigningKeys(keys.formatSigningKeys({ current, previous }));
    expect(read.current).toEqual(current);
    expect(read.previous).toEqual(previous);
    expect([...read.byKid.keys()]).toEqual([current.kid, previous.kid]);
    expect(current.kid).toMatch(/^\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$/);
    expect(current.key).toHaveLength(32);
  });

  it("reads a plain string (the secret before key ids) as one key with the id `legacy`, its UTF-8 bytes", async () => {
    const { keys } = await fresh();
    const read = keys.parseSigningKeys(legacySecret);
    expect(read.current).toEqual({ kid: "legacy", key: new TextEncoder().encode(legacySecret) });
    expect(read.previous).toBeUndefined();
  });

  it("refuses a malformed secret loudly, without quoting it", async () => {
    const { keys } = await fresh();
    const key = keys.newSigningKey();
    const entry = { kid: key.kid, key: Buffer.from(key.key).toString("base64url") };
    const malformed = [
      "",
      `{"current": ${JSON.stringify(entry)}`,
      "[]",
      JSON.stringify({ previous: entry }),
      JSON.stringify({ current: { kid: key.kid, key: Buffer.alloc(16).toString("base64url") } }),
      JSON.stringify({ current: { kid: "not a kid!", key: entry.key } }),
      JSON.stringify({ current: { ...entry, key: `${entry.key}+/` } }),
      JSON.stringify({ current: entry, previous: entry }),
    ];
    for (const text of malformed) {
      const error = (() => {
        try {
          keys.parseSigningKeys(text);
        } catch (thrown) {
          return thrown as Error;
        }
        throw new Error(`accepted: ${text}`);
      })();
      expect(error).toBeInstanceOf(keys.SigningKeyUnavailable);
      expect(error.message).toMatch(/^the signing key secret is malformed: /);
      expect(error.message).not.toContain(entry.key);
    }
  });

  it("rotates: a new current key, the current one kept as previous, the previous one dropped", async () => {
    const { keys } = await fresh();
    const once = keys.parseSigningKeys(keys.rotatedSigningKeys(legacySecret));
    expect(once.previous).toEqual(keys.parseSigningKeys(legacySecret).current);
    expect(once.current.kid).not.toBe("legacy");
    const twice = keys.parseSigningKeys(keys.rotatedSigningKeys(keys.formatSigningKeys(once)));
    expect(twice.previous).toEqual(once.current);
    expect(twice.byKid.has("legacy")).toBe(false);
  });
});

describe("reading the keys from Secrets Manager", () => {
  beforeEach(() => {
    secretsManager.value = JSON.stringify({
      current: { kid: "2026-12-01-00000001", key: Buffer.alloc(32, 1).toString("base64url") },
    });
  });

  it("retries a failed read, with a short backoff", async () => {
    const { keys } = await fresh();
    secretsManager.failures = 2;
    const started = Date.now();
    expect((await keys.signingKeys()).current.kid).toBe("2026-12-01-00000001");
    expect(reads).toBe(3);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("never keeps a failure: it throws SigningKeyUnavailable, and the next call reads again and succeeds", async () => {
    const { keys } = await fresh();
    secretsManager.failures = 3;
    const failed = await keys.signingKeys().catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(keys.SigningKeyUnavailable);
    expect((failed as Error).message).toBe("the signing key secret could not be read (3 attempts)");
    expect(((failed as Error).cause as Error).name).toBe("ThrottlingException");
    expect(reads).toBe(3);
    expect((await keys.signingKeys()).current.kid).toBe("2026-12-01-00000001");
    expect(reads).toBe(4);
  });

  it("keeps a successful read for 5 minutes, then reads again: warm functions pick a rotation up", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { keys } = await fresh();
    const first = await keys.signingKeys();
    vi.setSystemTime(Date.now() + keys.signingKeysCacheMs - 1000);
    expect(await keys.signingKeys()).toBe(first);
    expect(reads).toBe(1);
    secretsManager.value = keys.rotatedSigningKeys(secretsManager.value);
    vi.setSystemTime(Date.now() + 1000);
    const next = await keys.signingKeys();
    expect(reads).toBe(2);
    expect(next.previous?.kid).toBe("2026-12-01-00000001");
  });

  it("reads again for a key id it does not know, at most every 5 seconds", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { keys } = await fresh();
    expect(await keys.verificationKey("2026-12-01-00000001")).toHaveLength(32);
    // Just read: an unknown id is not worth another read.
    expect(await keys.verificationKey("2027-03-01-00000002")).toBeUndefined();
    expect(reads).toBe(1);
    // A key rotated in since: found at once, without waiting for the 5 minutes.
    secretsManager.value = keys.formatSigningKeys({
      current: { kid: "2027-03-01-00000002", key: new Uint8Array(32).fill(2) },
      previous: keys.parseSigningKeys(secretsManager.value).current,
    });
    vi.setSystemTime(Date.now() + keys.unknownKidRereadMs);
    expect(await keys.verificationKey("2027-03-01-00000002")).toEqual(new Uint8Array(32).fill(2));
    expect(reads).toBe(2);
    // Forged ids cost at most one read every 5 seconds.
    for (let i = 0; i < 10; i++) expect(await keys.verificationKey(`forged-${i}`)).toBeUndefined();
    expect(reads).toBe(2);
  });

  it("reads SIGNING_KEY locally, in the same format, without Secrets Manager", async () => {
    const { keys } = await fresh();
    process.env.SIGNING_KEY = keys.newSigningKeysText();
    try {
      expect((await keys.signingKeys()).current).toEqual(
        keys.parseSigningKeys(process.env.SIGNING_KEY).current,
      );
      expect(reads).toBe(0);
    } finally {
      delete process.env.SIGNING_KEY;
    }
  });
});

describe("session tokens and the authorizer", () => {
  const current = { kid: "2026-12-01-00000001", key: new Uint8Array(32).fill(1) };

  beforeEach(() => {
    secretsManager.value = JSON.stringify({
      current: { kid: current.kid, key: Buffer.from(current.key).toString("base64url") },
      previous: { kid: "legacy", key: Buffer.from(legacySecret).toString("base64url") },
    });
  });

  it("signs with the current key and names it in the token's header", async () => {
    const { sessions } = await fresh();
    const { token: signed, sessionId, record } = await sessions.newSession("user-1", undefined);
    const [header] = signed.split(".");
    expect(JSON.parse(Buffer.from(header ?? "", "base64url").toString())).toEqual({
      alg: "HS256",
      typ: "JWT",
      kid: current.kid,
    });
    expect(await sessions.sessionTokenClaims(signed)).toEqual({ userId: record.userId, sessionId });
  });

  it("verifies a token without a key id (signed before key ids) with the legacy key kept as previous", async () => {
    const { sessions } = await fresh();
    const claims = { userId: "user-1", sessionId: "session-1" };
    expect(
      await sessions.sessionTokenClaims(await token(new TextEncoder().encode(legacySecret), undefined)),
    ).toEqual(claims);
    expect(await sessions.sessionTokenClaims(await token(current.key, current.kid))).toEqual(claims);
  });

  it("takes a token with an unknown key id, another key or a past expiry for a bad token (undefined)", async () => {
    const { sessions } = await fresh();
    const other = new Uint8Array(32).fill(9);
    for (const bad of [
      await token(other, "2026-12-01-ffffffff"),
      await token(current.key, "2026-12-01-ffffffff"),
      await token(other, current.kid),
      await token(other, undefined),
      await token(current.key, current.kid, "-1m"),
      "not-a-token",
    ]) {
      expect(await sessions.sessionTokenClaims(bad)).toBeUndefined();
    }
  });

  it("throws when the keys cannot be read: no verdict on the token", async () => {
    const { keys, sessions } = await fresh();
    const valid = await token(current.key, current.kid);
    secretsManager.failures = 3;
    await expect(sessions.sessionTokenClaims(valid)).rejects.toBeInstanceOf(keys.SigningKeyUnavailable);
    // The failure was not kept: the next verification reads again.
    expect(await sessions.sessionTokenClaims(valid)).toEqual({ userId: "user-1", sessionId: "session-1" });
  });

  it("the authorizer denies a bad token (no claims: the handler answers 401) and throws when it cannot read the key", async () => {
    const { authorizer } = await fresh();
    const denied = { isAuthorized: true, context: {} };
    expect(await authorizer(authorizerEvent("Bearer not-a-token"))).toEqual(denied);
    expect(
      await authorizer(authorizerEvent(`Bearer ${await token(new Uint8Array(32), "unknown-kid")}`)),
    ).toEqual(denied);
    expect(await authorizer(authorizerEvent(""))).toEqual(denied);
    expect(reads).toBe(1);

    const { authorizer: cold } = await fresh();
    secretsManager.failures = 3;
    // Lambda reports the error: API Gateway answers 500 and the Errors alarm fires.
    const failed = await cold(authorizerEvent(`Bearer ${await token(current.key, current.kid)}`)).catch(
      (error: unknown) => error,
    );
    expect(failed).toMatchObject({
      name: "SigningKeyUnavailable",
      message: "the signing key secret could not be read (3 attempts)",
    });
  });
});
