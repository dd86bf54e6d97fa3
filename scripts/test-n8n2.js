#!/usr/bin/env node
/**
 * Compatibility job: installs n8n-core 2.8.1 / n8n-workflow 2.8.0 into test/compat-n8n2 (once; npm ci
 * again when its lock file changes) and runs the workflow tests on them.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const dir = path.join(__dirname, '..', 'test', 'compat-n8n2');
const stamp = path.join(dir, 'node_modules', '.lock-stamp');
const lock = fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8');

if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== lock) {
	console.log('Installing n8n-core 2.8.1 / n8n-workflow 2.8.0 for the compatibility run…');
	execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
	fs.writeFileSync(stamp, lock);
}

const version = require(path.join(dir, 'node_modules', 'n8n-core', 'package.json')).version;
console.log(`Workflow tests on n8n-core ${version}`);
execFileSync(
	process.execPath,
	[require.resolve('jest/bin/jest'), '--config', path.join(__dirname, '..', 'jest.n8n2.config.js'), ...process.argv.slice(2)],
	{ stdio: 'inherit' },
);
