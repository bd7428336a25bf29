/** What the studio's server actions return instead of throwing: errors the form can place next to a field. */
export interface ActionError {
  message: string;
  /** The request field at fault (`prompt`, `size`…), when there is one. */
  param: string | null;
  code: string | null;
  /** The Generation record a failed generation left behind, for the gallery. */
  generationId?: string;
}

export type ActionResult<T> = { data: T; error?: undefined } | { data?: undefined; error: ActionError };
