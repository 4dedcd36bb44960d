/** True when a DynamoDB write (through ElectroDB or not) failed its condition expression. */
export function isConditionalCheckFailed(error: unknown): boolean {
  for (let current = error as { name?: string; cause?: unknown } | undefined; current; ) {
    if (current.name === "ConditionalCheckFailedException") return true;
    current = current.cause as typeof current;
  }
  return false;
}

/** For writes whose failed condition means "already done": swallows that, rethrows the rest. */
export const unlessConditionFailed = (error: unknown): false => {
  if (isConditionalCheckFailed(error)) return false;
  throw error;
};
