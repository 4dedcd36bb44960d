/**
 * Operators' lists of stuck work, the same as `GET /v1/operator/stuck-work` gives
 * (shared/operations/stuck-work.ts), and the resume of a failed deletion, the same as
 * `POST /v1/operator/organizations/{orgId}/deletion/resume`:
 *   npm run stuck-work                                     the four lists, a page of each
 *   npm run stuck-work -- --kind removals --older-than 30  one list; removals without progress for 30 min
 *   npm run stuck-work -- --kind deletions --cursor <c>    its next page
 *   npm run stuck-work -- --resume <orgId>                 resume a failed deletion as its owner would
 *   npm run stuck-work -- --resend <mailId>                send a failed mail again
 *   npm run stuck-work -- --json                           the pages as JSON
 * It talks to the running local system (`npm start` in another terminal) through its DynamoDB
 * and Step Functions endpoints, found as scripts/local-system.ts says, as `npm run reconcile` does.
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { connectLocalSystem } from "./local-system.ts";

const usage =
  "usage: npm run stuck-work -- [--kind deletions|terminations|removals|mails] [--older-than <minutes>] [--limit <n>] [--cursor <cursor>] [--json] | --resume <orgId> | --resend <mailId>";

const parse = () =>
  parseArgs({
    options: {
      kind: { type: "string" },
      "older-than": { type: "string" },
      limit: { type: "string" },
      cursor: { type: "string" },
      resume: { type: "string" },
      resend: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  }).values;
let options: ReturnType<typeof parse>;
try {
  options = parse();
} catch (error) {
  console.error(`stuck-work: ${(error as Error).message}\n${usage}`);
  process.exit(2);
}
if (options.help) {
  console.log(usage);
  process.exit(0);
}

const { stateMachineArns } = await connectLocalSystem("stuck-work", ["dynamodb", "stepfunctions"]);
// The functions find the state machines in WORKFLOW_ARNS; here, by asking the service.
process.env.WORKFLOW_ARNS = JSON.stringify(stateMachineArns);

// Imported only now: the clients read the endpoints from the environment set above.
const { isDomainError } = await import("#shared/errors");
const { listStuckWork, stuckWorkKinds } = await import("#shared/operations/stuck-work");
type Kind = (typeof stuckWorkKinds)[number];
type StuckWorkPage = Awaited<ReturnType<typeof listStuckWork>>;

const wholeNumber = (name: string, value: string | undefined, least: number) => {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < least) {
    console.error(`stuck-work: --${name} takes a whole number from ${least}, not "${value}"\n${usage}`);
    process.exit(2);
  }
  return number;
};

const time = (iso: string | undefined) => (iso ? iso.replace("T", " ").slice(0, 19) : "-");

type Item = StuckWorkPage["items"][number];
type WorkflowItem = Exclude<Item, { kind: "mail" }>;

const subject = (item: WorkflowItem) =>
  item.kind === "deletion"
    ? `organization ${item.orgId} "${item.organizationName ?? ""}" (${item.requestedThrough})`
    : item.kind === "termination"
      ? `product ${item.productId} of ${item.orgId}`
      : `removal ${item.removalId} of member ${item.userId} in ${item.orgId}`;

function print(page: StuckWorkPage) {
  const what = {
    deletions: "organization deletions that failed",
    terminations: "product terminations that failed",
    removals: "member removals still running",
    mails: "mails that could not be sent",
  }[page.kind];
  console.log(
    `${page.kind}: ${what}, no change for ${page.olderThanMinutes} min or more (${page.items.length} on this page)`,
  );
  for (const item of page.items) {
    if (item.kind === "mail") {
      console.log(
        `  ${time(item.updatedAt)}  mail ${item.mailId} (${item.template}) to ${item.recipients.join(", ")}`,
      );
      if (item.failure) console.log(`      ${item.failure.code}: ${item.failure.message}`);
      console.log(`      send it again: npm run stuck-work -- --resend ${item.mailId}`);
      continue;
    }
    console.log(`  ${time(item.updatedAt)}  ${subject(item)}  ${item.status}, attempt ${item.attempt ?? 1}`);
    if (item.failure) console.log(`      failed at ${item.failure.step}: ${item.failure.reason}`);
    else if (item.step) console.log(`      at step ${item.step}`);
    console.log(`      execution ${item.executionStatus}  ${item.executionArn ?? "(none recorded)"}`);
  }
  if (page.nextCursor) {
    console.log(
      `  more: npm run stuck-work -- --kind ${page.kind} --older-than ${page.olderThanMinutes} --cursor ${page.nextCursor}`,
    );
  }
}

try {
  if (options.resend !== undefined) {
    const { resendMail } = await import("#shared/mail/reconcile");
    const resent = await resendMail(options.resend);
    if (options.json) console.log(JSON.stringify(resent));
    else console.log(`mail ${resent.mailId} is pending again: the mailer sends it now`);
  } else if (options.resume !== undefined) {
    const { resumeDeletion } = await import("#shared/operations/resume-deletion");
    const view = await resumeDeletion(options.resume, { requestId: `npm-run-stuck-work-${randomUUID()}` });
    if (options.json) console.log(JSON.stringify(view));
    else {
      console.log(`deletion of ${view.orgId} resumed: attempt ${view.attempt}, ${view.status}`);
      for (const step of view.steps) console.log(`  ${step.name.padEnd(20)} ${step.status}`);
      console.log("watch it: npm run stuck-work -- --kind deletions, or npm run executions");
    }
  } else {
    if (options.kind !== undefined && !stuckWorkKinds.includes(options.kind as Kind)) {
      console.error(`stuck-work: --kind is one of ${stuckWorkKinds.join(", ")}\n${usage}`);
      process.exit(2);
    }
    if (options.cursor !== undefined && options.kind === undefined) {
      console.error(`stuck-work: a --cursor continues one list: give its --kind\n${usage}`);
      process.exit(2);
    }
    const kinds = options.kind ? [options.kind as Kind] : [...stuckWorkKinds];
    const pages: StuckWorkPage[] = [];
    for (const kind of kinds) {
      pages.push(
        await listStuckWork({
          kind,
          olderThanMinutes: wholeNumber("older-than", options["older-than"], 0),
          limit: wholeNumber("limit", options.limit, 1),
          cursor: options.cursor,
        }),
      );
    }
    if (options.json) console.log(JSON.stringify(pages.length === 1 ? pages[0] : pages));
    else for (const page of pages) print(page);
  }
} catch (error) {
  if (isDomainError(error)) {
    console.error(`stuck-work: ${error.status} ${error.code}: ${error.message}`);
    process.exit(1);
  }
  console.error(`stuck-work: ${(error as Error).message}`);
  process.exit(1);
}
