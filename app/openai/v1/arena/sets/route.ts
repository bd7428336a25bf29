export const dynamic = "force-dynamic";
export { listSetsRoute as GET, createSetRoute as POST } from "@/lib/api/routes/arena";
