export const dynamic = "force-dynamic";
export { healthRoute as GET } from "@/lib/api/routes/health";
