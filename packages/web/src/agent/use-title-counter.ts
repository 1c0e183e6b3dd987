import { useEffect } from 'react';

/** "(3) Switchboard" in the browser tab while people wait, so a background tab still tells the agent. */
export function useTitleCounter(count: number): void {
  useEffect(() => {
    const original = document.title.replace(/^\(\d+\) /, '');
    document.title = count > 0 ? `(${count}) ${original}` : original;
    return () => {
      document.title = original;
    };
  }, [count]);
}
