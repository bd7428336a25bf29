import type { PromptSet } from "./prompt-set-types";

const p = (category: string, prompts: string[]) => prompts.map((prompt) => ({ prompt, category }));

/** Ships with the app: prompts that separate image models, four per category. */
export const STARTER_SET: PromptSet = {
  id: "starter",
  name: "Starter set",
  builtIn: true,
  prompts: [
    ...p("typography", [
      'A neon sign on a brick wall that says "OPEN LATE"',
      'A vintage travel poster for Lisbon with the title "LISBOA" in bold Art Deco letters',
      'A hand-lettered chalkboard café menu listing "Espresso 2.50" and "Croissant 3.00"',
      'A book cover titled "The Quiet Orbit" with a minimalist planet illustration',
    ]),
    ...p("product shots", [
      "A matte black wireless earbud case on wet slate, studio softbox lighting, macro",
      "A glass perfume bottle with amber liquid on a marble plinth, caustic light, white background",
      "A pair of white running shoes floating mid-air against a pastel gradient, commercial photo",
      "A ceramic coffee mug with steam rising, morning window light, shallow depth of field",
    ]),
    ...p("photorealism", [
      "Portrait of an elderly fisherman with weathered skin, golden hour, 85mm lens",
      "A rainy Tokyo street at night with reflections of signs on the asphalt",
      "A red fox in fresh snow, early morning, telephoto wildlife photograph",
      "An overhead shot of a farmers' market table piled with heirloom tomatoes",
    ]),
    ...p("illustration", [
      "A cozy treehouse library in watercolor, warm lantern light, storybook style",
      "A flat vector illustration of a city skyline at sunset with geometric clouds",
      "An ink drawing of a dragon coiled around a lighthouse, cross-hatching",
      "A children's book illustration of a turtle delivering mail through a forest",
    ]),
    ...p("composition", [
      "Three red apples on the left and two green pears on the right of a wooden table",
      "A cat sitting under a blue umbrella next to a yellow bicycle, a dog behind the bicycle",
      "Five hot air balloons in a row, each a different colour, over a canyon",
      "A chessboard mid-game with a white knight in the exact centre, photographed from above",
    ]),
    ...p("hands and faces", [
      "Close-up of two hands playing a cello, visible fingers on the strings",
      "A woman laughing while holding a cup with both hands, candid street photo",
      "A group of four friends taking a selfie on a mountain summit",
      "A chef's hands kneading dough on a floured counter, top-down",
    ]),
  ],
};
