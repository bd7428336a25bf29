import { onlyMethods } from "@/lib/api/fallback-routes";

export const dynamic = "force-dynamic";
export { importRoute as POST } from "@/lib/api/routes/arena";
export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
