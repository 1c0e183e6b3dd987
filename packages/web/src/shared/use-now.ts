import { useEffect, useState } from 'react';

/** The current time, re-rendered every `ms`: only for live clocks on screen, never to fetch data. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}
