import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Suspense, useState, type ComponentType } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { deferred, preloadDeferred } from '../../../src/renderer/ui/deferred';

afterEach(() => cleanup());

function Field() {
  const [value, setValue] = useState('');
  return <input aria-label="field" value={value} onChange={(e) => setValue(e.target.value)} />;
}

/** A deferred component whose chunk arrives when the test says so. */
function controlled() {
  let arrive: (component: ComponentType<object>) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  let loads = 0;
  const Component = deferred<object>(() => {
    loads++;
    return new Promise((ok, no) => {
      arrive = ok;
      fail = no;
    });
  });
  return { Component, arrive: (c: ComponentType<object>) => arrive(c), fail: (e: Error) => fail(e), loads: () => loads };
}

const inSuspense = (Component: ComponentType<object>, note = '') => (
  <Suspense fallback={<p>loading</p>}>
    <Component />
    <span>{note}</span>
  </Suspense>
);

describe('deferred', () => {
  it('shows the fallback until its chunk arrives; once loaded, a new use renders at once and nothing loads twice', async () => {
    const chunk = controlled();
    const first = render(inSuspense(chunk.Component));
    expect(screen.getByText('loading')).toBeTruthy();
    await act(async () => chunk.arrive(Field));
    expect(screen.getByLabelText('field')).toBeTruthy();
    first.unmount();

    render(inSuspense(chunk.Component));
    // Synchronously, with no fallback frame.
    expect(screen.queryByText('loading')).toBeNull();
    expect(screen.getByLabelText('field')).toBeTruthy();
    expect(chunk.loads()).toBe(1);
  });

  it('keeps what was typed into a part that mounted before its chunk arrived', async () => {
    const chunk = controlled();
    const view = render(inSuspense(chunk.Component, 'a'));
    await act(async () => chunk.arrive(Field));
    await userEvent.setup().type(screen.getByLabelText('field'), 'typed');
    view.rerender(inSuspense(chunk.Component, 'b'));
    expect((screen.getByLabelText('field') as HTMLInputElement).value).toBe('typed');
  });

  it('fetches a chunk that failed again: preloadDeferred rejects, the next use loads it anew', async () => {
    const chunk = controlled();
    const preload = preloadDeferred();
    chunk.fail(new Error('chunk gone'));
    await expect(preload).rejects.toThrow('chunk gone');
    expect(chunk.loads()).toBe(1);
    render(inSuspense(chunk.Component));
    await act(async () => chunk.arrive(Field));
    expect(await screen.findByLabelText('field')).toBeTruthy();
    expect(chunk.loads()).toBe(2);
  });
});
