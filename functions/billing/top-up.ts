import { topUpRoute } from "#functions/billing/routes";
import { assertOrganizationActive, authorize, needs } from "#shared/authorization";
import { ledgerEntryView, readPrepaidAccount, topUp } from "#shared/billing/prepaid";
import { requireSession } from "#shared/http";
import { freshSessionHandler } from "#shared/http-fresh-session";
import { idempotent } from "#shared/idempotency";

export const handler = freshSessionHandler(
  topUpRoute,
  idempotent(topUpRoute, async (request, { operationId }) => {
    const { userId } = requireSession(request);
    const { orgId } = request.params as { orgId: string };
    await authorize(userId, orgId, needs.billing);
    const organization = await assertOrganizationActive(orgId);
    const entry = await topUp({
      orgId,
      entryId: operationId,
      amount: request.body.amount,
      currency: organization.currency,
      actorUserId: userId,
      origin: request,
    });
    const account = await readPrepaidAccount(orgId);
    return {
      status: 201,
      body: {
        topUp: ledgerEntryView(entry),
        prepaidAccount: {
          balance: account?.balance ?? 0,
          currency: account?.currency ?? organization.currency,
        },
      },
    };
  }),
);
