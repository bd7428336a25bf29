/** Something the caller asked for that was changed, emulated or dropped: always reported, never silent. */
export interface Warning {
  type: "unsupported" | "adjusted" | "emulated" | "lifecycle" | "other";
  param?: string;
  message: string;
}
