export const dynamic = "force-dynamic";
export { voteRoute as POST } from "@/lib/api/routes/arena";
