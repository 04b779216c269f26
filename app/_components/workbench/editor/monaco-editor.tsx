"use client";

import Editor from "@monaco-editor/react";
import type { OnMount } from "@monaco-editor/react";
import { useEffect, useRef } from "react";
import type { DockerfileHint } from "./dockerfile-hints";
import { languageOf, monaco } from "./monaco-setup";

export interface MonacoEditorProps {
  /** Models are per chapter: two chapters may both have a `site/index.html`. */
  chapter: string;
  path: string;
  value: string;
  dark: boolean;
  hints: DockerfileHint[];
  onChange: (value: string) => void;
}

const MARKER_OWNER = "quai-hints";

/** The code editor (lazy: Monaco is a few megabytes). One model per chapter and file, kept while the page lives. */
export default function MonacoEditor({ chapter, path, value, dark, hints, onChange }: MonacoEditorProps) {
  const editorRef = useRef<Parameters<OnMount>[0] | null>(null);
  const uri = `file:///${chapter}/${path}`;
  const latest = useRef(value);
  latest.current = value;

  // A model kept from earlier in the page shows what it held then: show the file as saved now.
  const showSaved = () => {
    const editor = editorRef.current;
    if (editor && editor.getValue() !== latest.current) editor.setValue(latest.current);
  };
  useEffect(showSaved, [uri]);

  useEffect(() => {
    const model = monaco.editor.getModel(monaco.Uri.parse(uri));
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      MARKER_OWNER,
      hints.map((h) => ({
        severity: monaco.MarkerSeverity.Warning,
        message: h.message,
        startLineNumber: h.line,
        endLineNumber: h.line,
        startColumn: 1,
        endColumn: model.getLineMaxColumn(Math.min(h.line, model.getLineCount())),
      })),
    );
  }, [hints, uri, value]);

  return (
    <Editor
      path={uri}
      language={languageOf(path)}
      value={value}
      theme={dark ? "quai-dark" : "quai-light"}
      onChange={(v) => onChange(v ?? "")}
      onMount={(editor) => {
        editorRef.current = editor;
        showSaved();
      }}
      loading={null}
      options={{
        fontSize: 13.5,
        fontFamily: '"JetBrains Mono", "Cascadia Code", "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace',
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        automaticLayout: true,
        tabSize: 2,
        renderLineHighlight: "line",
        padding: { top: 10, bottom: 10 },
        fixedOverflowWidgets: true,
        wordWrap: "on",
        lineNumbersMinChars: 3,
        // Read by screen readers on entering the editor: the file, and the keyboard way out (Monaco's own switch).
        ariaLabel: `Éditeur : ${path}. Ctrl+M (Ctrl+Maj+M sur Mac) : la touche Tab quitte l'éditeur ; Ctrl+M à nouveau pour indenter avec Tab.`,
      }}
    />
  );
}
