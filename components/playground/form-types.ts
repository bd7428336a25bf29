import type { ParamHandling } from "./catalog";
import type { PlaygroundForm } from "./form-state";

export type UpdateForm = (patch: Partial<PlaygroundForm>) => void;

/** What every field group needs: the form, a way to change it, its inline errors, and the serving provider's badges. */
export interface FieldGroupProps {
  form: PlaygroundForm;
  update: UpdateForm;
  errorFor: (param: string) => string | null;
  handlingOf: (param: string) => ParamHandling | undefined;
  providerName: string;
}
