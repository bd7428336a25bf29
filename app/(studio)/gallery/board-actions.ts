"use server";
import { requireViewer } from "@/lib/auth/session";
import { z } from "zod";
import type { ActionError, ActionResult } from "@/lib/query/action-result";
import { logger } from "@/lib/server/logger";
import { visibleGenerationIds } from "@/lib/services/gallery";
import { addToBoard, BoardNameTakenError, createBoard, deleteBoard, removeFromBoard, type Board } from "@/lib/services/boards";

const boardId = z.string().regex(/^brd_[0-9a-z]{26}$/, "not a board id");
const ids = z.array(z.string().regex(/^gen_[0-9a-z]{26}$/, "not a generation id")).min(1).max(500);
const createSchema = z.object({ name: z.string().trim().min(1, "Give the board a name").max(80, "At most 80 characters") });
const itemsSchema = z.object({ boardId, generationIds: ids });
const deleteSchema = z.object({ id: boardId });

const invalid = (error: z.ZodError, param: string): { error: ActionError } => ({
  error: { message: error.issues[0]?.message ?? "Invalid input", param, code: "invalid_input" },
});

function unexpected(error: unknown, what: string): { error: ActionError } {
  logger().error({ err: error }, `board ${what} failed`);
  return { error: { message: "The board could not be changed. Try again.", param: null, code: "internal_error" } };
}

export async function createBoardAction(input: unknown): Promise<ActionResult<Board>> {
  await requireViewer();
  const parsed = createSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "name");
  try {
    return { data: await createBoard(parsed.data) };
  } catch (error) {
    if (error instanceof BoardNameTakenError) return { error: { message: `A board named “${parsed.data.name}” exists`, param: "name", code: "board_exists" } };
    return unexpected(error, "create");
  }
}

export async function addToBoardAction(input: unknown): Promise<ActionResult<{ added: number }>> {
  const viewer = await requireViewer();
  const parsed = itemsSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "generationIds");
  try {
    const generationIds = await visibleGenerationIds(parsed.data.generationIds, viewer);
    return { data: { added: generationIds.length ? await addToBoard({ ...parsed.data, generationIds }) : 0 } };
  } catch (error) {
    return unexpected(error, "add");
  }
}

export async function removeFromBoardAction(input: unknown): Promise<ActionResult<{ removed: number }>> {
  const viewer = await requireViewer();
  const parsed = itemsSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "generationIds");
  try {
    const generationIds = await visibleGenerationIds(parsed.data.generationIds, viewer);
    return { data: { removed: generationIds.length ? await removeFromBoard({ ...parsed.data, generationIds }) : 0 } };
  } catch (error) {
    return unexpected(error, "remove");
  }
}

export async function deleteBoardAction(input: unknown): Promise<ActionResult<{ deleted: boolean }>> {
  await requireViewer();
  const parsed = deleteSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, "id");
  try {
    return { data: { deleted: await deleteBoard(parsed.data) } };
  } catch (error) {
    return unexpected(error, "delete");
  }
}
