import type { ConnectionState } from "@quai/sandbox-runner/protocol";
import { FitAddon } from "@xterm/addon-fit";
import { Unicode11Addon } from "@xterm/addon-unicode11";
import { WebLinksAddon } from "@xterm/addon-web-links";
import { Terminal } from "@xterm/xterm";
import { announceFirstTerminal } from "../../../../_lib/after-first-terminal";
import { copyText } from "../../../ui/copy-text";
import { markStep } from "../../marks";
import type { ConnectionSink, EarlyConnection } from "../early-connection";
import { FIRST_PROMPT_TIMEOUT_MS, PROMPT_AT_END } from "../prompt";
import { TerminalInbox } from "../terminal-inbox";
import { TERMINAL_HINT_ID, keyAction } from "../terminal-keys";
import { setTerminalPreferences, subscribeTerminalPreferences, terminalPreferences } from "../terminal-preferences";
import { bufferText, liveTerminals } from "../terminal-registry";
import { TERMINAL_FONT_SIZE, TERMINAL_LINE_HEIGHT } from "../terminal-size";
import { TERMINAL_FONT, terminalTheme } from "../terminal-theme";
import { fixXtermPlatform } from "../xterm-platform";
import type * as WebglModule from "./addon-webgl";
import { KIT_PATH, KIT_SCRIPT_ATTRIBUTE } from "./kit-names";

/** WebGL is loaded once the shell is there, or after this long without it. */
const WEBGL_AT_LATEST_MS = 4000;

/** addon-webgl.ts as built beside the kit, with the kit's version (terminal-kit-url.ts hashes both). */
function webglUrl(): string {
  const kit = document.querySelector<HTMLScriptElement>(`script[${KIT_SCRIPT_ATTRIBUTE}]`);
  const version = kit ? new URL(kit.src).search : "";
  return `${KIT_PATH.replace(/[^/]+$/, "addon-webgl.js")}${version}`;
}

// xterm's own words, read by screen readers: the input's label and the note when output is too fast to announce.
Terminal.strings.promptLabel = "Entrée du terminal (Ctrl+M : la touche Tab quitte le terminal)";
Terminal.strings.tooMuchOutput = "Trop de sortie pour tout annoncer : parcourez le terminal pour la lire.";

export interface TerminalHandle {
  focus(): void;
  /** Opens the shell again after it exited or the connection gave up. */
  reconnect(): void;
  /** While waiting to reconnect: tries now. */
  retryNow(): void;
}

/** What the page's workbench gives a terminal once React shows it (terminals-panel.tsx). */
export interface TerminalBinding {
  inbox: TerminalInbox;
  onState: (state: ConnectionState, messageFr?: string, closeCode?: number) => void;
  onHandle: (handle: TerminalHandle | null) => void;
}

export interface MountedTerminal {
  /** The box xterm.js draws in: moved into the view that shows it. */
  readonly element: HTMLElement;
  readonly early: EarlyConnection;
  /** Hands the terminal to the workbench: its inbox, its state, its handle (the last state seen is given at once). */
  bind(binding: TerminalBinding): void;
  fit(): void;
  dispose(): void;
}

/**
 * One shell of the sandbox in xterm.js 6: fit, unicode 11, clickable links,
 * the DOM renderer for the first screen, then the WebGL renderer (kept off
 * when WebGL is missing or its context is lost). The EarlyConnection does the
 * protocol: acks once xterm has parsed the output, resumes after a drop from
 * the last byte drawn; it may have been opened before this terminal existed
 * and hands over what it received meanwhile, in order.
 *
 * Plain DOM, no React: the terminal kit (terminal-kit.ts) mounts the page's
 * first terminal this way before React has hydrated the workbench, and the
 * workbench's view (terminal-view.tsx) adopts it, or mounts one itself. Until
 * it is bound, typed input waits in an inbox of its own and the connection's
 * state is kept for the binding.
 */
export function mountTerminal(parent: HTMLElement, early: EarlyConnection, terminalId: string): MountedTerminal {
  const element = document.createElement("div");
  element.className = "absolute inset-0 py-1.5 pl-2";
  parent.append(element);
  const term = new Terminal({
    allowProposedApi: true,
    cursorBlink: true,
    fontFamily: TERMINAL_FONT,
    fontSize: TERMINAL_FONT_SIZE,
    lineHeight: TERMINAL_LINE_HEIGHT,
    scrollback: 5000,
    theme: terminalTheme,
    // Option is macOS's AltGr: French, Swiss and BÉPO layouts type | { [ ~ \ with it.
    // As Meta it would send ESC + the letter instead (e2e/keyboards.test.ts).
    macOptionIsMeta: false,
    screenReaderMode: terminalPreferences().screenReader,
  });
  fixXtermPlatform(term);
  term.attachCustomKeyEventHandler((event) => {
    const action = keyAction(event, terminalPreferences().tabExits);
    if (action.do === "terminal") return true;
    if (action.do === "copy") {
      event.preventDefault();
      if (term.hasSelection()) void copyText(term.getSelection());
    } else if (action.do === "toggle-tab-exits") {
      event.preventDefault();
      setTerminalPreferences({ tabExits: !terminalPreferences().tabExits });
    }
    // "skip": xterm leaves the key alone (Tab moves the focus, Ctrl+Shift+V pastes).
    return false;
  });
  const unsubscribe = subscribeTerminalPreferences(() => {
    term.options.screenReaderMode = terminalPreferences().screenReader;
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = "11";
  term.loadAddon(new WebLinksAddon());
  term.open(element);
  term.textarea?.setAttribute("aria-describedby", TERMINAL_HINT_ID);
  markStep("terminal-open");
  // WebGL takes a while to set up (shaders, a texture atlas, and on a
  // machine without a GPU all of it on the CPU): the DOM renderer draws the
  // first screen, WebGL takes over once the shell is there (its prompt, or
  // `ready` for a shell that already ran), when the page is idle. Asked
  // earlier, at the first output, it took the CPU from the shell still
  // starting (bench:web: ~0.6 s between the welcome text and the prompt).
  let disposed = false;
  let webglAsked = false;
  const loadWebgl = () => {
    if (webglAsked) return;
    webglAsked = true;
    clearTimeout(webglTimer);
    const idle = (run: () => void) => ("requestIdleCallback" in window ? requestIdleCallback(run, { timeout: 1000 }) : setTimeout(run, 0));
    requestAnimationFrame(() =>
      idle(() => {
        if (disposed) return;
        // A module of its own: with xterm.js, it was compiled and run in the path to the prompt.
        (import(/* webpackIgnore: true */ webglUrl()) as Promise<typeof WebglModule>).then(
          ({ WebglAddon }) => {
            if (disposed) return;
            try {
              const webgl = new WebglAddon();
              // xterm falls back to its DOM renderer once the addon is gone.
              webgl.onContextLoss(() => webgl.dispose());
              term.loadAddon(webgl);
              markStep("webgl-ready");
            } catch {
              // No WebGL2 here: the DOM renderer draws the terminal.
            }
          },
          () => {
            // Its chunk did not load (the site restarted on a new build): the DOM renderer stays.
          },
        );
      }),
    );
  };
  // No prompt for a while (a slow socket, a shell that prints none): WebGL all the same.
  const webglTimer = setTimeout(loadWebgl, WEBGL_AT_LATEST_MS);

  const refit = () => {
    if (element.clientWidth > 0 && element.clientHeight > 0) fit.fit();
  };
  refit();

  let drawnUpTo = 0;
  // Input typed while the socket is not up would be dropped, and a fresh
  // login shell may swallow what is typed while it starts (seen in the e2e
  // tests: the first keystrokes echoed into the welcome text, then lost).
  // So typed input and queued commands wait in the inbox, the one place
  // input is held, until the shell is there: its first prompt for a new
  // shell, the `ready` message for one that already exists (reload, reconnect).
  let gated = true;
  let inbox = new TerminalInbox();
  let binding: TerminalBinding | null = null;
  let lastState: [ConnectionState, string | undefined, number | undefined] | null = null;
  let firstOutput = "";
  let gateTimer: ReturnType<typeof setTimeout> | undefined;
  const decoder = new TextDecoder();
  const events: string[] = [];
  const note = (what: string) => events.length < 200 && events.push(`${Math.round(performance.now())} ${what}`);
  const connection = early.connection;
  const send = (input: string | Uint8Array) => connection.send(input);
  const openGate = () => {
    note(`gate open, ${inbox.held} held`);
    clearTimeout(gateTimer);
    gated = false;
    firstOutput = "";
    inbox.attach(send);
    announceFirstTerminal();
    loadWebgl();
  };
  const closeGate = () => {
    gated = true;
    inbox.attach(null);
  };
  const sink: ConnectionSink = {
    onOutput: (data, done) => {
      if (events.length < 40) note(`output ${data.byteLength}${gated ? " (gated)" : ""}`);
      term.write(data, () => {
        markStep("first-drawn");
        done();
      });
      drawnUpTo += data.byteLength;
      if (gated) {
        firstOutput = (firstOutput + decoder.decode(data, { stream: true })).slice(-200);
        if (PROMPT_AT_END.test(firstOutput)) openGate();
      }
    },
    onState: (state, messageFr, closeCode) => {
      note(`state ${state}`);
      // Reattached in onControl(ready), once it is known whether the shell is new.
      if (state !== "connected") closeGate();
      lastState = [state, messageFr, closeCode];
      binding?.onState(state, messageFr, closeCode);
    },
    onControl: (message) => {
      note(`control ${JSON.stringify(message)}`);
      if (message.t === "ready") {
        // The runner started a new shell under this id (the old one ended).
        // `resumed`: the same shell, taken over by a runner that restarted; the screen stays.
        const newShell = !message.resumed && message.offset < drawnUpTo;
        if (newShell) term.write("\r\n\x1b[2m── nouveau shell ──\x1b[0m\r\n");
        if (!message.resumed && (message.offset === 0 || newShell)) {
          closeGate();
          clearTimeout(gateTimer);
          gateTimer = setTimeout(openGate, FIRST_PROMPT_TIMEOUT_MS);
        } else {
          openGate();
        }
        drawnUpTo = message.offset;
        connection.resize(term.cols, term.rows);
      } else if (message.t === "gap") {
        term.write("\r\n\x1b[2m[… une partie de la sortie, trop ancienne, n'est plus disponible …]\x1b[0m\r\n");
        drawnUpTo = message.to;
      }
    },
  };
  const keys = term.onData((data) => inbox.push(data));
  const binary = term.onBinary((data) => inbox.push(Uint8Array.from(data, (c) => c.charCodeAt(0))));
  const resized = term.onResize(({ cols, rows }) => early.resize(cols, rows));
  // What came before xterm.js was there is drawn now, in order, then the rest as it comes.
  early.attach(sink);
  early.resize(term.cols, term.rows);

  let frame = 0;
  const observer = new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(refit);
  });
  observer.observe(element);

  const live = liveTerminals();
  live.set(terminalId, { term, connection, text: () => bufferText(term), events });

  return {
    element,
    early,
    bind(next) {
      // What was typed before the workbench was there goes first, then its own queue.
      const held = inbox;
      inbox = next.inbox;
      held.attach(null);
      const queued = new TerminalInbox();
      queued.adopt(held);
      queued.adopt(inbox);
      inbox.adopt(queued);
      if (!gated) inbox.attach(send);
      binding = next;
      if (lastState) next.onState(...lastState);
      next.onHandle({
        focus: () => term.focus(),
        reconnect: () => connection.connect(),
        retryNow: () => connection.retryNow(),
      });
    },
    fit: refit,
    dispose() {
      binding?.onHandle(null);
      binding = null;
      unsubscribe();
      if (live.get(terminalId)?.term === term) live.delete(terminalId);
      inbox.attach(null);
      observer.disconnect();
      cancelAnimationFrame(frame);
      clearTimeout(gateTimer);
      keys.dispose();
      binary.dispose();
      resized.dispose();
      // The socket belongs to the slot, which closes it with the shell's place.
      early.detach();
      disposed = true;
      clearTimeout(webglTimer);
      term.dispose();
      element.remove();
    },
  };
}
