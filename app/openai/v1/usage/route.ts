export const dynamic = "force-dynamic";
export { usageRoute as GET } from "@/lib/api/routes/usage";
