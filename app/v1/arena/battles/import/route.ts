export const dynamic = "force-dynamic";
export { importRoute as POST } from "@/lib/api/routes/arena";
