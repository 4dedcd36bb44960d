import { type Creditor, testCreditor } from "#shared/documents/creditor";
import type { FunctionAccess } from "#shared/route-types";

/**
 * What a function's declared `access` (route, task or job) gives it, computed once for both
 * places that need it: the CDK app turns the grants into IAM statements and sets the
 * environment; the local runtime starts each function with that environment only and refuses,
 * as IAM would, every AWS call the grants do not allow. A function that forgets `email: true`
 * then fails locally too, not first in AWS.
 */

/** What a grant applies to; the CDK app and the local runtime each know its ARN. */
export type GrantTarget =
  | { kind: "table" }
  | { kind: "email" }
  | { kind: "stateMachine"; workflow: string }
  | { kind: "executions"; workflow: string }
  | { kind: "signingKey" }
  | { kind: "logoObjects" }
  | { kind: "logoBucket" };

export interface Grant {
  target: GrantTarget;
  actions: readonly string[];
}

/** DynamoDB actions by level; a transaction is allowed by the actions of its items (as IAM checks them). */
export const tableActions = {
  read: [
    "dynamodb:BatchGetItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
  ],
  write: ["dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
} as const;

/**
 * The logo bucket's object actions by access: a presigned URL is allowed by its signer's
 * permission, so the functions that sign hold exactly the action of what they sign.
 */
export const logoActions = {
  signUploads: ["s3:PutObject"],
  signDownloads: ["s3:GetObject"],
  check: ["s3:GetObject", "s3:DeleteObject"],
  readWrite: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
} as const;

/** What Secrets Manager's rotation protocol needs on the secret it rotates (no GetRandomPassword: keys come from node:crypto). */
export const signingKeyRotationActions = [
  "secretsmanager:DescribeSecret",
  "secretsmanager:GetSecretValue",
  "secretsmanager:PutSecretValue",
  "secretsmanager:UpdateSecretVersionStage",
] as const;

/** Every state machine the function is told the ARN of: those it starts and those it only describes. */
export const workflowNamesOf = (access: FunctionAccess): string[] => [
  ...new Set([...(access.workflows ?? []), ...(access.describeWorkflows ?? [])]),
];

export function grantsOf(access: FunctionAccess): Grant[] {
  const grants: Grant[] = [];
  if (access.table) {
    grants.push({
      target: { kind: "table" },
      actions:
        access.table === "readWrite" ? [...tableActions.read, ...tableActions.write] : [...tableActions.read],
    });
  }
  if (access.email) grants.push({ target: { kind: "email" }, actions: ["ses:SendEmail"] });
  for (const workflow of access.workflows ?? []) {
    grants.push({ target: { kind: "stateMachine", workflow }, actions: ["states:StartExecution"] });
    grants.push({ target: { kind: "executions", workflow }, actions: ["states:DescribeExecution"] });
  }
  for (const workflow of access.describeWorkflows ?? []) {
    if (access.workflows?.includes(workflow)) continue;
    grants.push({ target: { kind: "executions", workflow }, actions: ["states:DescribeExecution"] });
  }
  if (access.signingKey) {
    grants.push({ target: { kind: "signingKey" }, actions: ["secretsmanager:GetSecretValue"] });
  }
  if (access.signingKeyRotation) {
    grants.push({ target: { kind: "signingKey" }, actions: [...signingKeyRotationActions] });
  }
  if (access.logos) {
    grants.push({ target: { kind: "logoObjects" }, actions: [...logoActions[access.logos]] });
    // Without ListBucket, a missing object answers 403 instead of 404 to those that read it;
    // the signing functions read nothing (a URL of a missing object answers 403).
    if (access.logos === "check" || access.logos === "readWrite")
      grants.push({ target: { kind: "logoBucket" }, actions: ["s3:ListBucket"] });
  }
  return grants;
}

/** The names (or ARNs) of what a deployment holds, for the environment. */
export interface DeployedResources {
  tableName: string;
  emailFrom: string;
  emailConfigurationSet?: string;
  /** The portal's URL, for the links of mails. */
  webAppUrl: string;
  workflowArns: Readonly<Record<string, string>>;
  /** In AWS, the secret's ARN; locally, the key itself (there is no local Secrets Manager). */
  signingKey: { secretArn: string } | { value: string };
  logoBucket: string;
  /** How long archived records are kept (R-D7), in whole years. */
  archiveRetentionYears: number;
  /** How long a terminated product's backups are kept before the purge (R-T5), in days. */
  backupRetentionDays: number;
  /**
   * The provider as invoice documents name it and the account they are paid to
   * (shared/documents/creditor.ts). Absent: the documented test creditor, as the local runtime
   * and a `dev` stage on placeholders use it; the CDK app requires a real one for other stages.
   */
  creditor?: Creditor;
}

/**
 * The environment the access gives, the only variables a function reads besides the
 * deployment's common ones (version, log level, region): each with the name the code reads.
 */
export function environmentOf(
  access: FunctionAccess,
  resources: DeployedResources,
  toJson: (value: unknown) => string = JSON.stringify,
): Record<string, string> {
  const environment: Record<string, string> = {};
  if (access.table) environment.TABLE_NAME = resources.tableName;
  if (access.email) {
    // The portal's URL: every link of a mail points there (shared/email-templates/layout.ts).
    environment.WEB_APP_URL = resources.webAppUrl;
    environment.EMAIL_FROM = resources.emailFrom;
    if (resources.emailConfigurationSet)
      environment.EMAIL_CONFIGURATION_SET = resources.emailConfigurationSet;
  }
  const workflowNames = workflowNamesOf(access);
  if (workflowNames.length) {
    environment.WORKFLOW_ARNS = toJson(
      Object.fromEntries(
        workflowNames.map((name) => {
          const arn = resources.workflowArns[name];
          if (!arn) throw new Error(`no state machine for the workflow "${name}"`);
          return [name, arn];
        }),
      ),
    );
  }
  // `signingKeyRotation` sets nothing: each rotation event names the secret it rotates.
  if (access.signingKey) {
    if ("secretArn" in resources.signingKey)
      environment.SIGNING_KEY_SECRET_ARN = resources.signingKey.secretArn;
    else environment.SIGNING_KEY = resources.signingKey.value;
  }
  if (access.logos) environment.LOGO_BUCKET = resources.logoBucket;
  if (access.archive) environment.ARCHIVE_RETENTION_YEARS = String(resources.archiveRetentionYears);
  if (access.backupRetention) environment.BACKUP_RETENTION_DAYS = String(resources.backupRetentionDays);
  if (access.invoiceDocuments) environment.INVOICE_CREDITOR = toJson(resources.creditor ?? testCreditor);
  return environment;
}

/** Each kind of function's timeout, the same in the CDK app and the local runtime. */
export const functionTimeoutSeconds = { route: 10, authorizer: 10, task: 60, job: 300 } as const;
