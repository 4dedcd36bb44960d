import { withdrawRoute } from "#functions/billing/routes";
import { assertOrganizationActive } from "#shared/authorization";
import { authorizeAll, withdrawalNeeds } from "#shared/billing/access";
import { withdraw, withdrawalView } from "#shared/billing/withdrawals";
import { requireSession } from "#shared/http";
import { freshSessionHandler } from "#shared/http-fresh-session";
import { idempotent } from "#shared/idempotency";

export const handler = freshSessionHandler(
  withdrawRoute,
  idempotent(withdrawRoute, async (request, { operationId }) => {
    const { userId } = requireSession(request);
    const { orgId } = request.params as { orgId: string };
    await authorizeAll(userId, orgId, ...withdrawalNeeds);
    await assertOrganizationActive(orgId);
    const withdrawal = await withdraw({
      orgId,
      withdrawalId: operationId,
      amount: request.body.amount,
      iban: request.body.iban,
      actorUserId: userId,
      origin: request,
    });
    return { status: 202, body: { withdrawal: withdrawalView(withdrawal) } };
  }),
);
