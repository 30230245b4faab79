// Connect errors cross from a worker thread to the main thread packed (src/events.ts): six typed
// arrays, whose buffers are transferred, and the tables of distinct shapes and clients.
// Structured cloning of objects would copy every string of every event; packed, events of one
// socket, group or file share one shape and one decoded SocketInfo.
export { EventPacker, packedBuffers, type PackedEvents } from '../events.js';
import { EventPacker, type PackedEvents } from '../events.js';

/** A block with no event (the scanner's start). */
export function noPackedEvents(): PackedEvents {
  return new EventPacker().finish();
}
