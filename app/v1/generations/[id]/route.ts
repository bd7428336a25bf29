import { onlyMethods } from "@/lib/api/fallback-routes";

export const dynamic = "force-dynamic";
export { getGenerationRoute as GET } from "@/lib/api/routes/generations";
export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
