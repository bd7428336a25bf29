export const dynamic = "force-dynamic";
export { leaderboardRoute as GET } from "@/lib/api/routes/arena";
