// Setting an object's members as JSON.parse sets them, for readers that assemble a value
// from pieces parsed apart (incremental-json.ts).

/** Sets a member as JSON.parse does: an own data property, even for `__proto__`. */
export function setMember(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

export function assignMembers(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const key of Object.keys(source)) setMember(target, key, source[key]);
}
