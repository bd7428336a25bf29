export const dynamic = "force-dynamic";
export { battleImageRoute as GET } from "@/lib/api/routes/arena";
