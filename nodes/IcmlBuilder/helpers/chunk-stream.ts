// Node's `stream` module is outside the imports n8n's community-package scanner allows (eslint.config.mjs lets this
// file alone use it): n8n's binary data service and its file helper take a Buffer or a Readable, and a Readable is
// what lets a catalog of 300,000 offers reach them without the whole document in memory.
import { Readable } from 'stream';

/** A stream of the catalog's chunks, made one after another as the reader asks for them. */
export function chunkStream(chunks: Iterable<Buffer>): Readable {
	return Readable.from(chunks, { objectMode: false });
}
