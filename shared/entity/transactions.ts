import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo } from "#shared/db";
import { conflictAnswer, withConflictRetry } from "#shared/entity/conflicts";
import type { WriteAction } from "#shared/entity/writes";

/** DynamoDB's limit of actions in one transaction. */
export const maxTransactionActions = 100;

/**
 * Sends the actions as one TransactWriteItems (all or nothing), again while it meets transaction
 * conflicts (see withConflictRetry). When a condition fails, the first failed action's `fails`
 * error is thrown; a failed condition without one, or a cancellation for another reason, is a
 * 409 CONFLICT (a concurrent change won).
 */
export async function transact(actions: readonly (WriteAction | false | undefined)[]): Promise<void> {
  const sent = actions.filter((action): action is WriteAction => Boolean(action));
  if (sent.length > maxTransactionActions)
    throw new Error(`a transaction takes at most ${maxTransactionActions} actions, got ${sent.length}`);
  if (!sent.length) return;
  try {
    await withConflictRetry(() =>
      dynamo.send(
        new TransactWriteCommand({
          TransactItems: sent.map(({ fails: _fails, ...request }) => request as never),
        }),
      ),
    );
  } catch (error) {
    const reasons = (error as { name?: string; CancellationReasons?: { Code?: string }[] })
      .CancellationReasons;
    if ((error as { name?: string }).name !== "TransactionCanceledException" || !reasons) throw error;
    const failed = reasons.findIndex((reason) => reason?.Code === "ConditionalCheckFailed");
    const domainError = failed >= 0 ? sent[failed]?.fails : undefined;
    throw domainError ? domainError() : conflictAnswer();
  }
}
