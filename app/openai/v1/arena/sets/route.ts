import { onlyMethods } from "@/lib/api/fallback-routes";

export const dynamic = "force-dynamic";
export { listSetsRoute as GET, createSetRoute as POST } from "@/lib/api/routes/arena";
export const { PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET", "POST");
