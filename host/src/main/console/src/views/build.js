import * as api from '../api.js';
import { clear, h, notice } from '../dom.js';
import { codeEditor } from '../editor.js';
import { paramForm } from './paramform.js';
import { packageDetails } from './package.js';

const DRAFT = 'polytrace.console.build-draft';
const TEMPLATE = `// A tracer: one record per execve, with the process name.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct event {
\t__u32 pid;
\tchar comm[16];
};

struct {
\t__uint(type, BPF_MAP_TYPE_RINGBUF);
\t__uint(max_entries, 1 << 16);
} events SEC(".maps");

/// only this process (0: every process)
const volatile __u32 target_pid = 0;

SEC("tracepoint/syscalls/sys_enter_execve")
int on_exec(void *ctx)
{
\t__u32 pid = bpf_get_current_pid_tgid() >> 32;
\tstruct event *e;

\tif (target_pid && pid != target_pid)
\t\treturn 0;
\te = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
\tif (!e)
\t\treturn 0;
\te->pid = pid;
\tbpf_get_current_comm(e->comm, sizeof(e->comm));
\tbpf_ringbuf_submit(e, 0);
\treturn 0;
}

char LICENSE[] SEC("license") = "GPL";
`;

/**
 * A .bpf.c in the browser: Build compiles it with the daemon's clang (POST /v1/build) and marks
 * clang's errors at their lines; a built package can then be deployed with its params.
 */
export function buildView(main) {
  const status = h('div', { 'aria-live': 'polite', id: 'build-status' });
  const problems = h('ul.problems', { id: 'build-problems' });
  const result = h('div', { id: 'build-result' });
  const fileName = h('input', { id: 'build-file', type: 'text', value: 'prog.bpf.c', spellcheck: false });
  const host = h('div.editor', { id: 'build-editor' });
  let built = null;

  const buildButton = h('button.primary', { type: 'button', id: 'build', onclick: async () => {
    buildButton.disabled = true;
    built = null;
    clear(problems);
    clear(result);
    editor.showProblems([]);
    status.replaceChildren(notice('info', 'Compiling…'));
    const name = fileName.value.trim() || 'prog.bpf.c';
    try {
      const pkg = await api.post('/v1/build', { fileName: name, source: editor.text });
      const described = await api.post('/v1/packages/describe', { package: pkg });
      built = pkg;
      status.replaceChildren(notice('ok', `Built ${described.package.name}.`));
      result.append(deployForm(described, pkg));
    } catch (e) {
      const diagnostics = (e.body?.diagnostics ?? []).filter((d) => !d.file || d.file === name);
      if (diagnostics.length) {
        editor.showProblems(diagnostics);
        problems.append(...diagnostics.map((d) => h('li', h('button.link', { type: 'button', onclick: () => editor.goTo(d.line) },
          `${d.file ?? name}:${d.line}:${d.column ?? 1}`), ` ${d.severity ?? 'error'}: ${d.message}`)));
      }
      status.replaceChildren(notice('error', e.code === 'compile_failed' ? `${diagnostics.length || 'The'} compile error(s).` : e.message));
    } finally {
      buildButton.disabled = false;
    }
  } }, 'Build');

  main.append(
    h('h1', 'Build a tracer'),
    h('p.help', 'The daemon compiles the source with its clang (vmlinux.h and libbpf\'s headers included); errors are marked at their lines.'),
    h('div.toolbar', h('label', { for: 'build-file' }, 'File name'), fileName, buildButton),
    host, status, problems, result,
  );
  const editor = codeEditor(host, {
    doc: localStorage.getItem(DRAFT) ?? TEMPLATE,
    language: 'c',
    label: 'BPF C source',
    onChange: () => localStorage.setItem(DRAFT, editor.text),
  });
  return () => editor.destroy();

  function deployForm(described, pkg) {
    const params = paramForm(described.package.params, { idPrefix: 'build-param' });
    const deployStatus = h('div', { 'aria-live': 'polite' });
    return h('div.card',
      h('details', h('summary', 'What the package holds'), packageDetails(described.package, { sha256: described.sha256 })),
      h('form', { id: 'build-deploy-form', onsubmit: async (e) => {
        e.preventDefault();
        const values = params.values();
        if (!values || !built) return;
        try {
          const t = await api.post('/v1/tracers', { package: pkg, params: values });
          location.hash = `#/tracers/${api.seg(t.id)}/events`;
        } catch (err) {
          deployStatus.replaceChildren(notice('error', err.message));
        }
      } }, h('h3', 'Params'), params.element, h('button.primary', { type: 'submit', id: 'deploy-built' }, 'Deploy'), deployStatus));
  }
}
