import { createWriteTransaction, type Entity } from "electrodb";
import { commitTransaction } from "#shared/transactions";

/**
 * One action of a write transaction: an ElectroDB write chain (`create`, `patch ... where`,
 * `delete`...) not yet sent, with the domain error its failed condition means.
 */
export interface TransactionStep {
  action: unknown;
  fails?: () => Error;
}

/**
 * ElectroDB's types offer `.commit()` only on the entities its transaction callback hands
 * out; those are the very entities imported here, so any write chain can be committed.
 */
const commit = (chain: unknown): object => (chain as { commit(): object }).commit();

/**
 * Runs steps built from several areas' entities as one TransactWriteItems (at most 100
 * actions), mapping the first failed condition to its step's error (409 CONFLICT otherwise).
 */
export async function transact(
  // biome-ignore lint/suspicious/noExplicitAny: ElectroDB entities of any schema take part.
  entities: Record<string, Entity<any, any, any, any>>,
  steps: readonly TransactionStep[],
): Promise<void> {
  if (steps.length > 100) throw new Error(`a transaction takes at most 100 actions, got ${steps.length}`);
  const reasons: Record<number, () => Error> = {};
  steps.forEach((step, index) => {
    if (step.fails) reasons[index] = step.fails;
  });
  const actions = steps.map((step) => commit(step.action));
  await commitTransaction(
    createWriteTransaction(entities, () => actions as never),
    reasons,
  );
}
