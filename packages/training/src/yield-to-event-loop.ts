/**
 * Lets the host run what is waiting (a Ctrl-C handler in Node, clicks and redraws in a page, messages in a
 * worker). setImmediate where it exists; elsewhere a MessageChannel message, which unlike setTimeout(0) is not
 * throttled to 4 ms after a few nested calls, nor to 1 s in a background tab.
 */
export function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => void }).setImmediate;
  if (immediate) return new Promise((resolve) => immediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
