import { describe, expect, it } from "vitest";
import { deployConfig } from "#infra/config";
import { type PreflightClients, preflight, type Sender } from "#infra/preflight";
import { reservedConcurrencyTotal } from "#infra/throttles";
import { prodContext } from "#test/infra/fixtures/stack";

/**
 * `npm run preflight` (infra/preflight.ts) against stubbed AWS clients, one outcome each: the
 * account's answers are an outside system, so these stubs stand in for the account.
 */
type Answers = Record<string, (input: Record<string, unknown>) => unknown>;

const named = (name: string, message = name) => Object.assign(new Error(message), { name });

/** A client answering each command by its class name; a command it was not given an answer for throws. */
const client = (answers: Answers): Sender => ({
  async send(command) {
    const { input } = command as { input: Record<string, unknown> };
    const commandName = (command as object).constructor.name;
    const answer = answers[commandName.replace(/Command$/, "")];
    if (!answer) throw new Error(`unexpected ${commandName}`);
    return answer(input);
  },
});

const ready: Record<keyof PreflightClients, Answers> = {
  ssm: { GetParameter: () => ({ Parameter: { Value: "28" } }) },
  lambda: {
    GetAccountSettings: () => ({
      AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 },
    }),
  },
  ses: {
    GetAccount: () => ({
      ProductionAccessEnabled: true,
      SendingEnabled: true,
      SendQuota: { Max24HourSend: 50000, MaxSendRate: 14 },
    }),
    GetEmailIdentity: () => ({ VerifiedForSendingStatus: true, DkimAttributes: { Status: "SUCCESS" } }),
  },
  cloudFormation: {
    DescribeStacks: () => ({
      Stacks: [
        { Outputs: [{ OutputKey: "AlarmTopicArn", OutputValue: "arn:aws:sns:eu-central-2:1:alarms" }] },
      ],
    }),
  },
  sns: {
    ListSubscriptionsByTopic: () => ({
      Subscriptions: [
        {
          Protocol: "email",
          Endpoint: "ops@hosting.test",
          SubscriptionArn: "arn:aws:sns:eu-central-2:1:alarms:1",
        },
      ],
    }),
  },
};

const run = (
  overrides: Partial<Record<keyof PreflightClients, Answers>> = {},
  context: Record<string, unknown> = {},
) => {
  const answers = { ...ready, ...overrides };
  const config = deployConfig((key) => ({ ...prodContext, ...context })[key]);
  return preflight(config, {
    ssm: client(answers.ssm),
    lambda: client(answers.lambda),
    ses: client(answers.ses),
    cloudFormation: client(answers.cloudFormation),
    sns: client(answers.sns),
  });
};
const itemOf = async (name: string, ...args: Parameters<typeof run>) => {
  const found = (await run(...args)).find((each) => each.item === name);
  if (!found) throw new Error(`no item ${name}`);
  return found;
};

describe("the preflight", () => {
  it("says ready for every item of an account that has all it needs", async () => {
    const items = await run();
    expect(items.map((item) => item.item)).toEqual([
      "CDK bootstrap",
      "Lambda concurrency",
      "SES sending",
      "SES identity",
      "Alarm subscription",
    ]);
    expect(items.filter((item) => !item.ready)).toEqual([]);
  });

  it("asks to bootstrap a region that is not, or too old", async () => {
    const missing = await itemOf("CDK bootstrap", {
      ssm: {
        GetParameter: () => {
          throw named("ParameterNotFound");
        },
      },
    });
    expect(missing).toMatchObject({ ready: false, detail: expect.stringContaining("npx cdk bootstrap") });
    const old = await itemOf("CDK bootstrap", {
      ssm: { GetParameter: () => ({ Parameter: { Value: "4" } }) },
    });
    expect(old).toMatchObject({ ready: false, detail: expect.stringContaining("version 4") });
  });

  it("says to deploy with reserveConcurrency=false where the quota cannot spare the reservation, and the reverse", async () => {
    const small = {
      GetAccountSettings: () => ({
        AccountLimit: { ConcurrentExecutions: 10, UnreservedConcurrentExecutions: 10 },
      }),
    };
    expect(await itemOf("Lambda concurrency", { lambda: small })).toMatchObject({
      ready: false,
      detail: expect.stringContaining("-c reserveConcurrency=false"),
    });
    // Exactly the reservation plus Lambda's 100 unreserved: enough.
    const exact = {
      GetAccountSettings: () => ({
        AccountLimit: {
          ConcurrentExecutions: 100 + reservedConcurrencyTotal,
          UnreservedConcurrentExecutions: 100 + reservedConcurrencyTotal,
        },
      }),
    };
    expect((await itemOf("Lambda concurrency", { lambda: exact })).ready).toBe(true);
    expect(
      await itemOf("Lambda concurrency", { lambda: small }, { reserveConcurrency: "false" }),
    ).toMatchObject({ ready: true });
    expect(await itemOf("Lambda concurrency", {}, { reserveConcurrency: "false" })).toMatchObject({
      ready: true,
      detail: expect.stringContaining("allows reserving"),
    });
  });

  it("names the SES sandbox and a paused account, with the quota", async () => {
    const sandbox = {
      ...ready.ses,
      GetAccount: () => ({
        ProductionAccessEnabled: false,
        SendingEnabled: true,
        SendQuota: { Max24HourSend: 200, MaxSendRate: 1 },
      }),
    };
    expect(await itemOf("SES sending", { ses: sandbox })).toMatchObject({
      ready: false,
      detail: expect.stringMatching(/sandbox \(quota 200 mails a day, 1 a second\).*production access/),
    });
    const paused = {
      ...ready.ses,
      GetAccount: () => ({ ProductionAccessEnabled: true, SendingEnabled: false }),
    };
    expect(await itemOf("SES sending", { ses: paused })).toMatchObject({
      ready: false,
      detail: expect.stringContaining("paused"),
    });
  });

  it("checks the sending identity: DKIM pending, to be created by the deploy, or an existing one that is missing", async () => {
    const pending = {
      ...ready.ses,
      GetEmailIdentity: () => ({ VerifiedForSendingStatus: false, DkimAttributes: { Status: "PENDING" } }),
    };
    expect(await itemOf("SES identity", { ses: pending })).toMatchObject({
      ready: false,
      detail: expect.stringContaining("mail.hosting.test is not verified, DKIM PENDING"),
    });
    const absent = {
      ...ready.ses,
      GetEmailIdentity: () => {
        throw named("NotFoundException");
      },
    };
    expect(await itemOf("SES identity", { ses: absent })).toMatchObject({
      ready: true,
      detail: expect.stringContaining("will be created"),
    });
    expect(
      await itemOf("SES identity", { ses: absent }, { emailIdentity: "shared.hosting.test" }),
    ).toMatchObject({
      ready: false,
      detail: expect.stringContaining("does not exist"),
    });
  });

  it("asks for the alarm subscription's confirmation, and for a subscriber at all", async () => {
    const pendingTopic = {
      ListSubscriptionsByTopic: () => ({
        Subscriptions: [
          { Protocol: "email", Endpoint: "ops@hosting.test", SubscriptionArn: "PendingConfirmation" },
        ],
      }),
    };
    expect(await itemOf("Alarm subscription", { sns: pendingTopic })).toMatchObject({
      ready: false,
      detail: expect.stringContaining("ops@hosting.test has not confirmed"),
    });
    expect(
      await itemOf("Alarm subscription", {
        sns: { ListSubscriptionsByTopic: () => ({ Subscriptions: [] }) },
      }),
    ).toMatchObject({
      ready: false,
      detail: expect.stringContaining("nobody is subscribed"),
    });
    const notDeployed = {
      DescribeStacks: () => {
        throw named("ValidationError", "Stack does not exist");
      },
    };
    expect(await itemOf("Alarm subscription", { cloudFormation: notDeployed })).toMatchObject({
      ready: true,
      detail: expect.stringContaining("not deployed yet"),
    });
  });

  it("turns a call the credentials may not make into an item not ready, and goes on with the others", async () => {
    const items = await run({
      lambda: {
        GetAccountSettings: () => {
          throw named("AccessDeniedException", "not authorized");
        },
      },
    });
    expect(items.find((item) => item.item === "Lambda concurrency")).toMatchObject({
      ready: false,
      detail: expect.stringContaining("AccessDeniedException"),
    });
    expect(items.filter((item) => item.ready)).toHaveLength(4);
  });
});
