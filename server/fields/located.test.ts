import { describe, expect, it } from 'vitest';
import { locateJson } from './located';

describe('locateJson', () => {
  it('a path that is not in the file is placed at the nearest part that is', () => {
    const json = locateJson('{\n  "a": {\n    "b": 1\n  }\n}');
    expect(json.at(['a', 'c'], 'm')).toEqual({ path: 'a.c', line: 2, column: 3, message: 'm' });
    expect(json.at(['a', 'b'], 'm')).toMatchObject({ line: 3, column: 5 });
    expect(json.at([], 'm')).toMatchObject({ line: 1, column: 1 });
  });
});
