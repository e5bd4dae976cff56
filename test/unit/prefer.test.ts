// The Prefer header (RFC 7240) as the API reads it: tokens, values, parameters, quoting, case,
// several headers, first occurrence wins, and `wait` in whole seconds with a cap.
import { parsePrefer, preferredWaitSeconds } from '../../src/api/prefer';

describe('parsePrefer', () => {
  it.each([
    [undefined, {}],
    ['', {}],
    ['respond-async', { 'respond-async': '' }],
    ['wait=10', { wait: '10' }],
    ['Wait = 10', { wait: '10' }],
    ['respond-async, wait=5', { 'respond-async': '', wait: '5' }],
    ['wait="7"', { wait: '7' }],
    ['handling=lenient; foo="a,b;c", wait=3', { handling: 'lenient', wait: '3' }],
    ['wait=1, wait=9', { wait: '1' }],
    ['return=minimal; wait=4', { return: 'minimal' }],
    ['wait 5, x=y', { x: 'y' }],
    ['title="a \\"quoted\\" word"', { title: 'a "quoted" word' }],
  ])('%p → %p', (header, expected) => {
    expect(Object.fromEntries(parsePrefer(header))).toEqual(expected);
  });

  it('reads every Prefer header, the first occurrence of a preference winning', () => {
    expect(Object.fromEntries(parsePrefer(['respond-async', 'wait=2', 'wait=8']))).toEqual({ 'respond-async': '', wait: '2' });
  });
});

describe('preferredWaitSeconds', () => {
  it.each([
    [undefined, null],
    ['respond-async', null],
    ['wait=3', 3],
    ['wait=10', 10],
    ['wait=11', 10],
    ['wait=99999999999999999999', 10],
    ['wait=0', null],
    ['wait=-1', null],
    ['wait=1.5', null],
    ['wait=soon', null],
    ['wait=', null],
    ['wait', null],
  ])('%p → %p (cap 10)', (header, expected) => {
    expect(preferredWaitSeconds(header, 10)).toBe(expected);
  });
});
