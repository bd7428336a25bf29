import { onlyMethods } from "@/lib/api/fallback-routes";

export const dynamic = "force-dynamic";
export { revokeKeyRoute as DELETE } from "@/lib/api/routes/keys";
export const { GET, POST, PUT, PATCH, OPTIONS } = onlyMethods("DELETE");
