// A JSON value type and narrow readers for it. The fixture registry reads recorded
// documents whose shape it trusts only as far as it checks: a reader that finds
// something else throws with the path, so a changed fixture fails loudly at start-up
// instead of producing a quietly wrong derived case.

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJsonObject(text: string, where: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`${where}: not JSON (${detail})`);
  }
  if (!isJsonObject(value)) throw new Error(`${where}: expected a JSON object`);
  return value;
}

export function readObject(parent: JsonObject, key: string, where: string): JsonObject {
  const value = parent[key];
  if (!isJsonObject(value)) throw new Error(`${where}.${key}: expected an object`);
  return value;
}

export function readString(parent: JsonObject, key: string, where: string): string {
  const value = parent[key];
  if (typeof value !== 'string') throw new Error(`${where}.${key}: expected a string`);
  return value;
}

export function readArray(parent: JsonObject, key: string, where: string): JsonValue[] {
  const value = parent[key];
  if (!Array.isArray(value)) throw new Error(`${where}.${key}: expected an array`);
  return value;
}

/** The first element of `parent[key]`, which must be an object. */
export function readFirstObject(parent: JsonObject, key: string, where: string): JsonObject {
  const first = readArray(parent, key, where)[0];
  if (!isJsonObject(first)) throw new Error(`${where}.${key}[0]: expected an object`);
  return first;
}

export function cloneJson<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}
