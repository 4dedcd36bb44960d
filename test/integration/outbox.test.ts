import { afterEach, describe, expect, it } from "vitest";
import { signUp, strongPassword, uniqueEmail } from "#test/support/accounts";
import { asOperator } from "#test/support/billing";
import { call, eventually, mailsTo, useLocalRuntime } from "#test/support/runtime";

/**
 * Mail through the transactional outbox (shared/mail/outbox.ts): a change writes its mail in its
 * own transaction and answers; the table's stream brings the item to the mailer, which sends it
 * through SES and marks it. SES refusing (throttled, or the account in its sandbox) never turns
 * a committed change into an error, nothing is sent for a refused change, and what SES refused
 * is kept, listed for operators and sent again.
 */
const local = useLocalRuntime();

afterEach(() => {
  local.runtime.refuseMail(undefined);
});

/**
 * The keys (pk) of the items a request wrote, from the local DynamoDB's notice of each write, and
 * the outbox items it created: the mailer marks earlier items meanwhile, which are not its doing.
 */
async function written<T>(
  request: () => Promise<T>,
): Promise<{ result: T; keys: string[]; mailIds: string[] }> {
  const keys: string[] = [];
  const since = new Date().toISOString();
  const stop = local.runtime.onTableWrite((write) => keys.push(String(write.key.pk?.S)));
  try {
    const result = await request();
    const touched = [
      ...new Set(keys.filter((key) => key.startsWith("OUTBOX#")).map((key) => key.slice("OUTBOX#".length))),
    ];
    const items = await Promise.all(touched.map(outboxItem));
    const mailIds = touched.filter((_, index) => (items[index]?.createdAt ?? "") >= since);
    return { result, keys: keys.filter((key) => !key.startsWith("OUTBOX#")), mailIds };
  } finally {
    stop();
  }
}

const outboxItem = async (mailId: string) => {
  const { getItem } = await import("#shared/entity/reads");
  const { OutboxMail } = await import("#shared/mail/outbox");
  return getItem(OutboxMail, { mailId }, { consistent: true });
};

/** Runs the reconciler as its schedule would a while later: past every lease and retry delay. */
const reconcileLater = async (minutes = 30) => {
  const { reconcile } = await import("#shared/reconciler");
  return reconcile({ now: Math.floor(Date.now() / 1000) + minutes * 60 });
};

const signUpBody = (loginEmail: string) => ({
  firstName: "Ada",
  lastName: "Outbox",
  loginEmail,
  recoveryEmail: uniqueEmail("recovery"),
  password: strongPassword,
  organization: {
    type: "individual",
    postalAddress: { line1: "Rue du Lac 1", postalCode: "1200", city: "Genève", country: "CH" },
  },
});

describe("mail through the outbox", () => {
  it("answers each change's success while SES refuses every send, and sends its mails once SES accepts again", async () => {
    const owner = await signUp(local.api);
    local.runtime.refuseMail("throttling");
    const newcomer = uniqueEmail("newcomer");
    const invitee = uniqueEmail("invitee");
    const changes = await written(async () => [
      await call(local.api, "POST", "/v1/accounts", { body: signUpBody(newcomer) }),
      await call(local.api, "POST", "/v1/password-resets", { body: { email: owner.loginEmail } }),
      await call(local.api, "POST", `/v1/organizations/${owner.orgId}/invitations`, {
        token: owner.token,
        body: { email: invitee, role: "user", billingRights: false },
      }),
    ]);
    expect(changes.result.map((answer) => answer.status)).toEqual([201, 202, 201]);
    const mailIds = changes.mailIds;
    expect(mailIds).toHaveLength(3);
    // SES refused them: nothing went, each item kept with the reason, none lost.
    await local.runtime.streamsIdle(30_000);
    for (const mailId of mailIds) {
      const item = await outboxItem(mailId);
      expect(item?.status).not.toBe("sent");
      expect(item?.failure).toMatchObject({ code: "SES_UNAVAILABLE", retryable: true });
    }
    expect(await mailsTo(local.runtime, newcomer)).toEqual([]);

    local.runtime.refuseMail(undefined);
    const reconciled = await reconcileLater();
    expect(reconciled.mails.requeued).toBeGreaterThanOrEqual(mailIds.length);
    await eventually(
      async () => {
        const items = await Promise.all(mailIds.map(outboxItem));
        return items.every((item) => item?.status === "sent") ? true : undefined;
      },
      20_000,
      "the refused mails to be sent",
    );
    // Each once: the welcome, the reset's two links, the invitation.
    expect((await mailsTo(local.runtime, newcomer)).map((mail) => mail.subject)).toHaveLength(1);
    expect(await mailsTo(local.runtime, owner.loginEmail)).toHaveLength(2); // welcome and one reset link
    expect(await mailsTo(local.runtime, owner.recoveryEmail)).toHaveLength(1);
    expect(await mailsTo(local.runtime, invitee)).toHaveLength(1);
  }, 90_000);

  it("keeps a mail the SES sandbox refused as SES_SANDBOX, lists it for operators, and sends it again when asked", async () => {
    local.runtime.refuseMail("sandbox");
    const address = uniqueEmail("sandboxed");
    const { result, mailIds } = await written(() =>
      call(local.api, "POST", "/v1/accounts", { body: signUpBody(address) }),
    );
    expect(result.status).toBe(201);
    const [mailId] = mailIds;
    if (!mailId) throw new Error("no outbox item written");
    const failed = await eventually(async () => {
      const item = await outboxItem(mailId);
      return item?.status === "failed" ? item : undefined;
    });
    // Refused for good: no retry, the reason named.
    expect(failed.failure).toMatchObject({ code: "SES_SANDBOX", retryable: false });
    expect(failed.failure?.message).toMatch(/SES sandbox: Email address is not verified/);
    expect(failed.attempts).toBe(1);

    const listed = await asOperator(local, "GET", "/v1/operator/stuck-work?kind=mails&limit=100");
    expect(listed.status).toBe(200);
    const items = (listed.body as unknown as { items: { mailId: string; recipients: string[] }[] }).items;
    expect(items.find((item) => item.mailId === mailId)).toMatchObject({
      kind: "mail",
      template: "welcome",
      recipients: [address],
      failure: { code: "SES_SANDBOX", retryable: false },
    });
    // The reconciler leaves it to the operators.
    await reconcileLater();
    expect((await outboxItem(mailId))?.status).toBe("failed");

    local.runtime.refuseMail(undefined);
    const resent = await asOperator(local, "POST", `/v1/operator/mails/${mailId}/resend`, {});
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ mailId, status: "pending" });
    await eventually(async () => ((await outboxItem(mailId))?.status === "sent" ? true : undefined));
    expect(await mailsTo(local.runtime, address)).toHaveLength(1);
    const again = await asOperator(local, "POST", `/v1/operator/mails/${mailId}/resend`, {});
    expect(again).toMatchObject({ status: 409, body: { code: "MAIL_NOT_FAILED" } });
    expect((await asOperator(local, "POST", "/v1/operator/mails/no-such-mail/resend", {})).status).toBe(404);
  }, 60_000);

  it("sends nothing for a refused change: no outbox item, no mail", async () => {
    const owner = await signUp(local.api);
    const { result, mailIds } = await written(() =>
      call(local.api, "POST", "/v1/accounts", { body: signUpBody(owner.loginEmail) }),
    );
    expect(result.status).toBe(409);
    expect(mailIds).toEqual([]);
    expect(await mailsTo(local.runtime, owner.loginEmail)).toHaveLength(1); // the first welcome only
  });

  it("sends an item once though its record comes twice, and keeps no token once sent", async () => {
    const owner = await signUp(local.api);
    const { mailIds } = await written(() =>
      call(local.api, "POST", "/v1/me/login-email-changes", {
        token: owner.token,
        body: { newLoginEmail: uniqueEmail("new-login"), password: strongPassword },
      }),
    );
    const [mailId] = mailIds;
    if (!mailId) throw new Error("no outbox item written");
    await eventually(async () => ((await outboxItem(mailId))?.status === "sent" ? true : undefined));
    const { sendOutboxMail } = await import("#shared/mail/send");
    // The same item delivered again, twice at once: each finds it sent, SES is not asked.
    expect(await Promise.all([sendOutboxMail(mailId), sendOutboxMail(mailId)])).toEqual([
      "skipped",
      "skipped",
    ]);
    const sent = await outboxItem(mailId);
    expect(sent?.messages.every((message) => message.data === undefined && message.messageId)).toBe(true);
    expect(JSON.stringify(sent)).not.toMatch(/token/i);
    expect(sent?.expiresAt).toBeGreaterThan(Date.now() / 1000);
  });

  it("R-A8 writes one outbox item for a reset whether or not an account has the address", async () => {
    const owner = await signUp(local.api);
    const known = await written(() =>
      call(local.api, "POST", "/v1/password-resets", { body: { email: owner.loginEmail } }),
    );
    const unknown = await written(() =>
      call(local.api, "POST", "/v1/password-resets", { body: { email: uniqueEmail("nobody") } }),
    );
    expect(known.result.status).toBe(202);
    expect(unknown.result.status).toBe(202);
    expect(known.mailIds).toHaveLength(1);
    expect(unknown.mailIds).toHaveLength(1);
    // The same writes, but for the keys' names: the reset or its record, its audit entry (the outbox item above).
    expect(known.keys.length).toBe(unknown.keys.length);
  });
});
