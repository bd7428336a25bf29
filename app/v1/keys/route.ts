import { onlyMethods } from "@/lib/api/fallback-routes";

export const dynamic = "force-dynamic";
export { listKeysRoute as GET, createKeyRoute as POST } from "@/lib/api/routes/keys";
export const { PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET", "POST");
