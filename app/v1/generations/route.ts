export const dynamic = "force-dynamic";
export { listGenerationsRoute as GET } from "@/lib/api/routes/generations";
