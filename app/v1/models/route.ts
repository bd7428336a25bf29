export const dynamic = "force-dynamic";
export { listModelsRoute as GET } from "@/lib/api/routes/models";
