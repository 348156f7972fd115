import * as api from '../api.js';
import { clear, h, notice } from '../dom.js';
import { paramForm } from './paramform.js';
import { packageDetails } from './package.js';

const SOURCES = [
  ['bundled', 'Bundled'],
  ['file', 'Upload'],
  ['url', 'URL'],
  ['oci', 'Registry'],
];

/**
 * Deploy: pick a package (bundled, a file, a URL or an oci:// reference), see what it holds and
 * fill in its params, then deploy. The daemon describes the package first (POST
 * /v1/packages/describe), which also pulls registry references: the page cannot reach a registry.
 */
export function deployView(main) {
  const status = h('div', { 'aria-live': 'polite' });
  const chosen = h('div');
  const inputs = {
    bundled: h('select', { id: 'bundled-name' }, h('option', { value: '' }, 'loading…')),
    file: h('input', { id: 'package-file', type: 'file', accept: '.json,application/json' }),
    url: h('input', { id: 'package-url', type: 'url', placeholder: 'https://example.org/execsnoop.tracer.json' }),
    oci: h('input', { id: 'package-oci', type: 'text', placeholder: 'oci://registry.example/tools/execsnoop:1.0', spellcheck: false }),
  };
  const plainHttp = h('input', { id: 'oci-plain', type: 'checkbox' });
  let source = 'bundled';
  const panels = {
    bundled: h('div.field', h('label', { for: 'bundled-name' }, 'Bundled tracer'), inputs.bundled),
    file: h('div.field', h('label', { for: 'package-file' }, 'A .tracer.json or eunomia package.json'), inputs.file),
    url: h('div.field', h('label', { for: 'package-url' }, 'Package URL (the daemon fetches it)'), inputs.url),
    oci: h('div', h('div.field', h('label', { for: 'package-oci' }, 'Registry reference'), inputs.oci),
      h('div.field.check', h('label', { for: 'oci-plain' }, 'Plain HTTP (a registry on a loopback address)'), plainHttp)),
  };
  const radios = h('fieldset.source', h('legend', 'Package from'), SOURCES.map(([value, label]) => h('label.radio',
    h('input', { type: 'radio', name: 'source', value, checked: value === source, onchange: () => {
      source = value;
      Object.entries(panels).forEach(([k, p]) => { p.hidden = k !== source; });
      clear(chosen);
    } }), ' ', label)));
  Object.entries(panels).forEach(([k, p]) => { p.hidden = k !== source; });

  const form = h('form.card', {
    id: 'deploy-source',
    onsubmit: async (e) => {
      e.preventDefault();
      status.replaceChildren(notice('info', 'Reading the package…'));
      clear(chosen);
      try {
        const { describe, deploy } = await request(source, inputs, plainHttp.checked);
        const found = await api.post('/v1/packages/describe', describe);
        status.replaceChildren();
        chosen.append(deployForm(found, deploy(found)));
      } catch (err) {
        status.replaceChildren(notice('error', err.message));
      }
    },
  }, radios, Object.values(panels), h('button.primary', { type: 'submit', id: 'load-package' }, 'Show package'));

  main.append(h('h1', 'Deploy a tracer'), form, status, chosen);

  api.get('/v1/bundled').then((r) => {
    clear(inputs.bundled).append(...r.tracers.map((t) => h('option', { value: t.name }, `${t.name} — ${t.description}`)));
    if (r.tracers.length === 0) inputs.bundled.append(h('option', { value: '' }, 'none in this build'));
  }, (e) => status.replaceChildren(notice('error', e.message)));
}

/** What to ask the daemon to describe, and how to deploy what it found. */
async function request(source, inputs, plainHttp) {
  switch (source) {
    case 'bundled': {
      const name = inputs.bundled.value;
      if (!name) throw new Error('Pick a bundled tracer.');
      return { describe: { bundled: name }, deploy: () => ({ bundled: name }) };
    }
    case 'file': {
      const file = inputs.file.files[0];
      if (!file) throw new Error('Choose a package file.');
      let doc;
      try {
        doc = JSON.parse(await file.text());
      } catch (e) {
        throw new Error(`${file.name} is not JSON: ${e.message}`);
      }
      return { describe: { package: doc }, deploy: () => ({ package: doc }) };
    }
    case 'url': {
      const url = inputs.url.value.trim();
      if (!/^https?:\/\//.test(url)) throw new Error('An http:// or https:// URL.');
      // deployed by URL again, pinned to the package just shown
      return { describe: { url }, deploy: (found) => ({ url, sha256: found.sha256 }) };
    }
    default: {
      const ref = inputs.oci.value.trim();
      if (!ref.startsWith('oci://')) throw new Error('A reference such as oci://HOST/REPO:TAG.');
      return {
        describe: plainHttp ? { oci: ref, plainHttp: true } : { oci: ref },
        deploy: (found) => ({ package: found.document, sha256: found.sha256 }),
      };
    }
  }
}

function deployForm(found, base) {
  const pkg = found.package;
  const params = paramForm(pkg.params, { idPrefix: 'deploy-param' });
  const name = h('input', { id: 'deploy-name', type: 'text', placeholder: pkg.name, pattern: '[A-Za-z0-9._-]{1,64}', spellcheck: false });
  const status = h('div', { 'aria-live': 'polite' });
  return h('div.card',
    h('h2', `${pkg.name}`),
    h('details', h('summary', 'What the package holds'), packageDetails(pkg, { sha256: found.sha256 })),
    h('form', {
      id: 'deploy-form',
      onsubmit: async (e) => {
        e.preventDefault();
        const values = params.values();
        if (!values) {
          status.replaceChildren(notice('error', 'Some params are not valid.'));
          return;
        }
        const body = { ...base, params: values };
        if (name.value.trim()) body.name = name.value.trim();
        status.replaceChildren(notice('info', 'Deploying…'));
        try {
          const t = await api.post('/v1/tracers', body);
          location.hash = `#/tracers/${api.seg(t.id)}/events`;
        } catch (err) {
          status.replaceChildren(notice('error', err.message));
        }
      },
    },
    h('h3', 'Params'), params.element,
    h('div.field', h('label', { for: 'deploy-name' }, 'Name (optional)'), name),
    h('button.primary', { type: 'submit', id: 'deploy' }, 'Deploy'),
    status),
  );
}
