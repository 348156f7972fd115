// Reads polytrace.d.ts with the TypeScript parser and returns what the editor completes:
// each interface's members (name, kind, the type they lead to, signature, doc comment), the type
// an index signature gives, and the root type of `ctx`.
import ts from 'typescript';

export function ctxApi(source) {
  const file = ts.createSourceFile('polytrace.d.ts', source, ts.ScriptTarget.Latest, true);
  const types = {};
  for (const statement of file.statements) {
    if (ts.isInterfaceDeclaration(statement)) {
      types[statement.name.text] = interfaceOf(statement, file);
    }
  }
  if (!types.Ctx) {
    throw new Error('polytrace.d.ts declares no interface Ctx');
  }
  return { root: 'Ctx', types };
}

function interfaceOf(decl, file) {
  const members = [];
  let index = null;
  for (const m of decl.members) {
    if (ts.isIndexSignatureDeclaration(m)) {
      index = leadsTo(m.type);
      continue;
    }
    if (!m.name || !(ts.isPropertySignature(m) || ts.isMethodSignature(m))) {
      continue;
    }
    const name = m.name.getText(file);
    const method = ts.isMethodSignature(m);
    const params = method ? m.parameters.map((p) => p.getText(file)).join(', ') : '';
    const type = m.type ? m.type.getText(file) : 'void';
    members.push({
      name,
      kind: method ? 'method' : 'property',
      type: leadsTo(m.type),
      detail: method ? `(${params}): ${type}` : type,
      doc: docOf(m),
    });
  }
  return { members, index };
}

/** The interface a member's type names, when it names one plainly (MapView, MapView<K, V>). */
function leadsTo(type) {
  if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
    const name = type.typeName.text;
    return name === 'Readonly' && type.typeArguments?.length === 1 ? leadsTo(type.typeArguments[0]) : name;
  }
  return null;
}

function docOf(node) {
  return (node.jsDoc ?? []).map((d) => (typeof d.comment === 'string' ? d.comment : '')).join('\n').trim();
}
