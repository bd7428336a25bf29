import { onlyMethods } from "@/lib/api/fallback-routes";

export const dynamic = "force-dynamic";
export { healthRoute as GET } from "@/lib/api/routes/health";
export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
