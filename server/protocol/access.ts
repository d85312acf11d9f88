import { z } from 'zod';
import { displaySettingsSchema, type DisplaySettings } from './display';

export const ROLE_NAMES = ['admin', 'editor', 'viewer'] as const;

/** A screen's `access`: who may open it. Absent: anyone signed in (or any display assigned to it). */
export const screenAccessSchema = z.object({
  roles: z.array(z.enum(ROLE_NAMES)).min(1).optional()
    .describe('Roles that may open the screen; admins always may.'),
  departments: z.array(z.string().min(1)).min(1).optional()
    .describe('Departments whose members may open the screen (any one of them).'),
}).strict();
export type ScreenAccess = z.output<typeof screenAccessSchema>;

/** `GET /api/auth/me`: whether access control is on, and who this request is. */
export interface MeAnswer {
  access: boolean;
  principal: null | {
    kind: 'user' | 'device' | 'token';
    id: string;
    name: string;
    role: (typeof ROLE_NAMES)[number] | 'device';
    departments: string[];
    /** Whether money amounts reach this holder. */
    amounts: boolean;
    /** A display's assignment. */
    target?: DeviceTarget;
    /** A display's panels, bezels and viewing distance. */
    display?: DisplaySettings;
  };
  /** OIDC sign-in is offered. */
  oidc: boolean;
}

/** What a display is told to show: one screen or one playlist. */
export const deviceTargetSchema = z.union([
  z.object({ screen: z.string().regex(/^[a-z0-9][a-z0-9-]*$/) }).strict(),
  z.object({ playlist: z.string().regex(/^[a-z0-9][a-z0-9-]*$/) }).strict(),
]);
export type DeviceTarget = z.output<typeof deviceTargetSchema>;

/** What a display reports over its socket now and then (`report` event). */
export const deviceReportSchema = z.object({
  version: z.string().max(100),
  /** What the page shows now: `screen:<id>` or `playlist:<id>`. */
  showing: z.string().max(200).optional(),
  /** JS heap in use (bytes), where the browser tells (Chromium). */
  memory: z.number().nonnegative().optional(),
  /** Round trip of the previous report's ack (ms). */
  latency_ms: z.number().nonnegative().optional(),
}).strict();
export type DeviceReport = z.output<typeof deviceReportSchema>;

/** A command to one display (`device` event). */
export type DeviceCommand =
  | { command: 'reload' }
  | { command: 'show'; target: DeviceTarget }
  | { command: 'identify'; name: string; seconds: number }
  | { command: 'display'; display: DisplaySettings };

/** One display on the fleet page (`GET /api/devices`). */
export interface DeviceEntry {
  id: string;
  name: string;
  target: DeviceTarget;
  departments: string[];
  amounts: boolean;
  display: DisplaySettings;
  created_at: string;
  created_by: string;
  last_seen_at: string | null;
  revoked_at: string | null;
  online: boolean;
  report: (DeviceReport & { at: string }) | null;
}

/** `POST /api/pair` answer: the code the TV shows, and the secret it polls with. */
export interface PairingStart { id: string; code: string; secret: string; expires_at: string }
/** `GET /api/pair/:id` answer. */
export type PairingState =
  | { state: 'waiting'; code: string; expires_at: string }
  | { state: 'approved'; token: string; device: { id: string; name: string; target: DeviceTarget } };

/** `POST /api/devices` body: approve a pairing code. */
export const approveDeviceSchema = z.object({
  code: z.string().trim().min(4).max(20),
  name: z.string().trim().min(1).max(100),
  target: deviceTargetSchema,
  /** Data scope of the display; default: every department. */
  departments: z.array(z.string().min(1)).min(1).default(['*']),
  /** Whether money amounts reach this display. */
  amounts: z.boolean().default(false),
  /** Its panels, bezels and viewing distance (docs/screens.md). */
  display: displaySettingsSchema.optional(),
}).strict();
