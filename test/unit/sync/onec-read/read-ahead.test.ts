/**
 * The one-read slot of nodes/core/sync/onec-read/read-ahead.ts: a read held for a later node starts when its run
 * releases it or when the node takes it, is handed over once, and never for another key, run or a replaced read.
 */
import { forgetAhead, hasRead, holdAhead, holdsAhead, noteOwnRead, releaseAhead, takeAhead } from '../../../../nodes/core/sync/onec-read/read-ahead';

describe('read ahead slot', () => {
	let reads: number;
	const read = (value: string) => async () => {
		reads++;
		return value;
	};
	beforeEach(() => {
		forgetAhead();
		reads = 0;
	});

	it('holds a read without starting it; the run releases it once; the node takes it once', async () => {
		holdAhead('k', 'run1', read('rows'), () => 1000);
		expect(reads).toBe(0);
		expect(holdsAhead()).toBe('held');
		releaseAhead('run2');
		expect(reads).toBe(0);
		releaseAhead('run1');
		releaseAhead('run1');
		expect(reads).toBe(1);
		expect(holdsAhead()).toBe('started');
		const taken = takeAhead<string>('k')!;
		expect(taken.startedAt).toBe(1000);
		expect(await taken.outcome).toEqual({ value: 'rows' });
		expect(takeAhead('k')).toBeUndefined();
		expect(reads).toBe(1);
	});

	it('a read nobody released starts when the node takes it; another key takes nothing and leaves it', async () => {
		holdAhead('k', 'run1', read('rows'), () => 5);
		expect(takeAhead('other')).toBeUndefined();
		expect(holdsAhead()).toBe('held');
		const taken = takeAhead<string>('k')!;
		expect(reads).toBe(1);
		expect(await taken.outcome).toEqual({ value: 'rows' });
		expect(holdsAhead()).toBe('no');
	});

	it('a failed read is an outcome, not a rejection; a new read replaces the held one', async () => {
		holdAhead('k', 'run1', async () => {
			throw new Error('1C said no');
		}, () => 0);
		releaseAhead('run1');
		holdAhead('k2', 'run2', read('second'), () => 0);
		expect(takeAhead('k')).toBeUndefined();
		expect(await takeAhead<string>('k2')!.outcome).toEqual({ value: 'second' });
		holdAhead('k', 'run1', async () => {
			throw new Error('1C said no');
		}, () => 0);
		const outcome = await takeAhead<string>('k')!.outcome;
		expect('error' in outcome && (outcome.error as Error).message).toBe('1C said no');
	});

	it('notes the nodes that read for themselves, the last 64', () => {
		noteOwnRead('run1', 'Get Prices');
		expect(hasRead('run1', 'Get Prices')).toBe(true);
		expect(hasRead('run2', 'Get Prices')).toBe(false);
		for (let i = 0; i < 64; i++) noteOwnRead(`run${i + 2}`, 'Get Prices');
		expect(hasRead('run1', 'Get Prices')).toBe(false);
		expect(hasRead('run65', 'Get Prices')).toBe(true);
	});
});
