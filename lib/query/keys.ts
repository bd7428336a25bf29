/** Query keys in one place so hooks and invalidations agree on their shape. */
export const queryKeys = {
  estimate: (body: Record<string, unknown>) => ["estimate", body] as const,
};
