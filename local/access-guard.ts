import { Client } from "@smithy/core/client";
import type { Grant } from "#shared/function-access";

/**
 * IAM, locally: every AWS SDK call a function makes is checked against the grants of its
 * declared access (shared/function-access.ts) before it leaves the process, and refused with
 * the AccessDeniedException IAM gives. Installed in each function's worker (local/functions.ts)
 * before its handler is imported, on the SDK's one `Client.send`, so no project code changes.
 */

/** What a call touches: the IAM action and the kind of resource, with its name where it matters. */
interface Call {
  action: string;
  resource: { kind: Grant["target"]["kind"]; name?: string; workflow?: string };
  arn: string;
}

export interface GuardContext {
  functionName: string;
  grants: readonly Grant[];
  /** The names the grants stand for locally. */
  tableName: string;
  logoBucket: string;
  /** State machine ARN to workflow name. */
  workflowsByArn: ReadonlyMap<string, string>;
  region: string;
  accountId: string;
}

const documentCommands: Record<string, string> = {
  Get: "GetItem",
  Put: "PutItem",
  Update: "UpdateItem",
  Delete: "DeleteItem",
  BatchGet: "BatchGetItem",
  BatchWrite: "BatchWriteItem",
  TransactGet: "TransactGetItems",
  TransactWrite: "TransactWriteItems",
};

type Input = Record<string, unknown>;

/** The DynamoDB actions and tables of one call; a transaction is checked item by item, as IAM does. */
function dynamoCalls(operation: string, input: Input, context: GuardContext): Call[] {
  const tableArn = (name: string) => `arn:aws:dynamodb:${context.region}:${context.accountId}:table/${name}`;
  const call = (action: string, table: unknown): Call => ({
    action: `dynamodb:${action}`,
    resource: { kind: "table", name: String(table) },
    arn: tableArn(String(table)),
  });
  if (operation === "TransactWriteItems") {
    return ((input.TransactItems ?? []) as Record<string, Input>[]).map((item) => {
      const [kind, request] = Object.entries(item)[0] ?? [];
      const action =
        { Put: "PutItem", Update: "UpdateItem", Delete: "DeleteItem" }[kind ?? ""] ?? "ConditionCheckItem";
      return call(action, request?.TableName);
    });
  }
  if (operation === "TransactGetItems") {
    return ((input.TransactItems ?? []) as { Get?: Input }[]).map((item) =>
      call("GetItem", item.Get?.TableName),
    );
  }
  if (operation === "BatchGetItem" || operation === "BatchWriteItem") {
    return Object.keys((input.RequestItems ?? {}) as Input).map((table) => call(operation, table));
  }
  return [call(operation, input.TableName)];
}

function callsOf(service: string, operation: string, input: Input, context: GuardContext): Call[] {
  switch (service) {
    case "DynamoDB":
      return dynamoCalls(operation, input, context);
    case "SESv2":
      return [{ action: `ses:${operation}`, resource: { kind: "email" }, arn: "arn:aws:ses:*:identity/*" }];
    case "SFN": {
      const arn = String(input.stateMachineArn ?? input.executionArn ?? "");
      const machineArn = input.executionArn
        ? arn.replace(":execution:", ":stateMachine:").split(":").slice(0, 7).join(":")
        : arn;
      const workflow = context.workflowsByArn.get(machineArn) ?? "(unknown)";
      return [
        {
          action: `states:${operation}`,
          resource: { kind: input.executionArn ? "executions" : "stateMachine", workflow },
          arn,
        },
      ];
    }
    case "S3": {
      const bucket = String(input.Bucket ?? "");
      const objectAction = ["GetObject", "PutObject", "DeleteObject", "HeadObject"].includes(operation);
      const action =
        operation === "HeadObject" ? "GetObject" : operation === "ListObjectsV2" ? "ListBucket" : operation;
      return [
        {
          action: `s3:${action}`,
          resource: { kind: objectAction ? "logoObjects" : "logoBucket", name: bucket },
          arn: objectAction ? `arn:aws:s3:::${bucket}/${String(input.Key ?? "")}` : `arn:aws:s3:::${bucket}`,
        },
      ];
    }
    case "Secrets Manager":
      return [
        {
          action: `secretsmanager:${operation}`,
          resource: { kind: "signingKey" },
          arn: String(input.SecretId ?? ""),
        },
      ];
    default:
      return [{ action: `${service}:${operation}`, resource: { kind: "table", name: "(none)" }, arn: "*" }];
  }
}

function allowed(call: Call, context: GuardContext): boolean {
  return context.grants.some((grant) => {
    if (grant.target.kind !== call.resource.kind || !grant.actions.includes(call.action)) return false;
    switch (grant.target.kind) {
      case "table":
        return call.resource.name === context.tableName;
      case "logoObjects":
      case "logoBucket":
        return call.resource.name === context.logoBucket;
      case "stateMachine":
      case "executions":
        return call.resource.workflow === grant.target.workflow;
      default:
        return true;
    }
  });
}

/** The error IAM answers, as the SDK surfaces it. */
export class AccessDeniedException extends Error {
  override readonly name = "AccessDeniedException";
  readonly $fault = "client";
  readonly $metadata = { httpStatusCode: 400 };
  constructor(functionName: string, call: Call) {
    super(
      `User: arn:aws:sts::000000000000:assumed-role/${functionName}-role/${functionName} is not authorized to perform: ` +
        `${call.action} on resource: ${call.arn} because no identity-based policy allows the ${call.action} action`,
    );
  }
}

interface SdkClient {
  config?: { serviceId?: string };
}
interface SdkCommand {
  input?: Input;
  clientCommand?: SdkCommand;
}

/**
 * Wraps `Client.prototype.send`: every service client of the AWS SDK extends this one class, of
 * which a function's bundle holds one copy.
 */
export function installAccessGuard(context: GuardContext): void {
  const prototype = Client.prototype as unknown as { send: (...args: unknown[]) => unknown };
  const send = prototype.send;
  prototype.send = function guardedSend(this: SdkClient, ...args: unknown[]) {
    const [command, ...rest] = args as [SdkCommand, ...unknown[]];
    const service = this.config?.serviceId ?? "unknown";
    const named = (command.clientCommand ?? command).constructor.name.replace(/Command$/, "");
    const operation = service === "DynamoDB" ? (documentCommands[named] ?? named) : named;
    const input = (command.clientCommand ?? command).input ?? {};
    for (const call of callsOf(service, operation, input, context)) {
      if (!allowed(call, context))
        return Promise.reject(new AccessDeniedException(context.functionName, call));
    }
    return send.call(this, command, ...rest);
  };
}
