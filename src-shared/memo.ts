/**
 * A function's answers remembered per key, at most `limit` of them: past that, the
 * oldest answer is forgotten first, so a long-running process never holds more than
 * the bound however many different keys it sees.
 *
 * Keys and answers stay in this process's memory only; nothing here is ever written
 * anywhere. Several callers pass PHI (names, addresses), so keep it that way: no
 * persistence, no logging of the contents.
 */
export function boundedMemo<K, V>(compute: (key: K) => V, limit: number): (key: K) => V {
  const answers = new Map<K, V>();
  // The keys in the order they came, as a ring: once full, the slot filled next holds the
  // oldest. (Asking the Map for its first key instead walks past every entry deleted before
  // it: ~29 µs a miss once 50,000 are held, where a duplicate check meets many new names.)
  const order: K[] = [];
  let oldest = 0;
  return (key) => {
    const known = answers.get(key);
    if (known !== undefined || answers.has(key)) return known as V;
    const answer = compute(key);
    if (order.length < limit) order.push(key);
    else {
      answers.delete(order[oldest]!);
      order[oldest] = key;
      oldest = (oldest + 1) % limit;
    }
    answers.set(key, answer);
    return answer;
  };
}
