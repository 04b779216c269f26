/**
 * Flow-control numbers shared by both ends.
 *
 * The client acknowledges output once xterm.js has parsed it. The runner stops
 * sending to a viewer that has VIEWER_HIGH bytes unacknowledged and resumes
 * below VIEWER_LOW: a browser can never be buried under more than ~128 KiB it
 * has not drawn yet, which keeps Ctrl-C responsive during `yes` (the prompt is
 * at most one high-watermark of output away) while still streaming several
 * MB/s on localhost. Smaller values cost throughput (more round trips per
 * byte), larger ones cost Ctrl-C latency.
 */
export const VIEWER_HIGH = 128 * 1024;
export const VIEWER_LOW = 32 * 1024;

/**
 * The runner stops reading the shell's output once the owner is SOURCE_HIGH
 * bytes behind, so the kernel's PTY buffer fills and the flooding program
 * blocks, exactly as over ssh. This bounds the runner's memory per terminal.
 */
export const SOURCE_HIGH = 256 * 1024;
export const SOURCE_LOW = 64 * 1024;

/** A client acknowledges after processing this many bytes (or at a burst's end). */
export const ACK_EVERY = 16 * 1024;

/**
 * Output is coalesced into windows of COALESCE_MS once more than
 * COALESCE_AFTER_BYTES were sent in the current window: a burst (`ls -R`,
 * a build log) goes out in few large frames, while interactive echo, which
 * never reaches that volume, is sent the moment it arrives.
 */
export const COALESCE_MS = 4;
export const COALESCE_AFTER_BYTES = 2048;

/** Bytes of output kept per terminal for reconnects and late viewers. */
export const REPLAY_BUFFER_BYTES = 1024 * 1024;

/**
 * Frames a runner reads per second from one terminal socket, and from all the
 * sockets of one sandbox, with a burst of twice as many. Typing is ~10 frames
 * a second and acknowledgements of a full-speed `cat` ~600; past the budget
 * the runner stops reading the socket for a while (TCP pushes back on the
 * client), so a flood costs the runner neither memory nor more CPU.
 */
export const FRAMES_PER_SECOND_PER_SOCKET = 1000;
export const FRAMES_PER_SECOND_PER_SANDBOX = 2000;

/** Sockets on one terminal (the learner's tabs and those watching): more are refused. */
export const MAX_VIEWERS_PER_TERMINAL = 8;
