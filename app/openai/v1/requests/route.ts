import { onlyMethods } from "@/lib/api/fallback-routes";

export const dynamic = "force-dynamic";
export { requestsRoute as GET } from "@/lib/api/routes/usage";
export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
