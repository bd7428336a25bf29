import { onlyMethods } from "@/lib/api/fallback-routes";

export const dynamic = "force-dynamic";
export { listProvidersRoute as GET } from "@/lib/api/routes/providers";
export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
