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
  return (key) => {
    const known = answers.get(key);
    if (known !== undefined || answers.has(key)) return known as V;
    const answer = compute(key);
    // A Map keeps insertion order, so its first key is the oldest answer.
    if (answers.size >= limit) answers.delete(answers.keys().next().value!);
    answers.set(key, answer);
    return answer;
  };
}
