export const dynamic = "force-dynamic";
export { getModelRoute as GET } from "@/lib/api/routes/models";
