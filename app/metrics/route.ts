export const dynamic = "force-dynamic";
export { metricsRoute as GET } from "@/lib/api/routes/metrics";
