/**
 * Keyset pagination cursors: the sort value and `_id` of the last item, opaque to clients.
 * A page after the cursor is "sort value beyond it, or equal with a greater _id", so pages
 * never skip or repeat an item even when new items arrive.
 */
export interface CursorPosition {
  value: string | number;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.id])).toString('base64url');
}

/** Returns null for a cursor this server did not make. */
export function decodeCursor(cursor: string): CursorPosition | null {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded) || decoded.length !== 2) return null;
    const [value, id] = decoded;
    if ((typeof value !== 'string' && typeof value !== 'number') || typeof id !== 'string')
      return null;
    return { value, id };
  } catch {
    return null;
  }
}
