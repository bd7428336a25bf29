import { SIMULATOR_PROVIDER } from "@/lib/catalog";

/** Whether a provider id is the built-in simulator (its images are placeholders, never billed). */
export const isSimulated = (provider: string): boolean => provider === SIMULATOR_PROVIDER;
