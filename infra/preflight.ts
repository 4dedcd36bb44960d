import { DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { GetAccountSettingsCommand } from "@aws-sdk/client-lambda";
import { GetAccountCommand, GetEmailIdentityCommand } from "@aws-sdk/client-sesv2";
import { ListSubscriptionsByTopicCommand } from "@aws-sdk/client-sns";
import { GetParameterCommand } from "@aws-sdk/client-ssm";
import type { DeployConfig } from "#infra/config";
import { reservedConcurrencyTotal } from "#infra/throttles";

/**
 * What a target account must have before `cdk deploy` of a stage, read with read-only calls
 * (`npm run preflight -- -c stage=<stage>`): each item ready, or what to do first.
 */

/** The one method of an AWS SDK v3 client the preflight uses: tests hand in stubs. */
export interface Sender {
  send(command: unknown): Promise<unknown>;
}

export interface PreflightClients {
  lambda: Sender;
  ses: Sender;
  ssm: Sender;
  cloudFormation: Sender;
  sns: Sender;
}

export interface PreflightItem {
  item: string;
  ready: boolean;
  /** What was found, and when not ready, what to do. */
  detail: string;
}

/** Lambda keeps this many concurrent executions unreserved in every account. */
export const unreservedMinimum = 100;
/** The oldest CDK bootstrap stack the app's synthesizer deploys with (DefaultStackSynthesizer). */
export const minimumBootstrapVersion = 6;
export const bootstrapVersionParameter = "/cdk-bootstrap/hnb659fds/version";

const errorName = (error: unknown) => (error as { name?: string })?.name ?? "Error";

async function lambdaConcurrency(config: DeployConfig, lambda: Sender): Promise<PreflightItem> {
  const settings = (await lambda.send(new GetAccountSettingsCommand({}))) as {
    AccountLimit?: { ConcurrentExecutions?: number; UnreservedConcurrentExecutions?: number };
  };
  const limit = settings.AccountLimit?.ConcurrentExecutions ?? 0;
  const unreserved = settings.AccountLimit?.UnreservedConcurrentExecutions ?? limit;
  const canReserve = unreserved - reservedConcurrencyTotal >= unreservedMinimum;
  const found = `account concurrency ${limit}, ${unreserved} unreserved; the hashing routes reserve ${reservedConcurrencyTotal}`;
  if (config.reserveConcurrency && !canReserve)
    return {
      item: "Lambda concurrency",
      ready: false,
      detail: `${found}, but Lambda keeps ${unreservedMinimum} unreserved: deploy with -c reserveConcurrency=false, or ask for a higher "Concurrent executions" quota (Service Quotas, Lambda) first.`,
    };
  if (!config.reserveConcurrency && canReserve)
    return {
      item: "Lambda concurrency",
      ready: true,
      detail: `${found}: the quota allows reserving it; deploy without -c reserveConcurrency=false to keep sign-in floods from taking the workflows' concurrency.`,
    };
  return {
    item: "Lambda concurrency",
    ready: true,
    detail: config.reserveConcurrency
      ? `${found}.`
      : `${found}: nothing reserved (-c reserveConcurrency=false).`,
  };
}

async function sesAccount(ses: Sender): Promise<PreflightItem> {
  const account = (await ses.send(new GetAccountCommand({}))) as {
    ProductionAccessEnabled?: boolean;
    SendingEnabled?: boolean;
    SendQuota?: { Max24HourSend?: number; MaxSendRate?: number };
  };
  const quota = `quota ${account.SendQuota?.Max24HourSend ?? 0} mails a day, ${account.SendQuota?.MaxSendRate ?? 0} a second`;
  if (account.SendingEnabled === false)
    return {
      item: "SES sending",
      ready: false,
      detail: `sending is paused for this account (${quota}): see the SES console's reputation page.`,
    };
  if (!account.ProductionAccessEnabled)
    return {
      item: "SES sending",
      ready: false,
      detail: `the account is in the SES sandbox (${quota}): mail reaches verified addresses only. Request production access (SES console, Account dashboard) before customers sign up.`,
    };
  return { item: "SES sending", ready: true, detail: `production access, ${quota}.` };
}

async function sesIdentity(config: DeployConfig, ses: Sender): Promise<PreflightItem> {
  const identity = config.emailIdentity ?? config.emailDomain;
  try {
    const found = (await ses.send(new GetEmailIdentityCommand({ EmailIdentity: identity }))) as {
      VerifiedForSendingStatus?: boolean;
      DkimAttributes?: { Status?: string };
    };
    const dkim = found.DkimAttributes?.Status ?? "NOT_STARTED";
    if (found.VerifiedForSendingStatus && dkim === "SUCCESS")
      return { item: "SES identity", ready: true, detail: `${identity} is verified, DKIM ${dkim}.` };
    return {
      item: "SES identity",
      ready: false,
      detail: `${identity} is ${found.VerifiedForSendingStatus ? "verified" : "not verified"}, DKIM ${dkim}: publish the three DKIM CNAME records the SES console lists for it in the domain's DNS, then wait for SUCCESS.`,
    };
  } catch (error) {
    if (errorName(error) !== "NotFoundException") throw error;
    if (config.emailIdentity)
      return {
        item: "SES identity",
        ready: false,
        detail: `${identity} does not exist in this account and region, and -c emailIdentity names an existing one: create it, or deploy with -c emailDomain instead.`,
      };
    return {
      item: "SES identity",
      ready: true,
      detail: `${identity} will be created by the deploy; then publish its DKIM records (SES console) and run the preflight again.`,
    };
  }
}

async function bootstrap(ssm: Sender): Promise<PreflightItem> {
  try {
    const found = (await ssm.send(new GetParameterCommand({ Name: bootstrapVersionParameter }))) as {
      Parameter?: { Value?: string };
    };
    const version = Number(found.Parameter?.Value ?? 0);
    if (version >= minimumBootstrapVersion)
      return { item: "CDK bootstrap", ready: true, detail: `bootstrap stack version ${version}.` };
    return {
      item: "CDK bootstrap",
      ready: false,
      detail: `bootstrap stack version ${version}, the app needs ${minimumBootstrapVersion} or later: run npx cdk bootstrap aws://<account>/<region> again.`,
    };
  } catch (error) {
    if (errorName(error) !== "ParameterNotFound") throw error;
    return {
      item: "CDK bootstrap",
      ready: false,
      detail:
        "the region is not bootstrapped for the CDK: run npx cdk bootstrap aws://<account>/<region> first.",
    };
  }
}

async function alarmSubscription(config: DeployConfig, clients: PreflightClients): Promise<PreflightItem> {
  let topicArn = config.alarmTopicArn;
  if (!topicArn) {
    try {
      const stacks = (await clients.cloudFormation.send(
        new DescribeStacksCommand({ StackName: `HostingAccountWorkflows-${config.stage}` }),
      )) as { Stacks?: { Outputs?: { OutputKey?: string; OutputValue?: string }[] }[] };
      topicArn = stacks.Stacks?.[0]?.Outputs?.find(
        (output) => output.OutputKey === "AlarmTopicArn",
      )?.OutputValue;
    } catch (error) {
      if (errorName(error) !== "ValidationError") throw error;
    }
    if (!topicArn)
      return {
        item: "Alarm subscription",
        ready: true,
        detail: `the stage is not deployed yet: the deploy subscribes ${config.alarmEmail}, and AWS mails it a confirmation link to follow (run the preflight again after the deploy).`,
      };
  }
  const listed = (await clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))) as {
    Subscriptions?: { Endpoint?: string; SubscriptionArn?: string; Protocol?: string }[];
  };
  const subscriptions = listed.Subscriptions ?? [];
  const pending = subscriptions.filter(
    (subscription) => subscription.SubscriptionArn === "PendingConfirmation",
  );
  const confirmed = subscriptions.filter(
    (subscription) => subscription.SubscriptionArn && subscription.SubscriptionArn !== "PendingConfirmation",
  );
  if (pending.length)
    return {
      item: "Alarm subscription",
      ready: false,
      detail: `${pending.map((subscription) => subscription.Endpoint).join(", ")} has not confirmed its subscription: follow the link in AWS's "Subscription Confirmation" mail, or no alarm reaches anyone.`,
    };
  if (!confirmed.length)
    return {
      item: "Alarm subscription",
      ready: false,
      detail: `nobody is subscribed to ${topicArn}: subscribe the operators (an email, a chat integration) or alarms reach no one.`,
    };
  return {
    item: "Alarm subscription",
    ready: true,
    detail: `${confirmed.map((subscription) => `${subscription.Protocol}:${subscription.Endpoint}`).join(", ")} confirmed.`,
  };
}

/** Every item, in the order a person deals with them; a call that fails is an item not ready. */
export async function preflight(config: DeployConfig, clients: PreflightClients): Promise<PreflightItem[]> {
  const checks: [string, () => Promise<PreflightItem>][] = [
    ["CDK bootstrap", () => bootstrap(clients.ssm)],
    ["Lambda concurrency", () => lambdaConcurrency(config, clients.lambda)],
    ["SES sending", () => sesAccount(clients.ses)],
    ["SES identity", () => sesIdentity(config, clients.ses)],
    ["Alarm subscription", () => alarmSubscription(config, clients)],
  ];
  const items: PreflightItem[] = [];
  for (const [item, check] of checks) {
    try {
      items.push(await check());
    } catch (error) {
      items.push({
        item,
        ready: false,
        detail: `could not be read (${errorName(error)}: ${(error as Error).message}); the credentials need read access to it.`,
      });
    }
  }
  return items;
}
