import { retryPayoutRoute } from "#functions/billing/routes";
import { authorizeAll, withdrawalNeeds } from "#shared/billing/access";
import { payOutWithdrawal, payoutFailed, readWithdrawal, withdrawalView } from "#shared/billing/withdrawals";
import { errors } from "#shared/errors";
import { requireSession } from "#shared/http";
import { freshSessionHandler } from "#shared/http-fresh-session";
import * as texts from "#shared/i18n/error-texts";
import { idempotent } from "#shared/idempotency";
import { PaymentProviderUnavailable } from "#shared/ports/payments";

/** Idempotent by nature too: the payout's own key is the withdrawal, so it pays out once. */
export const handler = freshSessionHandler(
  retryPayoutRoute,
  idempotent(retryPayoutRoute, async (request) => {
    const { userId } = requireSession(request);
    const { orgId, withdrawalId } = request.params as { orgId: string; withdrawalId: string };
    await authorizeAll(userId, orgId, ...withdrawalNeeds);
    if (!(await readWithdrawal(orgId, withdrawalId))) throw errors.notFound(texts.withdrawalNotFound);
    try {
      const withdrawal = await payOutWithdrawal(orgId, withdrawalId);
      return { status: 202, body: { withdrawal: withdrawalView(withdrawal) } };
    } catch (error) {
      if (!(error instanceof PaymentProviderUnavailable)) throw error;
      throw payoutFailed(
        (await readWithdrawal(orgId, withdrawalId)) as NonNullable<
          Awaited<ReturnType<typeof readWithdrawal>>
        >,
      );
    }
  }),
);
