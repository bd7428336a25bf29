import { onlyMethods } from "@/lib/api/fallback-routes";

export const dynamic = "force-dynamic";
export { createBattleRoute as POST } from "@/lib/api/routes/arena";
export const { GET, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("POST");
