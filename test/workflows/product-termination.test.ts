import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalStepFunctions } from "#local/stepfunctions";
import { type SignedUp, signUp, uniqueEmail } from "#test/support/accounts";
import { eventually, rootDir, useLocalRuntime } from "#test/support/runtime";
import {
  addMember,
  addProduct,
  listBackups,
  readOrganization,
  readProduct,
  requestAndReadLink,
  terminatedNotices,
  terminationInputFor,
  terminationStatus,
} from "#test/support/termination";

/**
 * The product-termination state machine, run locally from its ASL file. The executions here
 * run on a second local Step Functions service whose Retry pauses last 5 ms (the ASL waits
 * seconds), beside the runtime that holds the table and the mail.
 */
const local = useLocalRuntime();
let service: LocalStepFunctions;
let sfn: SFNClient;
let owner: SignedUp;

type Input = Awaited<ReturnType<typeof terminationInputFor>>;

beforeAll(async () => {
  const { startLocalStepFunctions } = await import("#local/stepfunctions");
  const { productTerminationWorkflow } = await import("#functions/termination/workflow");
  service = await startLocalStepFunctions({
    port: 0,
    workflows: [productTerminationWorkflow],
    rootDir,
    retryIntervalMs: 5,
  });
  sfn = new SFNClient({
    endpoint: service.endpoint,
    region: "eu-central-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  owner = await signUp(local.api, { loginEmail: uniqueEmail("owner"), firstName: "Olive" });
});

afterAll(async () => {
  await service?.stop();
});

async function start(input: Input): Promise<string> {
  const { terminationExecution } = await import("#shared/termination/termination");
  const execution = terminationExecution(input);
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: service.stateMachineArn("product-termination"),
      name: execution.name,
      input: execution.input,
    }),
  );
  if (!executionArn) throw new Error("no execution");
  return executionArn;
}

const settled = (executionArn: string) =>
  eventually<DescribeExecutionCommandOutput>(
    async () => {
      const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      return execution.status === "RUNNING" ? undefined : execution;
    },
    10_000,
    `${executionArn} to end`,
  );

async function history(executionArn: string): Promise<HistoryEvent[]> {
  const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return events;
}

/** The task failures the Retry caught, from the execution history. */
const transientFailures = (events: HistoryEvent[]) =>
  events.filter(
    (event) =>
      event.type === "LambdaFunctionFailed" &&
      event.lambdaFunctionFailedEventDetails?.error === "TransientError",
  );

async function provisioning() {
  return (await import("#shared/ports/product-provisioning")).recordingProductProvisioning;
}

describe("product-termination", () => {
  it("R-T2 retries a failing deprovision (fault plan: fail once), then terminates the product", async () => {
    const { productId } = await addProduct(owner.orgId, { backups: 1 });
    const port = await provisioning();
    await port.failNext(productId, { times: 1 });
    const input = await terminationInputFor(await requestAndReadLink(local, owner, owner.orgId, productId));

    const execution = await settled(await start(input));

    expect(execution.status).toBe("SUCCEEDED");
    expect(transientFailures(await history(execution.executionArn as string))).toHaveLength(1);
    const calls = await port.calls(productId);
    expect(calls.map((call) => call.outcome)).toEqual(["failed", "succeeded"]);
    expect(calls[0]?.error).toMatch(/^TransientError/);
    expect((await readProduct(owner.orgId, productId)).status).toBe("terminated");
  });

  it("R-T2 records termination_failed with the step and the reason when deprovisioning keeps failing, and can be asked again", async () => {
    const { productId, backupIds } = await addProduct(owner.orgId, { backups: 1 });
    const port = await provisioning();
    await port.failNext(productId, { times: "always" });
    const countBefore = (await readOrganization(owner.orgId)).productCount;
    const input = await terminationInputFor(await requestAndReadLink(local, owner, owner.orgId, productId));

    const execution = await settled(await start(input));

    expect(execution.status).toBe("FAILED");
    expect(execution.error).toBe("TerminationFailed");
    // The first attempt and the four retries of the ASL's Retry.
    expect((await port.calls(productId)).map((call) => call.outcome)).toEqual(Array(5).fill("failed"));
    const product = await readProduct(owner.orgId, productId);
    expect(product.status).toBe("termination_failed");
    expect(product.failure).toMatchObject({
      step: "Deprovision",
      reason: expect.stringMatching(/^TransientError: /),
    });
    // The Catch handed over AWS's JSON cause (with its trace): only the message is kept.
    expect(product.failure?.reason).not.toMatch(/\n|\s+at\s|"trace"|errorType|errorMessage/);
    const status = await terminationStatus(local, owner, owner.orgId, productId);
    expect(status.body).toMatchObject({
      status: "failed",
      productStatus: "termination_failed",
      failure: { step: "Deprovision" },
    });
    expect(status.body.steps.find((step) => step.name === "Deprovision")?.status).toBe("failed");
    // Nothing after the failed step happened: still counted, backups untouched.
    expect((await readOrganization(owner.orgId)).productCount).toBe(countBefore);
    const backups = await listBackups(local, owner, owner.orgId, productId);
    expect(backups.body.backups.map((backup) => [backup.backupId, backup.status])).toEqual([
      [backupIds[0], "available"],
    ]);

    // Once the provisioning system answers again, a new confirmed request finishes the job.
    await port.clearFaults(productId);
    const retry = await terminationInputFor(await requestAndReadLink(local, owner, owner.orgId, productId));
    expect(retry.requestId).not.toBe(input.requestId);
    expect((await settled(await start(retry))).status).toBe("SUCCEEDED");
    const terminated = await readProduct(owner.orgId, productId);
    expect(terminated.status).toBe("terminated");
    expect(terminated.failure).toBeUndefined();
    expect((await readOrganization(owner.orgId)).productCount).toBe(countBefore - 1);
  });

  it("R-T4 every task is idempotent: running each again changes nothing twice", async () => {
    const administrator = await addMember(local, owner.orgId, "administrator");
    const { productId } = await addProduct(owner.orgId, { name: "twice.example.org", backups: 2 });
    const input = await terminationInputFor(await requestAndReadLink(local, owner, owner.orgId, productId));
    expect((await settled(await start(input))).status).toBe("SUCCEEDED");
    const after = {
      count: (await readOrganization(owner.orgId)).productCount,
      product: await readProduct(owner.orgId, productId),
      backups: (await listBackups(local, owner, owner.orgId, productId)).body.backups,
      calls: (await (await provisioning()).calls(productId)).length,
    };
    const notices = async () =>
      (await terminatedNotices(local, administrator.loginEmail, "twice.example.org")).length;
    await eventually(async () => ((await notices()) === 1 ? true : undefined));

    for (const task of [
      "mark-terminating",
      "deprovision",
      "schedule-backup-purge",
      "mark-terminated",
      "notify-administrators",
    ]) {
      const { handler } = (await import(`../../functions/termination/tasks/${task}.ts`)) as {
        handler: (input: Input) => Promise<unknown>;
      };
      await handler(input);
    }

    expect((await readOrganization(owner.orgId)).productCount).toBe(after.count);
    expect(await readProduct(owner.orgId, productId)).toEqual(after.product);
    expect((await listBackups(local, owner, owner.orgId, productId)).body.backups).toEqual(after.backups);
    const calls = await (await provisioning()).calls(productId);
    expect(calls.length).toBe(after.calls);
    // One call per idempotency key, none a repeat: the provider was asked to deprovision once.
    expect(new Set(calls.map((call) => call.idempotencyKey)).size).toBe(calls.length);
    expect(calls.filter((call) => call.repeat)).toEqual([]);
    expect(await notices()).toBe(1);
  });

  it("R-T2 a request replaced before its workflow started changes nothing", async () => {
    const { productId } = await addProduct(owner.orgId);
    const first = await terminationInputFor(await requestAndReadLink(local, owner, owner.orgId, productId));
    await requestAndReadLink(local, owner, owner.orgId, productId);

    const execution = await settled(await start(first));

    expect(execution.status).toBe("FAILED");
    expect(execution.error).toBe("ConfirmationWithdrawn");
    const product = await readProduct(owner.orgId, productId);
    expect(product.status).toBe("active");
    expect(product.failure).toBeUndefined();
    expect(await (await provisioning()).calls(productId)).toEqual([]);
  });

  it("a second start of the same confirmed request is the same execution", async () => {
    const { productId } = await addProduct(owner.orgId);
    const input = await terminationInputFor(await requestAndReadLink(local, owner, owner.orgId, productId));
    const [first, second] = await Promise.all([start(input), start(input)]);
    expect(second).toBe(first);
    expect((await settled(first)).status).toBe("SUCCEEDED");
    expect((await (await provisioning()).calls(productId)).map((call) => call.outcome)).toEqual([
      "succeeded",
    ]);
  });
});

describe("the recording adapter of product provisioning", () => {
  it("records a call repeated with the same idempotency key, marked as a repeat", async () => {
    const { recordingProductProvisioning } = await import("#shared/ports/product-provisioning");
    const productId = `repeat-${Date.now()}`;
    const request = {
      orgId: "o-repeat",
      productId,
      kind: "web_hosting",
      idempotencyKey: `deprovision:${productId}`,
    };
    await recordingProductProvisioning.deprovision(request);
    await recordingProductProvisioning.deprovision(request);
    const calls = await recordingProductProvisioning.calls(productId);
    expect(calls.map((call) => [call.outcome, call.repeat ?? false])).toEqual([
      ["succeeded", false],
      ["succeeded", true],
    ]);
  });
});
