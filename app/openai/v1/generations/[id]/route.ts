export const dynamic = "force-dynamic";
export { getGenerationRoute as GET } from "@/lib/api/routes/generations";
