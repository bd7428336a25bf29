export const dynamic = "force-dynamic";
export { createBattleRoute as POST } from "@/lib/api/routes/arena";
