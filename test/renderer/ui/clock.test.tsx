import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSystemClock } from '../../../src/renderer/ui/clock';
import { countdownState, formatRemaining } from '../../../src/renderer/ui/Countdown';
import { maskValue } from '../../../src/renderer/ui/MaskedValue';

afterEach(() => vi.useRealTimers());

describe('countdown arithmetic', () => {
  it('formats mm:ss with unbounded minutes, rounding down so a fresh token never shows more than its lifetime', () => {
    expect(formatRemaining(7200_000)).toBe('2:00:00');
    // The shared clock may be up to a second old when a token arrives.
    expect(formatRemaining(7200_999)).toBe('2:00:00');
    expect(formatRemaining(3600_000)).toBe('1:00:00');
    expect(formatRemaining(3599_999)).toBe('59:59');
    // Amber starts under 5 minutes, and so does the display.
    expect(formatRemaining(299_001)).toBe('04:59');
    expect(formatRemaining(59_000)).toBe('00:59');
    expect(formatRemaining(-5)).toBe('00:00');
  });

  it('is amber under five minutes and expired at zero', () => {
    expect(countdownState(300_000)).toBe('ok');
    expect(countdownState(299_999)).toBe('warning');
    expect(countdownState(1)).toBe('warning');
    expect(countdownState(0)).toBe('expired');
  });

  it('masks to first 6 … last 4, and hides short values entirely', () => {
    expect(maskValue('ABCDEFGHIJKLMNOPQRSTUVWXYZ')).toBe('ABCDEF…WXYZ');
    expect(maskValue('short')).toBe('•••••');
  });
});

describe('system clock', () => {
  it('ticks once a second while someone listens, and stops when nobody does', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const clock = createSystemClock();
    const onTick = vi.fn();
    const unsubscribe = clock.subscribe(onTick);
    expect(clock.now()).toBe(1_000_000);

    vi.advanceTimersByTime(999);
    expect(onTick).not.toHaveBeenCalled();
    expect(clock.now()).toBe(1_000_000); // stable between ticks, as useSyncExternalStore needs
    vi.advanceTimersByTime(1);
    expect(onTick).toHaveBeenCalledTimes(1);
    expect(clock.now()).toBe(1_001_000);
    vi.advanceTimersByTime(3000);
    expect(onTick).toHaveBeenCalledTimes(4);

    unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
  });
});
