import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { Client } from "@smithy/core/client";
import { SignJWT } from "jose";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { signingKeyRotation } from "#functions/keys/job";
import { installAccessGuard } from "#local/access-guard";
import { grantsOf } from "#shared/function-access";
import type { FunctionAccess } from "#shared/route-types";
import { formatSigningKeys, newSigningKey, parseSigningKeys } from "#shared/signing-key";

/**
 * The rotation function (functions/keys/rotate-signing-key.ts) through Secrets Manager's four
 * steps, and what sessions make of a rotation. There is no local Secrets Manager: the SDK's one
 * `send` is stubbed with the small model of a secret's versions and staging labels below (the
 * outside system), and the local access guard checks each call against the declared access.
 */

const secretArn = "arn:aws:secretsmanager:eu-central-2:000000000000:secret:signing-key-AbCdEf";

class FakeSecret {
  readonly versions = new Map<string, { value?: string; stages: Set<string> }>();
  rotationEnabled = true;
  readonly calls: string[] = [];
  #rotations = 0;

  constructor(initial: string) {
    this.versions.set("version-0", { value: initial, stages: new Set(["AWSCURRENT"]) });
  }

  /** The version holding a staging label. */
  holder(stage: string): string | undefined {
    return [...this.versions].find(([, version]) => version.stages.has(stage))?.[0];
  }

  value(stage: string): string {
    const version = this.versions.get(this.holder(stage) ?? "");
    if (version?.value === undefined) throw new Error(`no ${stage} value`);
    return version.value;
  }

  #move(stage: string, to: string) {
    for (const version of this.versions.values()) version.stages.delete(stage);
    const target = this.versions.get(to) ?? { stages: new Set<string>() };
    target.stages.add(stage);
    this.versions.set(to, target);
  }

  /** What RotateSecret does before it invokes the function: a new version id, staged AWSPENDING. */
  startRotation(): string {
    const versionId = `version-${++this.#rotations}`;
    this.#move("AWSPENDING", versionId);
    return versionId;
  }

  async send(command: unknown): Promise<unknown> {
    const name = (command as object).constructor.name.replace(/Command$/, "");
    this.calls.push(name);
    const notFound = (message: string) => new ResourceNotFoundException({ message, $metadata: {} });
    if (command instanceof DescribeSecretCommand) {
      return {
        ARN: secretArn,
        RotationEnabled: this.rotationEnabled,
        VersionIdsToStages: Object.fromEntries(
          [...this.versions]
            .filter(([, version]) => version.stages.size > 0)
            .map(([id, version]) => [id, [...version.stages]]),
        ),
      };
    }
    if (command instanceof GetSecretValueCommand) {
      const { VersionId, VersionStage } = command.input;
      const id = VersionId ?? this.holder(VersionStage ?? "AWSCURRENT");
      const version = this.versions.get(id ?? "");
      if (!version || version.value === undefined || (VersionStage && !version.stages.has(VersionStage)))
        throw notFound("Secrets Manager can't find the specified secret value.");
      return {
        ARN: secretArn,
        VersionId: id,
        SecretString: version.value,
        VersionStages: [...version.stages],
      };
    }
    if (command instanceof PutSecretValueCommand) {
      const { ClientRequestToken: id = "", SecretString, VersionStages = ["AWSCURRENT"] } = command.input;
      const existing = this.versions.get(id);
      if (existing?.value !== undefined && existing.value !== SecretString)
        throw new Error("ResourceExistsException: a version with this id holds another value");
      this.versions.set(id, { value: SecretString ?? "", stages: existing?.stages ?? new Set() });
      for (const stage of VersionStages) this.#move(stage, id);
      return { ARN: secretArn, VersionId: id };
    }
    if (command instanceof UpdateSecretVersionStageCommand) {
      const { VersionStage = "", MoveToVersionId, RemoveFromVersionId } = command.input;
      const holder = this.holder(VersionStage);
      if (MoveToVersionId) {
        if (holder && holder !== MoveToVersionId && holder !== RemoveFromVersionId)
          throw new Error(`InvalidParameterException: ${VersionStage} is on ${holder}; name it to move it`);
        if (VersionStage === "AWSCURRENT" && holder && holder !== MoveToVersionId)
          this.#move("AWSPREVIOUS", holder);
        this.#move(VersionStage, MoveToVersionId);
      } else if (RemoveFromVersionId) {
        if (VersionStage === "AWSCURRENT") throw new Error("InvalidParameterException: AWSCURRENT cannot go");
        this.versions.get(RemoveFromVersionId)?.stages.delete(VersionStage);
      }
      return { ARN: secretArn };
    }
    throw new Error(`the fake Secrets Manager does not know ${name}`);
  }
}

let secret: FakeSecret;
const sdk = Client.prototype as unknown as { send: (command: unknown) => Promise<unknown> };
const realSend = sdk.send;

const initial = () => formatSigningKeys({ current: newSigningKey(new Date("2026-09-02T00:00:00Z")) });

/** The function's modules afresh, as a cold start has them. */
const fresh = async () => {
  vi.resetModules();
  return {
    rotation: (await import("#functions/keys/rotate-signing-key")).handler,
    sessions: await import("#shared/accounts/sessions"),
  };
};

type Step = "createSecret" | "setSecret" | "testSecret" | "finishSecret";
const steps: Step[] = ["createSecret", "setSecret", "testSecret", "finishSecret"];

/** One rotation as Secrets Manager runs it: a pending version, then the four steps in order. */
async function rotate(secretValue = secret) {
  const { rotation } = await fresh();
  const versionId = secretValue.startRotation();
  for (const step of steps)
    await rotation({ Step: step, SecretId: secretArn, ClientRequestToken: versionId });
  return versionId;
}

/** Lets every SDK call through the local access guard (IAM, locally) with the grants of an access. */
const guardWith = (access: FunctionAccess) =>
  installAccessGuard({
    functionName: "signing-key-rotation",
    grants: grantsOf(access),
    tableName: "account-workflows",
    logoBucket: "logos",
    workflowsByArn: new Map(),
    region: "eu-central-2",
    accountId: "000000000000",
  });

beforeEach(() => {
  delete process.env.SIGNING_KEY;
  process.env.SIGNING_KEY_SECRET_ARN = secretArn;
  secret = new FakeSecret(initial());
  sdk.send = (command) => secret.send(command);
  guardWith(signingKeyRotation.access);
});

afterEach(() => {
  sdk.send = realSend;
  vi.useRealTimers();
  delete process.env.SIGNING_KEY_SECRET_ARN;
});

describe("the signing-key rotation function", () => {
  it("makes a new current key in four steps and keeps the current one as previous", async () => {
    const before = parseSigningKeys(secret.value("AWSCURRENT"));
    const versionId = await rotate();
    expect(secret.holder("AWSCURRENT")).toBe(versionId);
    expect(secret.holder("AWSPREVIOUS")).toBe("version-0");
    // It ends as the protocol asks: no AWSPENDING left on a version that is not current.
    expect(secret.holder("AWSPENDING")).toBeUndefined();
    const after = parseSigningKeys(secret.value("AWSCURRENT"));
    expect(after.previous).toEqual(before.current);
    expect(after.current.kid).not.toBe(before.current.kid);
    expect(after.current.key).toHaveLength(32);
    expect(secret.calls.filter((call) => call === "PutSecretValue")).toHaveLength(1);
  });

  it("calls only what its declared access allows (guarded like IAM): a function that only reads the key cannot rotate it", async () => {
    expect(grantsOf(signingKeyRotation.access).flatMap((grant) => grant.actions)).toEqual([
      "secretsmanager:DescribeSecret",
      "secretsmanager:GetSecretValue",
      "secretsmanager:PutSecretValue",
      "secretsmanager:UpdateSecretVersionStage",
    ]);
    sdk.send = (command) => secret.send(command);
    guardWith({ signingKey: true });
    const { rotation } = await fresh();
    const versionId = secret.startRotation();
    await expect(
      rotation({ Step: "createSecret", SecretId: secretArn, ClientRequestToken: versionId }),
    ).rejects.toMatchObject({ name: "AccessDeniedException" });
    expect(secret.calls).toEqual([]);
  });

  it("takes every step again without harm: a retried createSecret keeps its key, a finished rotation is left as it is", async () => {
    const { rotation } = await fresh();
    const versionId = secret.startRotation();
    const event = (Step: Step) => ({ Step, SecretId: secretArn, ClientRequestToken: versionId });
    await rotation(event("createSecret"));
    const pending = secret.value("AWSPENDING");
    await rotation(event("createSecret"));
    expect(secret.value("AWSPENDING")).toBe(pending);
    for (const step of ["setSecret", "testSecret", "finishSecret", "finishSecret", "testSecret"] as const)
      await rotation(event(step));
    expect(secret.value("AWSCURRENT")).toBe(pending);
    expect(secret.calls.filter((call) => call === "PutSecretValue")).toHaveLength(1);
    expect(secret.calls.filter((call) => call === "UpdateSecretVersionStage")).toHaveLength(2);
  });

  it("refuses in testSecret a pending version that would end sessions (the current key not kept): nothing becomes current", async () => {
    const { rotation } = await fresh();
    const versionId = secret.startRotation();
    await secret.send(
      new PutSecretValueCommand({
        SecretId: secretArn,
        ClientRequestToken: versionId,
        SecretString: formatSigningKeys({ current: newSigningKey() }),
        VersionStages: ["AWSPENDING"],
      }),
    );
    await expect(
      rotation({ Step: "testSecret", SecretId: secretArn, ClientRequestToken: versionId }),
    ).rejects.toThrow("the pending version has no key with the id of the current key");
    expect(secret.holder("AWSCURRENT")).toBe("version-0");
  });

  it("refuses a secret not set up for rotation, and a version that is not pending", async () => {
    const { rotation } = await fresh();
    const versionId = secret.startRotation();
    secret.rotationEnabled = false;
    await expect(
      rotation({ Step: "createSecret", SecretId: secretArn, ClientRequestToken: versionId }),
    ).rejects.toThrow("rotation is not enabled");
    secret.rotationEnabled = true;
    await expect(
      rotation({ Step: "createSecret", SecretId: secretArn, ClientRequestToken: "version-unknown" }),
    ).rejects.toThrow("has no stage for rotation");
    expect(secret.calls).not.toContain("PutSecretValue");
  });
});

describe("sessions across a rotation", () => {
  it("a token signed before a rotation still verifies after it; one with an unknown key id does not", async () => {
    const { sessions: beforeRotation } = await fresh();
    const earlier = await beforeRotation.newSession("user-1", undefined);
    await rotate();

    // A function started after the rotation: the earlier token verifies with the previous key.
    const { sessions } = await fresh();
    const claims = { userId: "user-1", sessionId: earlier.sessionId };
    expect(await sessions.sessionTokenClaims(earlier.token)).toEqual(claims);
    const later = await sessions.newSession("user-1", undefined);
    expect(await sessions.sessionTokenClaims(later.token)).toEqual({
      userId: "user-1",
      sessionId: later.sessionId,
    });

    // Signed with a key the secret never held, under a key id it does not know: not ours.
    const forged = await new SignJWT({ sid: earlier.sessionId })
      .setProtectedHeader({ alg: "HS256", kid: "2026-12-24-00000000" })
      .setSubject("user-1")
      .setIssuer("account-workflows")
      .setAudience("account-workflows-api")
      .setExpirationTime("1h")
      .sign(newSigningKey().key);
    expect(await sessions.sessionTokenClaims(forged)).toBeUndefined();
  });

  it("a function warm since before the rotation verifies a token with the new key id at once", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { sessions: warm } = await fresh();
    const earlier = await warm.newSession("user-1", undefined);
    await rotate();
    vi.setSystemTime(Date.now() + 10_000);
    const { sessions: cold } = await fresh();
    const later = await cold.newSession("user-1", undefined);
    // Its keys were read 10 seconds ago, before the rotation: the new key id makes it read them again.
    expect(await warm.sessionTokenClaims(later.token)).toEqual({
      userId: "user-1",
      sessionId: later.sessionId,
    });
    expect(await warm.sessionTokenClaims(earlier.token)).toEqual({
      userId: "user-1",
      sessionId: earlier.sessionId,
    });
  });

  it("a second rotation drops the oldest key: a token from two rotations ago is refused", async () => {
    const { sessions: first } = await fresh();
    const old = await first.newSession("user-1", undefined);
    await rotate();
    await rotate();
    const { sessions } = await fresh();
    expect(await sessions.sessionTokenClaims(old.token)).toBeUndefined();
  });

  it("the first rotation of a plain-string secret (a deployment from before key ids) keeps its tokens valid", async () => {
    const legacy = "Zq8VnR2kX4pLm7TfW9cYbH3jD6sG1aQeU5oIrNtKyC0vBxMwEz8uJiPlOhA2gF4d";
    secret = new FakeSecret(legacy);
    const before = await new SignJWT({ sid: "session-1" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject("user-1")
      .setIssuer("account-workflows")
      .setAudience("account-workflows-api")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(legacy));
    await rotate();
    expect(parseSigningKeys(secret.value("AWSCURRENT")).previous?.kid).toBe("legacy");
    const { sessions } = await fresh();
    expect(await sessions.sessionTokenClaims(before)).toEqual({ userId: "user-1", sessionId: "session-1" });
  });
});
