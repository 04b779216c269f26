"use client";

import "@xterm/xterm/css/xterm.css";
import { TerminalConnection } from "@quai/sandbox-runner/protocol";
import type { ConnectionState } from "@quai/sandbox-runner/protocol";
import { Terminal } from "@xterm/xterm";
import { useEffect, useRef, useState } from "react";
import { TERMINAL_FONT } from "../workbench/terminals/terminal-theme";

const STATE_FR: Record<ConnectionState, string> = {
  connecting: "connexion…",
  connected: "en direct",
  reconnecting: "reconnexion…",
  expired: "bac à sable terminé",
  closed: "fermé",
};

/**
 * A learner's terminal, watched read-only: the site server checks that this
 * trainer runs the learner's workshop before the socket exists, and the
 * runner drops anything a viewer sends. Once the learner accepts « prendre
 * la main », the site closes this socket and the reconnection gets a
 * writer's token (the runner's `ready` says which). The DOM renderer (no
 * WebGL) keeps the text readable by assistive tools and tests.
 */
export default function SpectatorTerminal({ workshopId, learnerId, terminalId }: { workshopId: string; learnerId: string; terminalId: string }) {
  const element = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<ConnectionState>("connecting");
  const [message, setMessage] = useState<string | undefined>();
  // « Prendre la main »: the runner says on each (re)connection whether this view may type.
  const [writable, setWritable] = useState(false);

  useEffect(() => {
    const host = element.current;
    if (!host) return;
    const term = new Terminal({ cols: 110, rows: 28, disableStdin: true, cursorBlink: false, fontFamily: TERMINAL_FONT, fontSize: 13, scrollback: 5000, theme: { background: "#0b1220" } });
    term.open(host);
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const connection = new TerminalConnection({
      url: (offset) => `${scheme}://${location.host}/ws/formateur/ateliers/${workshopId}/apprenants/${learnerId}/terminaux/${terminalId}?offset=${offset}&cols=${term.cols}&rows=${term.rows}`,
      onOutput: (data, done) => term.write(data, done),
      onState: (s, fr) => {
        setState(s);
        setMessage(fr);
      },
      onControl: (m) => {
        if (m.t === "gap") term.write("\r\n\x1b[2m[… début de la sortie trop ancien …]\x1b[0m\r\n");
        if (m.t === "ready") {
          term.options.disableStdin = m.readOnly;
          term.options.cursorBlink = !m.readOnly;
          setWritable(!m.readOnly);
          if (!m.readOnly) term.focus();
        }
      },
    });
    // Sent only while the learner lets this view type; the runner drops a viewer's input anyway.
    const typing = term.onData((data) => {
      if (!term.options.disableStdin) connection.send(data);
    });
    connection.connect();
    return () => {
      typing.dispose();
      connection.close();
      term.dispose();
    };
  }, [workshopId, learnerId, terminalId]);

  return (
    <div>
      <p className="mb-2 text-sm text-slate-400" aria-live="polite">
        <span data-testid="spectator-role">{writable ? "Vous avez la main" : "Lecture seule"}</span> · <span data-testid="spectator-state">{STATE_FR[state]}</span>
        {message && state !== "connected" ? ` — ${message}` : ""}
      </p>
      <div ref={element} data-testid="spectator-terminal" className="overflow-auto rounded-lg bg-[#0b1220] p-2" />
    </div>
  );
}
