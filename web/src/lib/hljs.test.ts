import { describe, expect, it } from 'vitest';
import { normalizeLang } from './highlight';
import { highlight } from './hljs';

// One typical line per language agents write most, fenced the way models tag them.
const SAMPLES: [fence: string, code: string, token: string][] = [
  ['python', 'def add(a, b):\n    return a + b  # sum', 'hljs-keyword'],
  ['py', 'import os', 'hljs-keyword'],
  ['js', 'const x = "hi";', 'hljs-string'],
  ['typescript', 'let n: number = 42;', 'hljs-number'],
  ['tsx', 'export function A() { return null; }', 'hljs-keyword'],
  ['bash', 'echo "$HOME" # where', 'hljs-comment'],
  ['sh', 'if [ -f x ]; then ls; fi', 'hljs-keyword'],
  ['json', '{"a": 1, "b": true}', 'hljs-attr'],
  ['java', 'public class A { int x = 1; }', 'hljs-keyword'],
  ['go', 'func main() { fmt.Println("x") }', 'hljs-string'],
  ['rust', 'fn main() { let v = vec![1]; }', 'hljs-keyword'],
  ['sql', 'SELECT id FROM users WHERE id = 1;', 'hljs-keyword'],
  ['yaml', 'name: poco\nreplicas: 3', 'hljs-attr'],
  ['html', '<div class="a">x</div>', 'hljs-tag'],
  ['css', '.a { color: red; }', 'hljs-selector-class'],
  ['diff', '- old\n+ new', 'hljs-addition'],
  ['c', '#include <stdio.h>\nint main(void) { return 0; }', 'hljs-keyword'],
  ['cpp', 'std::vector<int> v;', 'hljs-type'],
  ['kotlin', 'fun main() = println("x")', 'hljs-keyword'],
  ['dockerfile', 'FROM node:22\nRUN npm ci', 'hljs-keyword'],
];

describe('code highlighting', () => {
  it.each(SAMPLES)('highlights %s', (fence, code, token) => {
    const html = highlight(code, normalizeLang(fence));
    expect(html).not.toBeNull();
    expect(html).toContain(`class="${token}`);
  });

  it('escapes the code and leaves unknown languages plain', () => {
    expect(highlight('<script>alert(1)</script>', 'plaintext')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(highlight('x', 'no-such-language')).toBeNull();
  });
});
