import { isConditionalCheckFailed } from "#shared/entity/writes";

/** For writes whose failed condition means "already done": swallows that, rethrows the rest. */
export const unlessConditionFailed = (error: unknown): false => {
  if (isConditionalCheckFailed(error)) return false;
  throw error;
};
