// FormField wires its input to the label, the hint and the error (rendered to HTML on
// Node, read back with the DOM-free attribute lookups below).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FormField } from './form-field';

function render(props: { help?: string; error?: string }): string {
  return renderToStaticMarkup(
    createElement(FormField, {
      label: 'Digest',
      ...props,
      children: (control) => createElement('input', { ...control, name: 'digest' }),
    }),
  );
}

/** The value of `attribute` on the first element whose opening tag matches `tag`. */
function attr(html: string, tag: RegExp, attribute: string): string | undefined {
  const element = tag.exec(html)?.[0];
  return element ? new RegExp(`${attribute}="([^"]*)"`).exec(element)?.[1] : undefined;
}

describe('FormField', () => {
  it('labels the input and, with an error, marks it invalid and describes it by the hint and the error', () => {
    const html = render({ help: 'sha256:<hex>', error: 'Not a digest.' });
    const inputId = attr(html, /<input[^>]*>/, 'id');
    expect(inputId).toBeTruthy();
    expect(attr(html, /<label[^>]*>/, 'for')).toBe(inputId);
    expect(attr(html, /<input[^>]*>/, 'aria-invalid')).toBe('true');
    const describedBy = attr(html, /<input[^>]*>/, 'aria-describedby')?.split(' ');
    const helpId = attr(html, /<p[^>]*>(?=sha256)/, 'id');
    const errorId = attr(html, /<p[^>]*role="alert"[^>]*>/, 'id');
    expect(helpId).toBeTruthy();
    expect(errorId).toBeTruthy();
    expect(describedBy).toEqual([helpId, errorId]);
  });

  it('without an error, is not invalid and is described by the hint alone', () => {
    const html = render({ help: 'sha256:<hex>' });
    expect(attr(html, /<input[^>]*>/, 'aria-invalid')).toBeUndefined();
    expect(attr(html, /<input[^>]*>/, 'aria-describedby')).toBe(attr(html, /<p[^>]*>/, 'id'));
    expect(html).not.toContain('role="alert"');
  });

  it('without a hint or an error, describes the input by nothing', () => {
    expect(attr(render({}), /<input[^>]*>/, 'aria-describedby')).toBeUndefined();
  });
});
