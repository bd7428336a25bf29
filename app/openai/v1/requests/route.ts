export const dynamic = "force-dynamic";
export { requestsRoute as GET } from "@/lib/api/routes/usage";
