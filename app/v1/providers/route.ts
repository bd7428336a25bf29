export const dynamic = "force-dynamic";
export { listProvidersRoute as GET } from "@/lib/api/routes/providers";
