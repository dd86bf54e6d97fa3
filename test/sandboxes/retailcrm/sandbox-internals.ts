/** What the control API needs from the running sandbox. */
import type { FaultInjector } from './faults';
import type { IcmlImportResult } from './icml/import';
import type { RequestLog } from './request-log';
import type { StateStore } from './state-store';
import type { TriggerEmulator } from './triggers';
import type { SandboxConfig, SandboxState } from './types';

export interface SandboxInternals {
	store: StateStore;
	faults: FaultInjector;
	log: RequestLog;
	triggers: TriggerEmulator;
	reset(fixture: 'seed' | 'large'): void;
	resetTo(state: SandboxState): void;
	configure(patch: Partial<SandboxConfig>): void;
	importIcml(xml: string, site?: string): IcmlImportResult;
}
