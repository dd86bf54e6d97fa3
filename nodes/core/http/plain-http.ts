/**
 * Plain http:// sends the retailCRM API key (X-API-KEY) and the 1C login (HTTP Basic, only base64) in clear text to
 * everyone on the path. It is refused for public hosts unless the credential says so explicitly; hosts that cannot be
 * reached from the Internet are fine, because that is how sandboxes, Docker networks and 1C publications inside an
 * office LAN (often plain IIS/Apache on http://srv1c/…) are set up. See README, "Credentials".
 */

/** RFC 1918 / RFC 6598 / loopback / link-local IPv4 ranges, as [first octet, second-octet low, high]. */
const PRIVATE_V4: Array<[number, number, number]> = [
	[10, 0, 255],
	[127, 0, 255],
	[172, 16, 31],
	[192, 168, 168],
	[169, 254, 254],
	[100, 64, 127],
];

/** Names that never resolve on the public Internet (RFC 6761, RFC 8375, RFC 6762) or single-label LAN names. */
const LOCAL_SUFFIXES = ['.localhost', '.local', '.lan', '.internal', '.home.arpa', '.test'];

export function isLocalHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
	if (host === 'localhost') return true;
	// WHATWG URL has already normalised the host: dotted IPv4, or IPv6 (the only hosts with a colon).
	const ip = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) ? 4 : host.includes(':') ? 6 : 0;
	if (ip === 4) {
		const [a, b] = host.split('.').map(Number);
		return PRIVATE_V4.some(([first, low, high]) => a === first && b >= low && b <= high);
	}
	if (ip === 6) {
		// Loopback, unique local fc00::/7, link-local fe80::/10, and IPv4-mapped private addresses.
		if (host === '::1') return true;
		if (/^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host)) return true;
		// IPv4-mapped: WHATWG URL writes ::ffff:192.168.0.5 as ::ffff:c0a8:5.
		const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
		if (dotted) return isLocalHost(dotted[1]);
		const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
		if (!hex) return false;
		const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
		return isLocalHost(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
	}
	if (!host.includes('.')) return true;
	return LOCAL_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

/**
 * Throws when `url` is plain http:// to a public host and `allowPlainHttp` is not set. `credential` and `field` are
 * the names the user sees in n8n, so the message says where to look.
 */
export function assertSecureUrl(url: string, options: { credential: string; field: string; allowPlainHttp?: boolean }): void {
	let parsed: URL;
	try {
		parsed = new URL(url.trim());
	} catch {
		return; // An unreadable URL is the client's to report (it names the field too).
	}
	if (parsed.protocol !== 'http:' || options.allowPlainHttp === true || isLocalHost(parsed.hostname)) return;
	throw new Error(
		`${options.credential} credential, field "${options.field}": plain http:// to ${parsed.hostname} would send the ` +
			'secrets in clear text over the network. Use https://, or, if the connection is protected otherwise (a VPN, ' +
			'an SSH tunnel), switch on "Allow Plain HTTP to a Public Host" in the credential.',
	);
}
