/** Public entry of the Clerk FAPI emulator (see README.md in this folder). */
export type {
  ClientSummary,
  ControlClient,
  ControlSettings,
  CreateUserInput,
  EmulatorInfo,
  OtherDeviceSignIn,
  RequestFilter,
  SessionSummary,
  TemplateInput,
  UserSummary,
} from './control.ts';
export { CONTROL_PREFIX } from './control.ts';
export type { InstanceRules } from './rules.ts';
export { defaultRules, EXTENSION_ORIGIN } from './rules.ts';
export type { Emulator, EmulatorFetch, EmulatorOptions } from './server.ts';
export { startEmulator } from './server.ts';
export type { SessionSettings, SessionStatus } from './session-model.ts';
export { DEFAULT_SESSION_SETTINGS } from './session-model.ts';
export type { Fault, FaultSpec, RequestLogEntry, RequestSource } from './traffic.ts';
