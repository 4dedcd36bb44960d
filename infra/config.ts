import { archiveRetentionYears } from "#shared/archive/retention";
import { type Creditor, parseCreditor, testCreditor } from "#shared/documents/creditor";
import { backupRetentionDays } from "#shared/termination/retention";

/**
 * What a deployment must be told, from CDK context (`cdk deploy -c stage=prod -c webAppUrl=...`,
 * or `cdk.json`/`cdk.context.json`). `dev` runs on documentation placeholders and says so; any
 * other stage refuses to synthesize while a value is missing or a placeholder, naming each key.
 */
export interface DeployConfig {
  /** Names the stack and every named resource, so stages live side by side in one account. */
  stage: string;
  /** Where customers' data lives. @default eu-central-2 (Zurich) */
  region: string;
  /** The portal's URL: the links in mails point there. */
  webAppUrl: string;
  /** The sending domain (an identity this stack creates)... */
  emailDomain: string;
  /** ...or the name of an existing SES identity to send from (another stage's, say), not created here. */
  emailIdentity?: string;
  /** Who alarms reach: an email subscribed to the stack's alarm topic... */
  alarmEmail?: string;
  /** ...or an existing SNS topic. */
  alarmTopicArn?: string;
  /** CORS origins (never `*`). @default the portal's origin */
  corsOrigins: string[];
  /** Days a terminated product's backups are kept before the purge (R-T5). */
  backupRetentionDays: number;
  /** Years a deleted organization's records are kept (R-D7). @default 10 */
  archiveRetentionYears: number;
  /**
   * The provider as its invoice documents name it and the account QR-bills pay to (a JSON
   * object, see shared/documents/creditor.ts). `dev` falls back to the documented test creditor.
   */
  creditor: Creditor;
  /**
   * Whether the password-hashing routes get their concurrency reserved (infra/throttles.ts). An
   * account whose Lambda quota cannot spare it (new accounts start far below 1,000, and Lambda
   * keeps 100 unreserved) deploys with `-c reserveConcurrency=false`; `npm run preflight` says which.
   * @default true
   */
  reserveConcurrency: boolean;
  /** The keys that fell back to a placeholder (dev only; any other stage refuses them). */
  placeholders: string[];
}

export const defaultStage = "dev";
export const defaultRegion = "eu-central-2";

/** Hosts reserved for documentation (RFC 2606): never a deployment's. */
const placeholderHost = /(^|\.)example\.(com|org|net)$/i;
const isPlaceholder = (value: string) => {
  const host = /^https?:\/\/([^/:]+)/i.exec(value)?.[1] ?? value.split("@").pop() ?? value;
  return placeholderHost.test(host);
};

const dev = {
  webAppUrl: "https://portal.example.com",
  emailDomain: "example.com",
  backupRetentionDays: "30",
};

type Context = (key: string) => unknown;

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim().length > 0
    ? value.trim()
    : typeof value === "number"
      ? String(value)
      : undefined;
const list = (value: unknown): string[] | undefined => {
  if (Array.isArray(value)) return value.map(String);
  const single = text(value);
  return single ? single.split(",").map((item) => item.trim()) : undefined;
};

/**
 * Reads and checks the configuration. `overrides` (the stack's props, for tests and for apps that
 * build the stack in code) win over context.
 */
export function deployConfig(
  context: Context,
  overrides: Partial<Record<string, unknown>> = {},
): DeployConfig {
  const read = (key: string) => overrides[key] ?? context(key);
  const stage = text(read("stage")) ?? defaultStage;
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) {
    throw new Error(
      `stage must be 1 to 20 lowercase letters, digits or dashes, starting with a letter: "${stage}"`,
    );
  }
  const problems: string[] = [];
  const placeholders: string[] = [];
  const required = (key: keyof typeof dev, value: string | undefined): string => {
    if (value === undefined) {
      problems.push(`${key} is missing`);
      placeholders.push(key);
      return dev[key];
    }
    if (isPlaceholder(value)) {
      problems.push(`${key} is a documentation placeholder (${value})`);
      placeholders.push(key);
    }
    return value;
  };

  const webAppUrl = required("webAppUrl", text(read("webAppUrl")));
  if (!/^https:\/\/[^/]+/.test(webAppUrl) && !webAppUrl.startsWith("http://localhost"))
    problems.push(`webAppUrl must be an https URL: ${webAppUrl}`);
  const emailIdentity = text(read("emailIdentity"));
  const emailDomain = emailIdentity ?? required("emailDomain", text(read("emailDomain")));
  const alarmEmail = text(read("alarmEmail"));
  const alarmTopicArn = text(read("alarmTopicArn"));
  if (!alarmEmail && !alarmTopicArn) {
    problems.push("alarmEmail (or alarmTopicArn) is missing");
    placeholders.push("alarmEmail");
  } else if (alarmEmail && isPlaceholder(alarmEmail)) {
    problems.push(`alarmEmail is a documentation placeholder (${alarmEmail})`);
    placeholders.push("alarmEmail");
  }
  const origin = /^https?:\/\/[^/]+/.exec(webAppUrl)?.[0] ?? webAppUrl;
  const corsOrigins = list(read("corsOrigins")) ?? [origin];
  const days = backupRetentionDays(required("backupRetentionDays", text(read("backupRetentionDays"))));
  const years = archiveRetentionYears(text(read("archiveRetentionYears")));
  const creditor = creditorOf(read("creditor"), problems, placeholders);
  const reserve = read("reserveConcurrency");
  if (reserve !== undefined && !["true", "false", true, false].includes(reserve as string | boolean))
    problems.push(`reserveConcurrency must be true or false: ${String(reserve)}`);
  const reserveConcurrency = reserve === undefined ? true : reserve === true || reserve === "true";

  if (stage !== defaultStage && problems.length) {
    throw new Error(
      `Stage "${stage}" cannot be synthesized until its configuration is complete (CDK context, see the README's deploy section):\n` +
        problems.map((problem) => `- ${problem}`).join("\n"),
    );
  }
  return {
    stage,
    region: text(read("region")) ?? defaultRegion,
    webAppUrl,
    emailDomain,
    ...(emailIdentity ? { emailIdentity } : {}),
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(alarmTopicArn ? { alarmTopicArn } : {}),
    corsOrigins,
    backupRetentionDays: days,
    archiveRetentionYears: years,
    creditor,
    reserveConcurrency,
    placeholders: [...new Set(placeholders)],
  };
}

/** The `creditor` context value (a JSON object, or its text), checked; the test creditor when absent. */
function creditorOf(value: unknown, problems: string[], placeholders: string[]): Creditor {
  if (value === undefined || value === null || value === "") {
    problems.push("creditor is missing (a JSON object: name, account, street, postalCode, city, country)");
    placeholders.push("creditor");
    return testCreditor;
  }
  let creditor: Creditor;
  try {
    creditor = parseCreditor(typeof value === "string" ? value : JSON.stringify(value), "creditor");
  } catch (error) {
    problems.push((error as Error).message);
    placeholders.push("creditor");
    return testCreditor;
  }
  if (creditor.account === testCreditor.account) {
    problems.push(`creditor is the documented test creditor (${testCreditor.account})`);
    placeholders.push("creditor");
  }
  return creditor;
}
