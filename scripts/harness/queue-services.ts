/**
 * Redis and PostgreSQL for the queue-mode test (n8n's EXECUTIONS_MODE=queue needs both: Bull jobs in Redis,
 * executions and static data in Postgres): the Debian packages' binaries, started on loopback, on free
 * ports, in a temporary folder, and stopped again. Nothing of the system's own services is used or touched.
 *
 * Missing binaries are installed with `apt-get install -y redis-server postgresql` (as root, or through
 * sudo); the Debian packages start their own system services, which the harness leaves alone.
 * PostgreSQL refuses to run as root (initdb and postgres exit), so under root its commands run as the
 * `postgres` user the Debian package creates (runuser), in a folder that user owns.
 */
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { freePort } from './n8n-cli';

type Log = (line: string) => void;

export interface QueueServices {
	redis: { host: string; port: number };
	postgres: { host: string; port: number; database: string; user: string };
	/** The server processes' ids (PostgreSQL's postmaster, redis-server), to check that stop() ended them. */
	pids(): number[];
	/** Runs one SQL query in the n8n database; rows as JSON (psql's json_agg). */
	query<T = Record<string, unknown>>(sql: string): T[];
	/** Runs one SQL statement in the n8n database (e.g. a DELETE). */
	exec(sql: string): void;
	/** Stops Redis and PostgreSQL and waits until both processes are gone. */
	stop(): Promise<void>;
}

const REDIS_SERVER = '/usr/bin/redis-server';
const PG_USER = 'n8n';
const PG_DATABASE = 'n8n';

/** The newest installed PostgreSQL's bin folder (Debian: /usr/lib/postgresql/<major>/bin), if any. */
function postgresBin(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const majors = readdirSync(root)
		.filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? join(root, majors[0], 'bin') : undefined;
}

/** Installs the Debian packages when a binary is missing; says what it needs when it cannot. */
export function ensureQueueServicePackages(log: Log = console.log): { pgBin: string } {
	let pgBin = postgresBin();
	if (existsSync(REDIS_SERVER) && pgBin) return { pgBin };
	const packages = ['redis-server', 'postgresql'];
	const isRoot = process.getuid?.() === 0;
	const hasSudo = !isRoot && spawnOk('sudo', ['-n', 'true']);
	if (!isRoot && !hasSudo) {
		throw new Error(`Queue-mode test needs Redis and PostgreSQL: run \`sudo apt-get install -y ${packages.join(' ')}\` (this user is not root and has no password-less sudo).`);
	}
	const run = (args: string[]) => execFileSync(isRoot ? args[0] : 'sudo', isRoot ? args.slice(1) : args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	log(`Installing ${packages.join(' and ')} from the Debian packages (apt-get${isRoot ? '' : ' through sudo'}; first run only)…`);
	run(['apt-get', 'update', '-qq']);
	run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages]);
	pgBin = postgresBin();
	if (!existsSync(REDIS_SERVER) || !pgBin) throw new Error(`apt-get installed ${packages.join(' ')}, yet ${REDIS_SERVER} or /usr/lib/postgresql/*/bin/initdb is missing`);
	return { pgBin };
}

function spawnOk(cmd: string, args: string[]): boolean {
	try {
		execFileSync(cmd, args, { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/** Whether a process with this id exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve(false), ms);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve(true);
		});
	});
}

/** Starts Redis and PostgreSQL in a fresh temporary folder (removed by stop()) on free loopback ports. */
export async function startQueueServices(log: Log = console.log): Promise<QueueServices> {
	const { pgBin } = ensureQueueServicePackages(log);
	const asRoot = process.getuid?.() === 0;
	const root = mkdtempSync(join(tmpdir(), 'rcrm1c-queue-services-'));
	// Under root, the postgres user must reach its folders: the temporary folder is made traversable.
	const pgDir = join(root, 'postgres');
	const dataDir = join(pgDir, 'data');
	const socketDir = join(pgDir, 'socket');
	mkdirSync(socketDir, { recursive: true });
	if (asRoot) {
		chmodSync(root, 0o755);
		const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
		const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
		for (const d of [pgDir, socketDir]) chownSync(d, uid, gid);
	}
	const pg = (tool: string, args: string[]) => {
		const cmd = join(pgBin, tool);
		return asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }) : execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
	};

	const pgPort = await freePort();
	pg('initdb', ['-D', dataDir, '-U', PG_USER, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
	// Loopback only; trust authentication is acceptable for a throw-away cluster nobody else can reach.
	pg('pg_ctl', ['-D', dataDir, '-l', join(pgDir, 'postgres.log'), '-w', '-t', '60', '-o', `-p ${pgPort} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
	let pgRunning = true;
	const stopPostgres = () => {
		if (!pgRunning) return;
		pg('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
		pgRunning = false;
	};
	try {
		execFileSync(join(pgBin, 'createdb'), ['-h', '127.0.0.1', '-p', String(pgPort), '-U', PG_USER, PG_DATABASE], { stdio: ['ignore', 'pipe', 'pipe'] });
	} catch (e) {
		stopPostgres();
		throw e;
	}

	const redisPort = await freePort();
	const redisDir = join(root, 'redis');
	mkdirSync(redisDir, { recursive: true });
	const redis = spawn(REDIS_SERVER, ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', redisDir], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let redisOut = '';
	redis.stdout?.on('data', (d: Buffer) => (redisOut = (redisOut + d.toString()).slice(-4000)));
	await new Promise<void>((resolve, reject) => {
		const until = Date.now() + 20_000;
		const poll = () => {
			if (redisOut.includes('Ready to accept connections')) return resolve();
			if (redis.exitCode !== null || Date.now() > until) {
				stopPostgres();
				return reject(new Error(`redis-server did not start on port ${redisPort}:\n${redisOut}`));
			}
			setTimeout(poll, 100);
		};
		poll();
	});
	const psql = (sql: string) =>
		execFileSync(join(pgBin, 'psql'), ['-h', '127.0.0.1', '-p', String(pgPort), '-U', PG_USER, '-d', PG_DATABASE, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
			stdio: ['ignore', 'pipe', 'pipe'],
		}).toString();
	log(`PostgreSQL (${pgBin}) on 127.0.0.1:${pgPort}, Redis on 127.0.0.1:${redisPort}, in ${root}`);

	return {
		redis: { host: '127.0.0.1', port: redisPort },
		postgres: { host: '127.0.0.1', port: pgPort, database: PG_DATABASE, user: PG_USER },
		pids: () => [Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]), redis.pid ?? -1],
		query<T>(sql: string): T[] {
			return JSON.parse(psql(`SELECT coalesce(json_agg(t), '[]'::json) FROM (${sql}) t`)) as T[];
		},
		exec(sql: string) {
			psql(sql);
		},
		async stop() {
			const postmaster = pgRunning ? Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) : 0;
			redis.kill('SIGTERM');
			if (!(await waitForExit(redis, 10_000))) redis.kill('SIGKILL');
			stopPostgres();
			// pg_ctl returns once the pid file is gone, a moment before the postmaster has exited.
			for (let i = 0; postmaster && i < 100 && isAlive(postmaster); i++) await new Promise((r) => setTimeout(r, 100));
			rmSync(root, { recursive: true, force: true });
		},
	};
}
