/** The JSON of a body (undefined when empty or not JSON) and its text (cut to 4 KB when it is large and parsed). */
export function decodeResponseBody(bytes: Buffer, status: number): { json: unknown; text: string };
