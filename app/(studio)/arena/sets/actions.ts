"use server";
import { requireViewer } from "@/lib/auth/session";
import { redirect } from "next/navigation";
import { z } from "zod";
import { createPromptSet } from "@/lib/arena/prompt-sets";

const setForm = z.object({
  name: z.string().trim().min(1).max(200),
  category: z.string().trim().min(1).max(100),
  prompts: z.string().max(200_000),
});

/** The sets page's form: one prompt per line, all in the set's category. */
export async function createSetAction(form: FormData): Promise<void> {
  await requireViewer();
  const parsed = setForm.safeParse({ name: form.get("name"), category: form.get("category"), prompts: form.get("prompts") });
  if (!parsed.success) redirect(`/arena/sets?error=${encodeURIComponent(parsed.error.issues[0]!.path.join(".") + ": " + parsed.error.issues[0]!.message)}`);
  const prompts = parsed.data.prompts.split(/\r?\n/).map((p) => p.trim()).filter(Boolean);
  if (prompts.length === 0) redirect("/arena/sets?error=Write%20at%20least%20one%20prompt");
  const set = await createPromptSet({ name: parsed.data.name, category: parsed.data.category, prompts });
  redirect(`/arena/sets#${set.id}`);
}
