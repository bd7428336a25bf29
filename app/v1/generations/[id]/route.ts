import { onlyMethods } from "@/lib/api/fallback-routes";

export const dynamic = "force-dynamic";
export { getGenerationRoute as GET } from "@/lib/api/routes/generations";
export { deleteGenerationRoute as DELETE } from "@/lib/api/routes/purge";
export const { POST, PUT, PATCH, OPTIONS } = onlyMethods("GET", "DELETE");
