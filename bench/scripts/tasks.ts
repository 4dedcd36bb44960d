import { strongPassword } from "#test/support/accounts";
import { giveData, joinAs } from "#test/support/organizations";
import { call } from "#test/support/runtime";
import { addProduct, requestAndReadLink, terminationInputFor } from "#test/support/termination";
import { expectStatus, type ScriptContext, send } from "../lib/requests.ts";
import { deletionRequest } from "./deletion.ts";

type TaskInput = (context: ScriptContext) => Promise<unknown>;

/** The execution input of a confirmed product termination (every step gets it whole). */
const terminationInput = (context: ScriptContext) =>
  context.once("termination input", async () => {
    const user = await context.user("task terminator");
    const { productId } = await addProduct(user.orgId, { backups: 1 });
    const token = await requestAndReadLink(context.local, user, user.orgId, productId);
    const input = await terminationInputFor(token);
    const confirmed = await send(context.api, {
      method: "POST",
      path: "/v1/terminations/confirm",
      body: { token },
    });
    expectStatus(confirmed, 202, "a termination confirmation");
    return input;
  });

/** The execution input of a member removal with data decisions ({orgId, removalId}). */
const removalInput = (context: ScriptContext) =>
  context.once("removal input", async () => {
    const owner = await context.user("task remover");
    const member = await joinAs(context.local, owner, owner.orgId, { role: "user" });
    await giveData(owner.orgId, member.userId, "drive");
    const started = await call<{ removalId: string }>(
      context.api,
      "POST",
      `/v1/organizations/${owner.orgId}/members/${member.userId}/removals`,
      {
        token: owner.token,
        body: { password: strongPassword, confirm: true, dataDecisions: { drive: { action: "delete" } } },
      },
    );
    return { orgId: owner.orgId, removalId: expectStatus(started, 202, "a member removal").body.removalId };
  });

/** The execution input of an organization deletion: a new account's organization, deleted once. */
const deletionInput = (context: ScriptContext) =>
  context.once("deletion input", async () => {
    const request = await deletionRequest(context);
    const started = await send(context.api, request);
    expectStatus(started, 202, "an organization deletion");
    return { orgId: request.path.split("/")[3], attempt: 1 };
  });

/** What a Catch adds to the input of the step that records a failure. */
const caught = { error: { Error: "TransientError", Cause: "bench: the step failed" } };

/**
 * The input of each workflow task, by handler module, as the state machine passes it (the
 * steps run again on finished executions: they are idempotent). A task without an entry is
 * invoked with `{}`, and figure 2 says so.
 */
export const taskInputs: Record<string, TaskInput> = {
  "functions/termination/tasks/mark-terminating.ts": terminationInput,
  "functions/termination/tasks/deprovision.ts": terminationInput,
  "functions/termination/tasks/schedule-backup-purge.ts": terminationInput,
  "functions/termination/tasks/mark-terminated.ts": terminationInput,
  "functions/termination/tasks/notify-administrators.ts": terminationInput,
  "functions/termination/tasks/record-failure.ts": async (context) => ({
    ...(await terminationInput(context)),
    failedStep: "Deprovision",
    ...caught,
  }),
  "functions/members/tasks/carry-out-decisions.ts": removalInput,
  "functions/members/tasks/remove-membership.ts": removalInput,
  "functions/members/tasks/notify-member.ts": removalInput,
  "functions/members/tasks/complete-removal.ts": removalInput,
  "functions/members/tasks/record-removal-failure.ts": async (context) => ({
    ...(await removalInput(context)),
    ...caught,
  }),
  "functions/deletion/tasks/terminate-products-page.ts": deletionInput,
  "functions/deletion/tasks/remove-members-page.ts": deletionInput,
  "functions/deletion/tasks/settle-invoices.ts": deletionInput,
  "functions/deletion/tasks/refund-balance.ts": deletionInput,
  "functions/deletion/tasks/email-paid-invoices.ts": deletionInput,
  "functions/deletion/tasks/archive-records.ts": deletionInput,
  "functions/deletion/tasks/delete-organization-page.ts": deletionInput,
  "functions/deletion/tasks/send-confirmation.ts": deletionInput,
  "functions/deletion/tasks/record-failure.ts": async (context) => ({
    orgId: ((await deletionInput(context)) as { orgId: string }).orgId,
    ...caught,
  }),
};
