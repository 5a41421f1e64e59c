// A tiny element builder: the UI is plain DOM so the JupyterLab extension can mount the same
// components without a framework. Text always goes in as text nodes, never as HTML.

type Attrs = Record<string, string | boolean | number | undefined>;
type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

// Setters that touch the DOM only when the value differs: a write of the same value still
// invalidates style or layout (and wakes every MutationObserver), so a re-render that changes
// nothing must write nothing.
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

export function setClass(node: Element, name: string): void {
  if (node.className !== name) node.className = name;
}

export function setData(node: HTMLElement, key: string, value: string | undefined): void {
  if (node.dataset[key] === value) return;
  if (value === undefined) delete node.dataset[key];
  else node.dataset[key] = value;
}

export function setAttr(node: Element, name: string, value: string | null): void {
  if (node.getAttribute(name) === value) return;
  if (value === null) node.removeAttribute(name);
  else node.setAttribute(name, value);
}

/**
 * Makes `target` equal to `source` (a freshly built element of the same tag), keeping every node
 * that is already right: attributes are set only where they differ, text nodes keep their node
 * and change their data only when it differs, and only children of another kind are replaced.
 * A result rendered again with what it showed costs the browser nothing to restyle, lay out or
 * paint beyond what really changed (a new card would be styled, shaped and laid out whole), and
 * focus inside the target stays where it was. `source`'s children may move into `target`.
 */
export function morph(target: Element, source: Element): void {
  for (const name of target.getAttributeNames()) if (!source.hasAttribute(name)) target.removeAttribute(name);
  for (const name of source.getAttributeNames()) setAttr(target, name, source.getAttribute(name));
  let t = target.firstChild;
  let s = source.firstChild;
  while (s) {
    const next = s.nextSibling;
    if (t && t.nodeType === s.nodeType && t.nodeName === s.nodeName) {
      if (t instanceof Element) morph(t, s as Element);
      else if (t.nodeValue !== s.nodeValue) t.nodeValue = s.nodeValue;
      t = t.nextSibling;
    } else {
      target.insertBefore(s, t);
    }
    s = next;
  }
  while (t) {
    const next = t.nextSibling;
    target.removeChild(t);
    t = next;
  }
}

let counter = 0;
/** A document-unique id for label/aria wiring. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}
