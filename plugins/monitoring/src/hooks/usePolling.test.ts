import { act, renderHook } from '@testing-library/react';
import { usePolling } from './usePolling';

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => state,
  });
  act(() => {
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

describe('usePolling', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    setVisibility('visible');
  });
  afterEach(() => {
    jest.useRealTimers();
    setVisibility('visible');
  });

  it('calls back every interval while the tab is visible', () => {
    const callback = jest.fn();
    renderHook(() => usePolling(callback, 30_000));
    act(() => jest.advanceTimersByTime(29_999));
    expect(callback).not.toHaveBeenCalled();
    act(() => jest.advanceTimersByTime(1));
    expect(callback).toHaveBeenCalledTimes(1);
    act(() => jest.advanceTimersByTime(60_000));
    expect(callback).toHaveBeenCalledTimes(3);
  });

  it('pauses while the tab is hidden and resumes a full interval after it shows', () => {
    const callback = jest.fn();
    renderHook(() => usePolling(callback, 30_000));
    act(() => jest.advanceTimersByTime(20_000));
    setVisibility('hidden');
    act(() => jest.advanceTimersByTime(10 * 60_000));
    expect(callback).not.toHaveBeenCalled();

    setVisibility('visible');
    act(() => jest.advanceTimersByTime(29_999));
    expect(callback).not.toHaveBeenCalled();
    act(() => jest.advanceTimersByTime(1));
    expect(callback).toHaveBeenCalledTimes(1);
  });

  it('does not start while the tab is hidden at mount', () => {
    setVisibility('hidden');
    const callback = jest.fn();
    renderHook(() => usePolling(callback, 1000));
    act(() => jest.advanceTimersByTime(10_000));
    expect(callback).not.toHaveBeenCalled();
  });

  it('is off for a 0 interval and stops on unmount', () => {
    const off = jest.fn();
    renderHook(() => usePolling(off, 0));
    const stopped = jest.fn();
    const { unmount } = renderHook(() => usePolling(stopped, 1000));
    act(() => jest.advanceTimersByTime(1000));
    expect(stopped).toHaveBeenCalledTimes(1);
    unmount();
    act(() => jest.advanceTimersByTime(10_000));
    expect(stopped).toHaveBeenCalledTimes(1);
    expect(off).not.toHaveBeenCalled();
  });

  it('calls the latest callback without restarting the timer', () => {
    const first = jest.fn();
    const second = jest.fn();
    const { rerender } = renderHook(({ cb }) => usePolling(cb, 1000), {
      initialProps: { cb: first },
    });
    act(() => jest.advanceTimersByTime(600));
    rerender({ cb: second });
    act(() => jest.advanceTimersByTime(400));
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
  });
});
