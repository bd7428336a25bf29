import { onlyMethods } from "@/lib/api/fallback-routes";

export const dynamic = "force-dynamic";
export { listModelsRoute as GET } from "@/lib/api/routes/models";
export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
