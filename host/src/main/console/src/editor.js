// CodeMirror 6 editors: the handler (JavaScript or Python, with ctx completion) and the .bpf.c
// source (C). Errors from the daemon are shown at their lines as lint diagnostics.
import { basicSetup, EditorView } from 'codemirror';
import { EditorState, Compartment } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { python } from '@codemirror/lang-python';
import { cpp } from '@codemirror/lang-cpp';
import { autocompletion } from '@codemirror/autocomplete';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { ctxCompletions } from './completions.js';

/** The page's colours (CSS variables pass into the shadow root), CodeMirror's layout. */
const theme = EditorView.theme({
  '&': { height: 'var(--editor-height, 55vh)', minHeight: '16rem', backgroundColor: 'var(--card)', color: 'var(--fg)',
    fontSize: '13px' },
  '.cm-scroller': { overflow: 'auto', fontFamily: 'var(--mono)' },
  '.cm-gutters': { backgroundColor: 'var(--bg)', color: 'var(--muted)', borderRight: '1px solid var(--line)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 8%, transparent)' },
  '&.cm-focused': { outline: '3px solid var(--focus)' },
  '.cm-tooltip': { backgroundColor: 'var(--card)', color: 'var(--fg)', border: '1px solid var(--line)' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
});

/**
 * An editor in `parent`. `language` is "js", "python" or "c"; `maps` names the tracer's maps for
 * completion. Tab indents; Escape then Tab leaves the editor (CodeMirror's keyboard escape).
 *
 * The editor lives in a shadow root: CodeMirror then styles it with constructed style sheets,
 * which the page's Content-Security-Policy (style-src 'self', no inline styles) allows, where the
 * <style> elements it adds to a document would be refused.
 */
export function codeEditor(parent, { doc = '', language = 'js', maps = () => [], label = 'code', onChange } = {}) {
  const lang = new Compartment();
  const host = document.createElement('div');
  host.className = 'editor-host';
  parent.append(host);
  const root = host.attachShadow({ mode: 'open' });
  const view = new EditorView({
    parent: root,
    root,
    state: EditorState.create({
      doc,
      extensions: [
        basicSetup,
        theme,
        keymap.of([indentWithTab]),
        lang.of(languageSupport(language, maps)),
        lintGutter(),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((u) => { if (u.docChanged && onChange) onChange(u); }),
      ],
    }),
  });
  return {
    view,
    get text() { return view.state.doc.toString(); },
    set text(value) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
    },
    setLanguage(l) { view.dispatch({ effects: lang.reconfigure(languageSupport(l, maps)) }); },
    /** Marks each problem {line, column, message, severity} at its place; [] clears them. */
    showProblems(problems) {
      const doc = view.state.doc;
      const diagnostics = problems.map((p) => {
        const line = doc.line(Math.min(Math.max(1, p.line || 1), doc.lines));
        const from = Math.min(line.to, line.from + Math.max(0, (p.column || 1) - 1));
        return { from, to: p.column ? Math.min(line.to, from + 1) : line.to, severity: p.severity === 'warning' ? 'warning' : 'error', message: p.message };
      });
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    goTo(line) {
      const l = view.state.doc.line(Math.min(Math.max(1, line), view.state.doc.lines));
      view.dispatch({ selection: { anchor: l.from }, scrollIntoView: true });
      view.focus();
    },
    destroy() {
      view.destroy();
      host.remove();
    },
  };
}

function languageSupport(language, maps) {
  if (language === 'c') return cpp();
  const completion = autocompletion({ override: [ctxCompletions(language === 'python' ? 'python' : 'js', maps)] });
  return [language === 'python' ? python() : javascript(), completion];
}
