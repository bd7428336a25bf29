import { onlyMethods } from "@/lib/api/fallback-routes";

export const dynamic = "force-dynamic";
export { metricsRoute as GET } from "@/lib/api/routes/metrics";
export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
