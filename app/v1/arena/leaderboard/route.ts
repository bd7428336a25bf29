import { onlyMethods } from "@/lib/api/fallback-routes";

export const dynamic = "force-dynamic";
export { leaderboardRoute as GET } from "@/lib/api/routes/arena";
export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyMethods("GET");
