/**
 * Runs `task` for every item with at most `limit` running at once, and rejects with the first error (the
 * running tasks finish, no new ones start). Keeps imports and bulk loads from flooding DynamoDB or dynalite.
 */
export async function forEachInParallel<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        await task(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
