import { z } from 'zod';

/** Notifications main pushes to the renderer: changes to refetch, progress of long work. */
export const eventSchemas = {
  'workspace.changed': z.strictObject({
    entity: z.enum([
      'workspace',
      'dataset',
      'ledger',
      'charter',
      'member',
      'access',
      'incident',
      'review',
      // Peers, their transports and the snapshots exchanged with them.
      'peer',
    ]),
    ids: z.array(z.string()).max(1000),
  }),
  'task.progress': z.strictObject({
    taskId: z.string(),
    label: z.string(),
    done: z.number().int().min(0),
    total: z.number().int().min(0),
  }),
};

export type EventSchemas = typeof eventSchemas;
export type EventName = keyof EventSchemas;
export type EventPayload<E extends EventName> = z.output<EventSchemas[E]>;
export type AppEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(eventSchemas, value);
}

/** Validates an event envelope received from a transport; returns null for anything else. */
export function parseAppEvent(value: unknown): AppEvent | null {
  if (typeof value !== 'object' || value === null) return null;
  const { name, payload } = value as { name?: unknown; payload?: unknown };
  if (!isEventName(name)) return null;
  const parsed = eventSchemas[name].safeParse(payload);
  return parsed.success ? ({ name, payload: parsed.data } as AppEvent) : null;
}
