/**
 * Builds something once per cold start and hands the same promise to every invocation of this Lambda
 * instance. A failed build (a secret not filled in yet, a network blip) is tried again on the next
 * invocation instead of failing the instance for good.
 */
export function oncePerColdStart<T>(build: () => Promise<T>): () => Promise<T> {
  let ready: Promise<T> | undefined;
  return () => {
    ready ??= build().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };
}
